"""A released text as the dialogue's liaisons (and facilitators) read it, and uptake per clause."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from core.errors import NotFound, ParleyError
from core.headers import allow_template_styles
from core.types import AuthedRequest

from .. import exports, selectors, services
from ..access import access_release
from ..forms import UptakeForm
from ..models import ClauseUptake
from .common import PRIVATE, attempt


@login_required
@require_GET
def released(request: AuthedRequest, release_id: int) -> HttpResponse:
    access = access_release(user=request.user, release_id=release_id)
    services.release_read(access=access, user=request.user)
    uptakes = defaultdict(list)
    rows = ClauseUptake.objects.filter(release=access.release)
    if access.is_liaison:
        rows = rows.filter(liaison=request.user)
    for row in rows.select_related("liaison", "liaison__profile"):
        uptakes[row.clause].append(row)
    clauses = [
        {**c, "uptakes": uptakes.get(c["number"], [])} for c in selectors.release_clauses(access.release)
    ]
    context = {
        "access": access,
        "release": access.release,
        "text": access.release.text,
        "dialogue": access.release.text.dialogue,
        "clauses": clauses,
        "k": selectors.k_min(),
        "statuses": ClauseUptake.Status.choices,
        "formats": exports.FORMATS,
    }
    response = render(request, "singletext/released.html", context)
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_POST
def uptake(request: AuthedRequest, release_id: int) -> HttpResponse:
    access = access_release(user=request.user, release_id=release_id, to_record_uptake=True)
    form = UptakeForm(request.POST)

    def record() -> str:
        if not form.is_valid():
            raise ParleyError("invalid", gettext("Choose what happened to the clause."))
        d = form.cleaned_data
        services.uptake_record(
            access=access, user=request.user, clause=d["clause"], status=d["status"], comment=d["comment"]
        )
        return "Your response was recorded."

    return attempt(request, record, lambda: redirect("singletext:released", release_id))


@login_required
@require_GET
def download(request: AuthedRequest, release_id: int, fmt: str) -> HttpResponse:
    access = access_release(user=request.user, release_id=release_id)
    if fmt not in exports.FORMATS:
        raise NotFound
    body = exports.render_release(access.release, fmt)
    services.release_downloaded(access=access, user=request.user, fmt=fmt)
    response = HttpResponse(body, content_type=exports.FORMATS[fmt][0])
    name = exports.export_filename(access.release.text, fmt).replace("single-text-", "released-text-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = PRIVATE
    if fmt == "html":  # a standalone document keeps its own <style> (allowed by hash), nothing else inline
        allow_template_styles(response, "singletext/export_release.html")
    return response
