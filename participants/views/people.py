"""A dialogue's people, for its facilitators: the roster, removal, and who is behind each
pseudonym of a session (outside the room, on purpose)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.audit import audit_record
from core.types import AuthedRequest
from dialogues import services as dialogue_services
from dialogues.access import access_dialogue, access_member, access_session
from dialogues.choices import Role
from dialogues.models import Pseudonym

from .. import selectors as people


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
        messages.error(request, gettext("You cannot remove yourself; ask another facilitator."))
    else:
        dialogue_services.membership_remove(membership=target)
        messages.success(request, gettext("Member removed; their open rooms were closed."))
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
