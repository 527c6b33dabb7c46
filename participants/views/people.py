"""A dialogue's people, for its facilitators: invitations, the roster, removal, and who is behind each
pseudonym of a session (outside the room, on purpose)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import audit_record
from core.types import AuthedRequest
from dialogues import services as dialogue_services
from dialogues.access import access_dialogue, access_member, access_session
from dialogues.choices import Role
from dialogues.models import Pseudonym

from .. import selectors as people
from .. import services as people_services
from ..access import access_invitation
from ..forms import InvitationForm


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    dialogue = membership.dialogue
    form = InvitationForm(request.POST if request.method == "POST" else None, dialogue=dialogue)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        issued = people_services.invitation_create(
            dialogue=dialogue,
            email=d["email"],
            role=d["role"],
            party=d["party"],
            display_name=d["display_name"],
            created_by=request.user,
        )
        messages.success(request, f"Invitation sent to {issued.invitation.email}.")
        return redirect("participants:invitations", dialogue.pk)
    return render(
        request,
        "participants/invitations.html",
        {
            "dialogue": dialogue,
            "form": form,
            "invitations": people.invitations_for_dialogue(dialogue=dialogue),
        },
    )


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, dialogue_id: int, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(user=request.user, invitation_id=invitation_id, dialogue_id=dialogue_id)
    if people_services.invitation_revoke(invitation=invitation):
        messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    else:
        messages.error(request, "That invitation was already used or withdrawn; nothing changed.")
    return redirect("participants:invitations", dialogue_id)


@login_required
def roster(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    dialogue = membership.dialogue
    audit_record(
        "roster.read", actor_id=request.user.pk, dialogue_id=dialogue.pk, target=f"dialogue:{dialogue.pk}"
    )
    return render(
        request,
        "participants/roster.html",
        {"dialogue": dialogue, "rows": people.roster_rows(dialogue=dialogue), "me": membership},
    )


@login_required
@require_POST
def member_remove(request: AuthedRequest, dialogue_id: int, membership_id: int) -> HttpResponse:
    target = access_member(user=request.user, dialogue_id=dialogue_id, membership_id=membership_id)
    if target.user_id == request.user.pk:
        messages.error(request, "You cannot remove yourself; ask another facilitator.")
    else:
        dialogue_services.membership_remove(membership=target)
        messages.success(request, "Member removed; their open rooms were closed.")
    return redirect("participants:roster", dialogue_id)


@login_required
def session_roster(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Who is behind each pseudonym: facilitators only, outside the room, on purpose."""
    access = access_session(user=request.user, session_id=session_id, roles=[Role.FACILITATOR])
    audit_record(
        "roster.read",
        actor_id=request.user.pk,
        dialogue_id=access.session.dialogue_id,
        target=f"session:{session_id}",
        detail={"pseudonyms": True},
    )
    seats = {
        p.user_id: p
        for p in Pseudonym.objects.filter(session=access.session).only("user_id", "number", "label")
    }
    rows = sorted(
        (
            (seats[row.membership.user_id], row)
            for row in people.roster_rows(dialogue=access.session.dialogue)
            if row.membership.user_id in seats
        ),
        key=lambda pair: pair[0].number,
    )
    return render(request, "participants/session_roster.html", {"session": access.session, "rows": rows})
