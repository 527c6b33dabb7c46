"""The pages' edge for `ParleyError`: a refusal no view handled itself becomes an error page with its
HTTP status and message, never a traceback. `NotFound` renders exactly like any other 404."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import NotFound, ParleyError, http_status


class ParleyErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, NotFound):
            raise Http404(exc.message) from exc  # Django's own 404 handling and template
        if isinstance(exc, ParleyError):
            context = {"message": exc.message, "code": exc.code}
            return render(request, "error.html", context, status=http_status(exc.code))
        return None
