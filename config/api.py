"""The HTTP API at /api/v1/ (Django Ninja): authentication, errors, and the routers of each app.

Django Ninja rather than Django REST framework: typed request/response schemas (Pydantic) give the
OpenAPI document for free and keep each operation a small typed function calling our selectors and
services, without serializers and viewsets beside them.

Authentication: `Authorization: Bearer prl_…` personal tokens for systems (scoped), or the Django session
for the browser (with CSRF on unsafe methods). Tokens are never accepted in a URL. Every error is JSON
`{"error": {"code", "message"}}` with a stable code; a resource you may not see is `not_found`, exactly
like one that does not exist.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from participants.models import ApiToken
from participants.tokens import TokenError, token_authenticate, token_burn

log = logging.getLogger(__name__)

URL_TOKEN_PARAMS = ("token", "access_token", "api_key", "apikey", "key", "auth")


class ErrorBody(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorBody


# Documented on every operation: what any of them may answer besides success.
ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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
            raise ApiError(
                400, "token_in_url", "Send API tokens in the Authorization header, never in the URL." + extra
            )


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        _refuse_tokens_in_url(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        try:
            found = token_authenticate(token)
        except TokenError as exc:
            raise ApiError(401, exc.code, exc.message) from None
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
        return user if user.is_authenticated and user.is_active else None


def require_scope(request: HttpRequest, scope: str) -> None:
    """Tokens carry scopes; a browser session may do whatever the person may do."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken) and scope not in auth.scopes:
        raise ApiError(403, "insufficient_scope", f"This token lacks the “{scope}” scope.")


api = NinjaAPI(
    title="Parley API",
    version="1",
    description="Dialogues, sessions, agendas and invitations for facilitators; released summaries, "
    'exports and uptake for government liaisons. Errors are `{"error": {"code", "message"}}`.',
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"error": {"code": code, "message": message, **extra}}, status=status)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, "not_authenticated", "Log in, or send a valid API token as `Authorization: Bearer`."
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "You may not do that.")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [{"loc": list(e.get("loc", [])), "message": str(e.get("msg", ""))} for e in exc.errors]
    return _error(request, 422, "invalid", "The request is not valid.", details=details)


@api.exception_handler(DjangoValidationError)
def _invalid_domain(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", " ".join(exc.messages))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {
        400: "bad_request",
        403: "csrf_failed" if "CSRF" in str(exc) else "forbidden",
        405: "method_not_allowed",
    }
    return _error(request, exc.status_code, code.get(exc.status_code, "error"), str(exc))


@api.exception_handler(Exception)
def _internal(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, "internal", "The server could not complete the request; nothing was changed.")


def _register() -> None:
    from dialogues.api import router as dialogues_router
    from facilitation.api import router as summaries_router
    from participants.api import router as me_router

    api.add_router("/", me_router)
    api.add_router("/", dialogues_router)
    api.add_router("/", summaries_router)


_register()
