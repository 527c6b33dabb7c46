"""Shared plumbing of the HTTP API at /api/v1/, below every app: the error schema documented on every
operation, scope checks, and the mapping of errors to JSON responses.

Every error is JSON `{"error": {"code", "message"}}` with a stable code (`core.errors`); a resource you
may not see is `not_found`, exactly like one that does not exist. `config/api.py` builds the API from
this and the apps' routers; the apps import from here, never from `config`.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .errors import NotFound, ParleyError, http_status

log = logging.getLogger(__name__)


class ErrorBody(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorBody


NOT_AUTHENTICATED = "Log in, or send a valid API token as `Authorization: Bearer`."
# Documented on every operation: what any of them may answer besides success.
ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


class _Scoped(Protocol):
    scopes: list[str]


def require_scope(request: HttpRequest, scope: str) -> None:
    """Tokens carry scopes; a browser session (no scopes) may do whatever the person may do."""
    auth: _Scoped | None = getattr(request, "auth", None)
    scopes = getattr(auth, "scopes", None)
    if scopes is not None and scope not in scopes:
        raise ParleyError(
            "insufficient_scope", gettext("This token lacks the “%(scope)s” scope.") % {"scope": scope}
        )


def api_user(request: HttpRequest) -> User:
    """The caller's account: every operation requires authentication, by token or session."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise ParleyError("not_authenticated", NOT_AUTHENTICATED)
    return user


def install_edge(api: NinjaAPI) -> None:
    """Run every operation in one transaction and map every exception it can raise to a JSON error.

    The transaction wraps the operation's function (after authentication and validation, so a failed
    login attempt is still counted by the throttle): an error raised anywhere in it rolls back all its
    writes, so an error response, whatever its status, always means nothing was changed.
    """
    api.add_decorator(transaction.atomic)

    def error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
        body = {"error": {"code": code, "message": message, **extra}}
        return api.create_response(request, body, status=status)

    @api.exception_handler(ParleyError)
    def _parley(request: HttpRequest, exc: ParleyError) -> HttpResponse:
        return error(request, http_status(exc.code), exc.code, exc.message)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error(request, 401, "not_authenticated", NOT_AUTHENTICATED)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(request, 404, "not_found", NotFound().message)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error(request, 403, "forbidden", str(exc) or "You may not do that.")

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [{"loc": list(e.get("loc", [])), "message": str(e.get("msg", ""))} for e in exc.errors]
        return error(request, 422, "invalid", "The request is not valid.", details=details)

    @api.exception_handler(DjangoValidationError)
    def _invalid_domain(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return error(request, 422, "invalid", " ".join(exc.messages))

    @api.exception_handler(RequestDataTooBig)
    def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error(request, 413, "too_large", "The request body is too large.")

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {
            400: "bad_request",
            403: "csrf_failed" if "CSRF" in str(exc) else "forbidden",
            405: "method_not_allowed",
        }
        return error(request, exc.status_code, code.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(Exception)
    def _internal(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s %s", request.method, request.path)
        message = "The server could not complete the request; nothing was changed."
        return error(request, 500, "internal", message)
