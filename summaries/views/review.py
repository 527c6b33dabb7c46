"""Facilitator actions around a draft: gate decisions, the participants' read-back window and its
flags, and rapporteur notes. Thin: access, then one service, then back to the page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ParleyError
from core.types import AuthedRequest

from .. import readback, services
from ..access import access_session_summaries, access_version
from ..gate import gate_decide
from ..models import RapporteurNotes
from ..notes import NotesError, decode_notes, parse_notes

MAX_NOTES_BYTES = 2_000_000


@login_required
@require_POST
def decide(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = access_version(user=request.user, version_id=version_id)
    try:
        gate_decide(
            version=version,
            key=request.POST.get("key", ""),
            reason=request.POST.get("reason", ""),
            user=request.user,
        )
    except ParleyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, gettext("Decision recorded; the approver sees it with your name and reason.")
        )
    return redirect("summaries:summary", version.pk)


@login_required
@require_POST
def read_back_open(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = access_version(user=request.user, version_id=version_id)
    try:
        hours = int(request.POST.get("hours", ""))
    except ValueError:
        messages.error(request, gettext("Give the window in whole hours."))
        return redirect("summaries:summary", version.pk)
    try:
        read_back = readback.readback_open(version=version, hours=hours, user=request.user)
    except ParleyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("Participants can read this draft and flag lines until %(closes_at)s UTC.")
            % {"closes_at": f"{read_back.closes_at:%d %B %Y, %H:%M}"},
        )
    return redirect("summaries:summary", version.pk)


@login_required
@require_POST
def flag_resolve(request: AuthedRequest, flag_id: int) -> HttpResponse:
    flag = readback.access_flag(user=request.user, flag_id=flag_id)
    try:
        readback.readback_resolve(flag=flag, resolution=request.POST.get("resolution", ""), user=request.user)
    except ParleyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Flag resolved."))
    back = request.POST.get("version", "")
    if back.isdigit():  # the page the facilitator was on, if it is a version of the same session
        target = access_version(user=request.user, version_id=int(back))
        if target.session_id == flag.read_back.version.session_id:
            return redirect("summaries:summary", target.pk)
    return redirect("summaries:summary", flag.read_back.version_id)


class NotesForm(forms.Form):
    notes = forms.FileField(
        help_text=gettext_lazy(
            "Plain UTF-8 text: '## ' starts an agenda item, 'Name: text' is a contribution, "
            "PROPOSAL: / AGREEMENT: / DISAGREEMENT: / ACTION: / QUESTION: lines are outcomes."
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def notes_upload(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session_summaries(user=request.user, session_id=session_id)
    form = NotesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["notes"]
        try:
            if upload.size > MAX_NOTES_BYTES:
                raise NotesError(gettext("The notes are larger than 2 MB; split them by session."))
            text = decode_notes(upload.read())
            parse_notes(text)  # refuse notes that cannot be read before storing them
        except NotesError as exc:
            form.add_error("notes", str(exc))
        else:
            RapporteurNotes.objects.create(session=session, text=text, uploaded_by=request.user)
            version = services.summary_request(session_id=session.pk, requested_by_id=request.user.pk)
            messages.success(request, gettext("Notes uploaded; the draft is being compiled from them."))
            return redirect("summaries:summary", version.pk)
    context = {"session": session, "dialogue": session.dialogue, "form": form}
    return render(request, "summaries/notes.html", context, status=400 if form.errors else 200)
