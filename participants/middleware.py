"""Show times in each person's own zone; track sessions; hold back sessions that owe a second factor."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext


class UserTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tzname = "UTC"
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = getattr(user, "profile", None)
            if profile is not None and profile.timezone:
                tzname = profile.timezone
        try:
            timezone.activate(zoneinfo.ZoneInfo(tzname))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo("UTC"))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class UserLanguageMiddleware:
    """A signed-in person's own language (their profile) wins over the cookie and the browser's
    Accept-Language, which LocaleMiddleware, running before the user is known, has already applied."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        from .language import user_language

        user = getattr(request, "user", None)
        language = user_language(user) if user is not None else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class SessionTrackingMiddleware:
    """Keeps each signed-in session's "last seen" for the person's list of sessions (at most one write
    a minute per session; see participants.sessions)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .sessions import session_touch

        if hasattr(request, "session") and hasattr(request, "user"):
            session_touch(request)
        return self.get_response(request)


# Pages a signed-in person may reach before finishing two-factor sign-in: signing in and out, the code
# and enrolment pages, password reset. The API decides for itself (participants.api_auth.SessionAuth).
TWO_FACTOR_EXEMPT = {
    "login",
    "logout",
    "login_verify",
    "two_factor",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    # Choosing the language of the page one is on, and the scripts' catalog: needed on the code page too.
    "language",
    "javascript-catalog",
}


class TwoFactorMiddleware:
    """A signed-in session that has not satisfied two-factor sign-in is sent to the code page (the
    person has an authenticator) or to enrolment (their role requires one). Sessions signed in through
    the login page are already verified; this catches the rest: a role gained later, an invitation
    sign-up, a session from before the person enrolled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.http import urlencode

        from . import two_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.url_name in TWO_FACTOR_EXEMPT or match.namespace == "api":
            return None
        verified = getattr(user, "is_verified", None)
        if verified is not None and verified():
            return None
        query = "?" + urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        if two_factor.is_enrolled(user):
            return redirect(reverse("login_verify") + query)
        if two_factor.required_roles(user):
            messages.warning(
                request,
                gettext("Your role requires two-factor sign-in. Set up an authenticator app to continue."),
            )
            return redirect(reverse("two_factor") + query)
        return None
