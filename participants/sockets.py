"""Who a room socket belongs to, decided once per handshake.

Three rules a page gets from three HTTP middlewares apply to a WebSocket handshake too: the session's
user (Channels' AuthMiddleware), two-factor sign-in (a facilitator or liaison, or anyone with an
authenticator, whose session was not verified with a device reaches the room as signed out, close code
4401; pages get this from TwoFactorMiddleware) and the interface language (error frames read in the
person's language). They are one middleware here, running its queries in one trip to `core.threads`:
Channels' `database_sync_to_async` runs every socket of the process on one shared thread, so a storm of
connects queued behind each other there, three round trips each.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.http import HttpRequest
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from core.threads import db

from .language import user_language
from .two_factor import is_enrolled, required_roles


def socket_satisfied(user: User, session: Any) -> bool:
    """Verified with one of the person's confirmed devices, or neither enrolled nor required to be."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if persistent_id:
        device = Device.from_persistent_id(persistent_id)
        if device is not None and device.user_id == user.pk and device.confirmed:
            return True
    return not is_enrolled(user) and not required_roles(user)


def socket_language(scope: Any, user: AbstractBaseUser | AnonymousUser) -> str:
    """The language a page would be in for this handshake: the person's own choice, else the language
    cookie, else the browser's Accept-Language (what LocaleMiddleware reads, from a stand-in request)."""
    chosen = user_language(user)
    if chosen:
        return chosen
    request = HttpRequest()
    request.COOKIES = dict(scope.get("cookies") or {})
    for name, value in scope.get("headers") or []:
        if name == b"accept-language":
            request.META["HTTP_ACCEPT_LANGUAGE"] = value.decode("latin-1")
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def socket_sign_in(scope: Any) -> tuple[AbstractBaseUser | AnonymousUser, str]:
    """The handshake's user (anonymous unless signed in with every factor it needs) and language."""
    session = scope.get("session")
    # Django's own session check (backend, auth hash, key fallbacks) reads only `request.session`.
    user = get_user(SimpleNamespace(session=session)) if session is not None else AnonymousUser()  # type: ignore[arg-type]
    if isinstance(user, User) and user.is_authenticated and not socket_satisfied(user, session):
        user = AnonymousUser()
    return user, socket_language(scope, user)


class _SignIn:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        user, language = await db(socket_sign_in)(scope)
        with translation.override(language):
            return await self.inner({**scope, "user": user}, receive, send)


def SocketSignInStack(inner: Any) -> Any:
    """Cookies, the session, then the sign-in above: what `AuthMiddlewareStack` plus the two-factor
    and language rules were, in one database trip."""
    return CookieMiddleware(SessionMiddleware(_SignIn(inner)))
