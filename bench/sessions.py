"""Logged-in Django sessions for load users, written in bulk (run inside a Django process).

Each row is what `django.contrib.auth.login` stores: the user id, the backend and the session hash of
the password, so `AuthMiddlewareStack` resolves the user exactly as for a browser that logged in.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from participants.accounts import stored_username

BACKEND = "participants.accounts.SealedModelBackend"


def cookies_for(usernames: list[str]) -> list[str]:
    """A `Cookie` header value per username, in the same order."""
    # auth_user holds a keyed hash of each login name (participants/accounts.py): look them up by it.
    stored = {stored_username(name): name for name in usernames}
    users = {stored[u.get_username()]: u for u in get_user_model().objects.filter(username__in=stored)}
    missing = [name for name in usernames if name not in users]
    if missing:
        raise LookupError(f"no such users: {missing[:5]}")
    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    rows, cookies = [], []
    for name in usernames:
        user = users[name]
        key = get_random_string(32)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={key}")
    Session.objects.bulk_create(rows, batch_size=1000)
    return cookies
