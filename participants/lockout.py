"""The lockout page: what a person sees after too many failed sign-in attempts (django-axes calls
`lockout_response` through AXES_LOCKOUT_CALLABLE), too many password-reset requests or too many wrong
codes. One readable page with status 429 that says when to try again; never a bare 403."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext


def _login_cooloff_ends() -> datetime:
    # Every attempt while locked out counts again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so
    # the lock ends one cool-off period after this attempt.
    from axes.helpers import get_cool_off

    return timezone.now() + (get_cool_off() or settings.AXES_COOLOFF_TIME)


def locked_out_page(request: HttpRequest, *, until: datetime, what: str) -> HttpResponse:
    minutes = max(1, int((until - timezone.now()).total_seconds() + 59) // 60)
    context = {"until": until, "minutes": minutes, "what": what}
    return render(request, "registration/locked_out.html", context, status=429)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lockout page for people, JSON for the API (which has no password
    login, but a client may post to the login form with a JSON Accept header)."""
    until = _login_cooloff_ends()
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        minutes = max(1, int((until - timezone.now()).total_seconds() + 59) // 60)
        message = f"Too many failed sign-in attempts. Try again in {minutes} minutes."
        return JsonResponse({"error": {"code": "locked_out", "message": message}}, status=429)
    return locked_out_page(request, until=until, what=gettext("failed sign-in attempts"))


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username as axes records it, cut to what the account model allows.
    Django's login form lets a 5,000-character username through to authenticate(), and axes would store
    it in a 255-character column (a database error on PostgreSQL); a NUL byte cannot be stored at all."""
    value = credentials.get("username") if credentials else None
    if value is None and request is not None:
        value = request.POST.get("username")
    if value is None:
        return None
    from .accounts import stored_username

    # Recorded as the keyed hash auth_user holds (participants/accounts.py): axes' table and its log
    # lines name no one, and the code step (which passes the stored value) counts on the same row.
    return stored_username(str(value).replace("\x00", "")[:150])
