from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.errors import NotFound, ParleyError

PRIVATE = "private, no-store"


def to_text(text_id: int) -> HttpResponse:
    return redirect("singletext:text", text_id)


def attempt(
    request: HttpRequest, action: Callable[[], str], back: Callable[[], HttpResponse]
) -> HttpResponse:
    """Run a service; its refusal (other than NotFound) becomes a message on the page it came from."""
    try:
        done = action()
    except NotFound:
        raise
    except ParleyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return back()
