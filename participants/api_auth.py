"""How the HTTP API knows who is calling: a personal token (`Authorization: Bearer prl_…`, scoped) for
systems, or the browser's Django session (CSRF-checked on unsafe methods). Tokens are never accepted in
a URL: one found there is burned, because URLs end up in logs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.security import APIKeyCookie, HttpBearer

from core.errors import ParleyError

from . import throttle, two_factor
from .models import ApiToken
from .tokens import PREFIX, TokenError, token_authenticate, token_burn

URL_TOKEN_PARAMS = ("token", "access_token", "api_key", "apikey", "key", "auth")


def _refuse_tokens_in_url(request: HttpRequest) -> None:
    for name in URL_TOKEN_PARAMS:
        value = request.GET.get(name)
        if value:
            burned = value.startswith("prl_") and token_burn(value)
            extra = (
                " That token has been revoked, because URLs end up in logs; create a new one."
                if burned
                else ""
            )
            raise ParleyError(
                "token_in_url", "Send API tokens in the Authorization header, never in the URL." + extra
            )


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        _refuse_tokens_in_url(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        # Wrong tokens are counted per client address and per token prefix in the database, shared by
        # every server process; past the limit every attempt is refused (429) until the window ends.
        source = throttle.client_ip(request)
        prefix = token[: len(PREFIX) + 6]
        waits = (throttle.locked_until("token_ip", source), throttle.locked_until("token_prefix", prefix))
        until = max((t for t in waits if t is not None), default=None)
        if until is not None:
            raise throttle.locked_out_error(until, gettext("failed API token attempts"))
        try:
            found = token_authenticate(token)  # TokenError: invalid_token / token_expired, both 401
        except TokenError as exc:
            if exc.code == "invalid_token":
                throttle.hit("token_ip", source)
                throttle.hit("token_prefix", prefix)
            raise
        request.user = found.user
        return found


class SessionAuth(APIKeyCookie):
    """The browser's Django session (CSRF-checked by the base class on unsafe methods)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        _refuse_tokens_in_url(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None
        if not two_factor.session_satisfied(request):
            raise ParleyError(
                "two_factor_required",
                gettext("Finish signing in with your second factor (or set one up) in the browser first."),
            )
        return user
