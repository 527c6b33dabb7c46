"""A dialogue's invitations, for its facilitators: invite one person or many (CSV, with a preview), resend
with a fresh link to copy, withdraw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ParleyError
from core.types import AuthedRequest
from dialogues.access import access_dialogue
from dialogues.choices import Role
from dialogues.models import Dialogue

from .. import bulk
from .. import selectors as people
from .. import services as people_services
from ..access import access_invitation
from ..forms import BulkInvitationForm, InvitationForm


def _page(request: AuthedRequest, dialogue: Dialogue, form: InvitationForm, **extra: Any) -> HttpResponse:
    context = {
        "dialogue": dialogue,
        "form": form,
        "invitations": people.invitations_for_dialogue(dialogue=dialogue),
    }
    return render(request, "participants/invitations.html", {**context, **extra})


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    dialogue = membership.dialogue
    form = InvitationForm(request.POST if request.method == "POST" else None, dialogue=dialogue)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            issued = people_services.invitation_create(
                dialogue=dialogue,
                email=d["email"],
                role=d["role"],
                party=d["party"],
                display_name=d["display_name"],
                created_by=request.user,
            )
        except ParleyError as exc:
            form.add_error("email", exc.message)
        else:
            # Rendered, not redirected: the link exists only now (only its hash is stored).
            messages.success(
                request, gettext("Invitation sent to %(email)s.") % {"email": issued.invitation.email}
            )
            return _page(request, dialogue, InvitationForm(dialogue=dialogue), issued=issued)
    return _page(request, dialogue, form)


@login_required
@require_POST
def invitation_resend(request: AuthedRequest, dialogue_id: int, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(user=request.user, invitation_id=invitation_id, dialogue_id=dialogue_id)
    try:
        issued = people_services.invitation_resend(invitation=invitation, by=request.user)
    except ParleyError as exc:
        messages.error(request, exc.message)
        return redirect("participants:invitations", dialogue_id)
    messages.success(
        request,
        gettext("A new link was sent to %(email)s; the old one no longer works.")
        % {"email": issued.invitation.email},
    )
    return _page(request, invitation.dialogue, InvitationForm(dialogue=invitation.dialogue), issued=issued)


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, dialogue_id: int, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(user=request.user, invitation_id=invitation_id, dialogue_id=dialogue_id)
    if people_services.invitation_revoke(invitation=invitation):
        messages.success(request, gettext("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    else:
        messages.error(request, gettext("That invitation was already used or withdrawn; nothing changed."))
    return redirect("participants:invitations", dialogue_id)


@login_required
@require_http_methods(["GET", "POST"])
def invitations_bulk(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    """Step 1: paste or upload a CSV; step 2: a preview with each row's problems; step 3: send."""
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    dialogue = membership.dialogue
    form = BulkInvitationForm(request.POST or None, request.FILES or None)
    rows: list[bulk.BulkRow] = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["csv_text"]
        try:
            if request.POST.get("send") == "1":
                issued, skipped = bulk.invite(dialogue=dialogue, text=text, by=request.user)
                note = f" {len(skipped)} row(s) with problems were skipped." if skipped else ""
                messages.success(
                    request,
                    gettext("Sent %(len)s invitation(s).%(note)s") % {"len": len(issued), "note": note},
                )
                return redirect("participants:invitations", dialogue.pk)
            rows = bulk.parse(dialogue=dialogue, text=text)
        except ParleyError as exc:
            form.add_error("csv_text" if not request.FILES else "csv_file", exc.message)
    context = {
        "dialogue": dialogue,
        "form": form,
        "rows": rows,
        "good": sum(1 for r in rows if r.ok),
        "columns": ", ".join(bulk.COLUMNS),
        "csv_text": form.cleaned_data.get("csv_text", "") if rows else "",
    }
    return render(request, "participants/invitations_bulk.html", context)
