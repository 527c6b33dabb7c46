"""A dialogue's audit log, for its facilitators: who read, released, decided or revoked what, and when."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from core.audit import audit_entries
from core.types import AuthedRequest

from ..access import access_dialogue
from ..choices import Role
from ..models import Membership

LABELS = {
    "transcript.read": "Opened a room (its transcript)",
    "roster.read": "Read the roster",
    "draft.read": "Read a draft summary",
    "export.download": "Downloaded an export",
    "summary.read": "Read a released summary",
    "summary.release": "Released a summary",
    "gate.decision": "Recorded a gate decision",
    "revocation": "Access revoked",
    "purge": "Purged data",
    "single_text.created": "Single text: created",
    "single_text.version": "Single text: new version",
    "single_text.round_opened": "Single text: round opened",
    "single_text.round_closed": "Single text: round closed",
    "single_text.vote_opened": "Single text: package vote opened",
    "single_text.vote_closed": "Single text: package vote closed",
    "single_text.released": "Single text: released",
    "single_text.release_refused": "Single text: release refused by the gate",
    "single_text.read": "Single text: read by a liaison",
    "single_text.uptake": "Single text: uptake recorded",
    "single_text.exported": "Single text: exported",
}


def _member(people: dict[int, Membership], user_id: object) -> Membership | None:
    return people.get(user_id) if isinstance(user_id, int) else None


@login_required
def audit_log(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    entries = audit_entries(dialogue_id=dialogue_id)
    # The log holds ids; the dialogue's facilitators know its people, so the page names them.
    people = {
        m.user_id: m
        for m in Membership.objects.filter(dialogue_id=dialogue_id).select_related("user__profile")
    }
    rows = [
        {
            "entry": e,
            "label": LABELS.get(e.action, e.action),
            "actor": people.get(e.actor_id) if e.actor_id is not None else None,
            "subject": _member(people, e.detail.get("subject") if isinstance(e.detail, dict) else None),
        }
        for e in entries
    ]
    return render(request, "dialogues/audit.html", {"dialogue": membership.dialogue, "rows": rows})
