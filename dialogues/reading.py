"""The language each person reads rooms in (docs/interpretation.md): a write and two reads.

A reader sees an interpreter's rendering into their language instead of the original, which stays one
click away. Without a stored choice a reader reads in their interface language.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import ParleyError

from . import languages
from .choices import ROOM_ROLES, Role
from .models import Membership, ReadingLanguage


def reading_language_set(*, user_id: int, language: str) -> str:
    if not languages.is_supported(language):
        raise ParleyError("invalid", _("Rooms cannot be read in that language here."))
    with transaction.atomic():
        ReadingLanguage.objects.update_or_create(user_id=user_id, defaults={"language": language})
    return language


def interface_language() -> str:
    """The active interface language as a reading language (a regional variant reads as its language)."""
    code = (translation.get_language() or "").split("-")[0].lower()
    return code if languages.is_supported(code) else (languages.codes() or ("en",))[0]


def reading_language_of(user_id: int) -> str:
    stored = ReadingLanguage.objects.filter(user_id=user_id).values_list("language", flat=True).first()
    return stored if stored and languages.is_supported(stored) else interface_language()


def dialogue_reading_languages(dialogue_id: int) -> list[str]:
    """Languages the dialogue's readers chose, for the interpreters' "needs rendering into" marks."""
    readers = Membership.objects.filter(dialogue_id=dialogue_id, is_active=True, role__in=ROOM_ROLES).exclude(
        role=Role.INTERPRETER
    )
    chosen = set(
        ReadingLanguage.objects.filter(user_id__in=readers.values("user_id")).values_list(
            "language", flat=True
        )
    )
    return [code for code in languages.codes() if code in chosen]
