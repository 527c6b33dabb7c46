"""The room's language control: remember the language a person reads rooms in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.types import AuthedRequest

from ..reading import reading_language_set


@login_required
@require_POST
def reading_language(request: AuthedRequest) -> HttpResponse:
    # A bad code raises ParleyError("invalid"): the pages' error edge shows it, nothing is stored.
    reading_language_set(user_id=request.user.pk, language=request.POST.get("language", ""))
    if request.headers.get("X-Requested-With") == "fetch":  # the room page's script: it re-renders itself
        return HttpResponse(status=204)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
