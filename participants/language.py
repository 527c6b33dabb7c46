"""Each person's interface language (issue 17; docs/i18n.md).

A signed-in person's choice is stored on their profile, so it follows them to every browser; anyone's
choice is also kept in Django's language cookie, so the login page of that browser speaks it too. An
empty `Profile.language` means "whatever the browser asks for" (Accept-Language, via LocaleMiddleware).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ParleyError

from .models import Profile
from .services import profile_ensure


def supported(code: str) -> bool:
    return code in {c for c, _name in settings.LANGUAGES}


def user_language(user: AbstractBaseUser | AnonymousUser) -> str:
    """The signed-in person's chosen language, or "" to follow the browser."""
    if not user.is_authenticated:
        return ""
    # The profile relation, not a query: the time-zone middleware has usually loaded it already.
    profile: Profile | None = getattr(user, "profile", None)
    language = profile.language if profile is not None else ""
    return language if language and supported(language) else ""


def language_set(*, user: AbstractBaseUser | AnonymousUser, language: str) -> str:
    """Validate a language code and, for a signed-in person, store it on their profile."""
    if not supported(language):
        raise ParleyError("invalid", _("This language is not available."))
    if isinstance(user, User):
        with transaction.atomic():
            profile = profile_ensure(user)
            profile.language = language
            profile.save(update_fields=["language"])
    return language
