"""A person's signed-in sessions: the list on their profile page and "sign out everywhere".

Sessions live in the database (Django's db session engine), shared by every web replica, so deleting a
person's session rows signs them out on every server. A `LoginSession` row is written at sign-in
(`user_logged_in`) and touched at most once a minute by `SessionTrackingMiddleware`; a session signed in
before tracking existed is adopted on its next request. Open room sockets are closed through
`dialogues.revocation.user_revoked`, on commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from dialogues.revocation import user_revoked

from .models import LoginSession

TOUCH_EVERY = timedelta(seconds=60)
SEEN_KEY = "parley_seen"


def _user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:300]


def session_record(request: HttpRequest, user: Any) -> None:
    """At sign-in (the session key has just been cycled): remember this session for the person."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key or not getattr(user, "pk", None):
        return
    now = timezone.now()
    LoginSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user_id": user.pk,
            "user_agent": _user_agent(request),
            "created_at": now,
            "last_seen_at": now,
        },
    )
    request.session[SEEN_KEY] = now.timestamp()


def session_forget(request: HttpRequest) -> None:
    """At sign-out: the row goes with the session."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        LoginSession.objects.filter(session_key=key).delete()


def session_touch(request: HttpRequest) -> None:
    """Once a minute per session: last seen, and adopt a session signed in before tracking existed."""
    user = request.user
    session = request.session
    if not user.is_authenticated or not session.session_key:
        return
    now = timezone.now()
    seen = session.get(SEEN_KEY)
    if isinstance(seen, (int, float)) and now.timestamp() - seen < TOUCH_EVERY.total_seconds():
        return
    updated = LoginSession.objects.filter(session_key=session.session_key, user_id=user.pk).update(
        last_seen_at=now
    )
    if not updated:
        try:
            with transaction.atomic():
                LoginSession.objects.filter(session_key=session.session_key).delete()
                LoginSession.objects.create(
                    session_key=session.session_key,
                    user_id=user.pk,
                    user_agent=_user_agent(request),
                    created_at=now,
                    last_seen_at=now,
                )
        except IntegrityError:
            pass  # another request of this session adopted it first
    session[SEEN_KEY] = now.timestamp()


@dataclass(frozen=True)
class SessionRow:
    id: int
    device: str
    user_agent: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def describe_user_agent(ua: str) -> str:
    """'Firefox on Windows': enough to recognise one's own devices, from the User-Agent alone."""
    if not ua:
        return "Unknown device"
    browser = next(
        (
            name
            for pattern, name in (
                (r"Edg/", "Edge"),
                (r"OPR/|Opera", "Opera"),
                (r"Firefox/", "Firefox"),
                (r"Chrome/|Chromium/|CriOS/", "Chrome"),
                (r"Safari/", "Safari"),
                (r"curl/", "curl"),
                (r"python-requests|python-httpx|Python-urllib", "Python script"),
            )
            if re.search(pattern, ua)
        ),
        "Browser",
    )
    system = next(
        (
            name
            for pattern, name in (
                (r"iPhone|iPad|iPod", "iOS"),
                (r"Android", "Android"),
                (r"Windows", "Windows"),
                (r"Mac OS X|Macintosh", "macOS"),
                (r"CrOS", "ChromeOS"),
                (r"Linux", "Linux"),
            )
            if re.search(pattern, ua)
        ),
        "",
    )
    return f"{browser} on {system}" if system else browser


def sessions_for(*, user: User, current_key: str | None) -> list[SessionRow]:
    """The person's live sessions, most recently seen first; rows of ended sessions are dropped."""
    rows = list(LoginSession.objects.filter(user=user))
    live = set(
        Session.objects.filter(
            session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    dead = [r.pk for r in rows if r.session_key not in live]
    if dead:
        LoginSession.objects.filter(pk__in=dead).delete()
    return [
        SessionRow(
            id=r.pk,
            device=describe_user_agent(r.user_agent),
            user_agent=r.user_agent,
            created_at=r.created_at,
            last_seen_at=r.last_seen_at,
            current=r.session_key == current_key,
        )
        for r in sorted(rows, key=lambda r: r.last_seen_at, reverse=True)
        if r.session_key in live
    ]


def _untracked_keys_of(user: User) -> list[str]:
    """Live sessions of the person that no LoginSession row names (signed in before tracking existed,
    or made by tools): found by reading the untracked session rows."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return []
    tracked = LoginSession.objects.values("session_key")
    keys = []
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for s in (
        Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key__in=tracked).iterator()
    ):
        data = store.decode(s.session_data)
        if str(data.get("_auth_user_id", "")) == str(user.pk):
            keys.append(s.session_key)
    return keys


def sign_out_everywhere(*, user: User) -> int:
    """End every session of the person, on every server, and close their room sockets (on commit).
    Returns how many sessions ended."""
    engine = import_module(settings.SESSION_ENGINE)
    with transaction.atomic():
        keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
        keys += _untracked_keys_of(user)
        ended = 0
        store = engine.SessionStore()
        for key in keys:
            if store.exists(key):
                ended += 1
            store.delete(key)
        LoginSession.objects.filter(user=user).delete()
        user_revoked(user_id=user.pk, reason="signed_out")
    return ended


def _signed_in(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if request is not None:
        session_record(request, user)


def _signed_out(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        session_forget(request)


def connect() -> None:
    """Called from ParticipantsConfig.ready()."""
    user_logged_in.connect(_signed_in, dispatch_uid="parley-session-record")
    user_logged_out.connect(_signed_out, dispatch_uid="parley-session-forget")
