"""The room sockets' view of a sign-in: a session that has not finished its second factor is not signed in.

Pages get this from TwoFactorMiddleware; a WebSocket handshake never passes through it, so this ASGI
middleware (placed after Channels' session auth in config/asgi.py) applies the same rule: a facilitator
or liaison, or anyone with an authenticator, whose session was not verified with a device, reaches the
room as signed out (close code 4401).
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

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


class TwoFactorSocketMiddleware(BaseMiddleware):
    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        user = scope.get("user")
        if isinstance(user, User) and user.is_authenticated:
            if not await database_sync_to_async(socket_satisfied)(user, scope.get("session")):
                scope = {**scope, "user": AnonymousUser()}
        return await super().__call__(scope, receive, send)


def socket_language(scope: Any) -> str:
    """The language a page would be in for this handshake: the person's own choice, else the language
    cookie, else the browser's Accept-Language (what LocaleMiddleware reads, from a stand-in request)."""
    user = scope.get("user")
    chosen = user_language(user) if user is not None else ""
    if chosen:
        return chosen
    request = HttpRequest()
    request.COOKIES = dict(scope.get("cookies") or {})
    for name, value in scope.get("headers") or []:
        if name == b"accept-language":
            request.META["HTTP_ACCEPT_LANGUAGE"] = value.decode("latin-1")
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


class SocketLanguageMiddleware(BaseMiddleware):
    """A room's refusals and error frames read in the person's interface language: the language is
    active for the whole socket, which Django's contextvar-based translation carries into the
    database threads where services raise their messages. Placed after the session auth."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        language = await database_sync_to_async(socket_language)(scope)
        with translation.override(language):
            return await super().__call__(scope, receive, send)
