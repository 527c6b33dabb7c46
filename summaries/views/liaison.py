"""The liaison portal (reading page, downloads, uptake) and the facilitator's handoff log. Thin:
permission via summaries.liaison.selectors (404 for anyone who may not see the page, exactly like a
missing one), writes via its services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.errors import NotFound, http_status
from core.types import AuthedRequest

from .. import exports
from ..access import ReaderAccess, access_handoff_log, access_release, access_uptake
from ..liaison import selectors, services
from ..liaison.downloads import DOWNLOADS, download_response
from ..liaison.proposals import proposals_of
from ..models import ReleaseAccess, Uptake

PRIVATE = "private, no-store"


class UptakeForm(forms.Form):
    proposal_key = forms.CharField(max_length=40, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Uptake.Status.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=services.MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Seen by the facilitators of this dialogue, not by other liaisons."),
    )


def _read_context(request: AuthedRequest, access: ReaderAccess, **extra: Any) -> dict[str, Any]:
    version = access.version
    session = version.session
    mine = selectors.uptake_for_session(session=session, liaison=request.user if access.is_liaison else None)
    proposals = [
        {
            "proposal": p,
            "history": mine.get(p.key, []),
            "latest": selectors.latest_per_liaison(mine.get(p.key, [])),
        }
        for p in proposals_of(version.body)
    ]
    return {
        "access": access,
        "version": version,
        "session": session,
        "dialogue": session.dialogue,
        "release": selectors.release_of(version),
        "meta": exports.export_meta(version),
        "body_html": exports.body_html(version.body),
        "proposals": proposals,
        "statuses": Uptake.Status.choices,
        "downloads": DOWNLOADS,
        **extra,
    }


@login_required
@require_GET
def read(request: AuthedRequest, version_id: int) -> HttpResponse:
    access = access_release(user=request.user, version_id=version_id)
    services.access_record(access=access, kind=ReleaseAccess.Kind.READ)
    response = render(request, "summaries/liaison/read.html", _read_context(request, access))
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_GET
def download(request: AuthedRequest, version_id: int, fmt: str) -> HttpResponse:
    access = access_release(user=request.user, version_id=version_id)
    if fmt not in DOWNLOADS:
        raise NotFound
    return download_response(access=access, fmt=fmt)


@login_required
@require_POST
def uptake(request: AuthedRequest, version_id: int) -> HttpResponse:
    access = access_release(user=request.user, version_id=version_id, to_record_uptake=True)
    form = UptakeForm(request.POST)
    key = request.POST.get("proposal_key", "")
    status = 400
    if form.is_valid():
        try:
            services.uptake_record(access=access, **form.cleaned_data)
        except services.UptakeError as exc:
            form.add_error(None, exc.message)
            status = 409 if http_status(exc.code) == 409 else 400
        else:
            messages.success(request, gettext("Your response was recorded. The facilitators will see it."))
            return redirect(reverse("liaison:read", args=[version_id]) + f"#{key}")
    context = _read_context(request, access, form=form, form_key=key)
    return render(request, "summaries/liaison/read.html", context, status=status)


@login_required
@require_GET
def handoff(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_handoff_log(user=request.user, dialogue_id=dialogue_id)
    log = selectors.handoff_log(dialogue=membership.dialogue)
    context = {"dialogue": membership.dialogue, "log": log, "membership": membership}
    return render(request, "summaries/liaison/handoff.html", context)


@login_required
@require_POST
def uptake_agenda(request: AuthedRequest, uptake_id: int) -> HttpResponse:
    row = access_uptake(user=request.user, uptake_id=uptake_id)
    try:
        item = services.uptake_to_agenda(uptake=row, note=request.POST.get("note", ""))
    except services.UptakeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            gettext("Added to the agenda of “%(title)s”: %(title2)s")
            % {"title": item.session.title, "title2": item.title},
        )
    return redirect(reverse("liaison:handoff", args=[row.version.session.dialogue_id]) + f"#uptake-{row.pk}")
