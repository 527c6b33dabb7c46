"""The header's language picker: anyone may choose, a signed-in person's choice is kept on the profile."""

from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..language import language_set


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    # A ParleyError (an unknown code) becomes the error page at core.middleware, nothing stored.
    chosen = language_set(user=request.user, language=request.POST.get("language", ""))
    # Back to the page the picker was on. It comes from the Referer (same-origin policy keeps it) rather
    # than a field in the page, so a page never echoes its own URL: two refusals stay byte-identical.
    target = request.POST.get("next") or request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("dialogues:home") if request.user.is_authenticated else reverse("login")
    translation.activate(chosen)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        chosen,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(Literal["Lax", "Strict", "None", False] | None, settings.LANGUAGE_COOKIE_SAMESITE),
    )
    return response
