"""One error type, shown at each edge: a page, the API and the room protocol all carry its code and
message; a `NotFound` looks exactly like any other 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from core.errors import NotFound, ParleyError, http_status
from core.middleware import ParleyErrorMiddleware


def _page(exc: Exception) -> HttpResponse:
    def view(request: HttpRequest) -> HttpResponse:
        raise exc

    request = RequestFactory().get("/anything/")
    request.user = AnonymousUser()
    handled = ParleyErrorMiddleware(view).process_exception(request, exc)
    assert handled is not None
    return handled


@pytest.mark.parametrize(
    ("code", "status"),
    [("already_on_agenda", 409), ("invalid", 422), ("forbidden", 403), ("something_new", 400)],
)
def test_a_refusal_no_view_handled_is_a_page_with_its_status_and_message(code: str, status: int) -> None:
    response = _page(ParleyError(code, "That item is already on the agenda & stays there."))
    assert response.status_code == status
    body = response.content.decode()
    assert "That item is already on the agenda &amp; stays there." in body  # escaped, never raw HTML
    assert "Nothing was changed." in body
    assert "Traceback" not in body


def test_not_found_is_the_ordinary_404() -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        _page(NotFound())
    assert http_status("not_found") == 404 and NotFound().code == "not_found"
