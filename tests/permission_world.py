"""The objects every URL of the permission table needs, built with the factories, and how to call each.

One dialogue with its people (see tests/test_permission_table.py for the roles), a session with an
agenda, a room, a captured action item, a later session, a draft, an approved and a released summary,
an uptake response, a pending invitation and API tokens for everyone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.choices import Role
from dialogues.models import AgendaItem, Dialogue, Membership, Session
from facilitation.models import CapturedItem, CaptureKind
from participants.services import invitation_create
from participants.tokens import token_create
from summaries.liaison.proposals import proposals_of
from summaries.models import ReadBack, ReadBackFlag, SummaryStatus, SummaryVersion, Uptake
from tests.factories import AgendaItemFactory, DialogueFactory, PartyFactory, SessionFactory, member
from tests.liaison.helpers import version
from tests.singletext import world as singletext_world

# The CSRF token in the logout form is random per response; everything else must match.
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
SCOPES = ["manage_dialogues", "read_summaries"]


@dataclass
class World:
    dialogue: Dialogue
    users: dict[str, User | None]
    session: Session
    later: Session
    item: AgendaItem
    capture: CapturedItem
    draft: SummaryVersion
    approved: SummaryVersion
    released: SummaryVersion
    uptake: Uptake
    invitation_id: int
    invitation_token: str
    removable: Membership
    own_token_id: int
    texts: singletext_world.TextWorld
    secrets: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        return client

    @staticmethod
    def reverse(name: str, args: list[Any]) -> str:
        query = ""
        if isinstance(args, tuple):  # (args, query string)
            args, query = args
        return reverse(name, args=args) + query

    def admin_url(self, route: str) -> str:
        """A concrete URL for an admin route (ids of nothing in particular: staff-only before lookup)."""
        url = route.replace("^", "").replace("$", "")
        for pattern, value in (
            ("<path:content_type_id>", "1"),
            ("<path:object_id>", "1"),
            ("<id>", "1"),
            ("(?P<app_label>auth|participants|dialogues|facilitation)", "dialogues"),
            ("(?P<url>.*)", "nothing-here/"),
        ):
            url = url.replace(pattern, value)
        return "/" + url

    def api_call(self, client: Client, role: str, method: str, path: str, payload: Any) -> Any:
        url = "/api/v1" + path.format(**self.path_params())
        headers: dict[str, Any] = (
            {"HTTP_AUTHORIZATION": f"Bearer {self.secrets[role]}"} if role in self.secrets else {}
        )
        body: dict[str, Any] = (
            {"data": json.dumps(payload), "content_type": "application/json"} if payload is not None else {}
        )
        return Client().generic(method, url, **body, **headers)

    def path_params(self) -> dict[str, Any]:
        return {
            "dialogue_id": self.dialogue.pk,
            "session_id": self.session.pk,
            "item_id": self.item.pk,
            "invitation_id": self.invitation_id,
            "version_id": self.released.pk,
            "uptake_id": self.uptake.pk,
            "fmt": "pdf",
            **singletext_world.path_params(self.texts),
        }

    def differs_from_missing(self, client: Client, role: str, response: Any, *, api_call: bool) -> str:
        """ "" when a 404 is exactly what a missing object gets, else what differs."""
        if api_call:
            body = response.json()
            return "" if body == {"error": {"code": "not_found", "message": "Not found."}} else f"body {body}"
        missing = client.get("/no-such-page/")
        same = CSRF.sub(b"", response.content) == CSRF.sub(b"", missing.content)
        return "" if same else "the 404 page differs from a missing page's"


def build_world() -> World:
    dialogue = DialogueFactory.create(title="Basin dialogue")
    north = PartyFactory.create(dialogue=dialogue, name="Northvale")
    PartyFactory.create(dialogue=dialogue, name="Southmark")
    facilitator = member(dialogue, Role.FACILITATOR, username="fiona", display_name="Fiona Facilitator")
    facilitator.user_permissions.add(Permission.objects.get(codename="add_dialogue"))
    deactivated = member(dialogue, Role.FACILITATOR, username="dora", display_name="Dora Deactivated")
    deactivated.user_permissions.add(Permission.objects.get(codename="add_dialogue"))
    other = DialogueFactory.create(title="Another dialogue")
    users: dict[str, User | None] = {
        "anonymous": None,
        "outsider": member(
            other, Role.PARTICIPANT, username="oscar", party=PartyFactory.create(dialogue=other)
        ),
        "participant": member(dialogue, Role.PARTICIPANT, username="paula", party=north),
        "observer": member(dialogue, Role.OBSERVER, username="otto"),
        "facilitator": facilitator,
        "liaison": member(dialogue, Role.LIAISON, username="lena"),
        "other_liaison": member(other, Role.LIAISON, username="leon"),
        "deactivated": deactivated,
    }
    removable_user = member(dialogue, Role.PARTICIPANT, username="pedro", party=north)
    session = SessionFactory.create(dialogue=dialogue, title="First session")
    item = AgendaItemFactory.create(session=session, position=1, title="Opening")
    AgendaItemFactory.create(session=session, position=2, title="Water releases")
    later = SessionFactory.create(
        dialogue=dialogue,
        title="Second session",
        starts_at=timezone.now() + timedelta(days=8),
        status="scheduled",  # not yet held: liaison responses can be taken into its agenda
    )
    capture = CapturedItem.objects.create(
        session=session, kind=CaptureKind.ACTION, text="Circulate the gauge data.", agenda_item=item
    )
    draft = version(session, SummaryStatus.DRAFT)
    approved = version(session, SummaryStatus.APPROVED)
    released = version(session, SummaryStatus.RELEASED)
    liaison = users["liaison"]
    assert liaison is not None
    uptake = Uptake.objects.create(
        version=released,
        proposal_key=proposals_of(released.body)[0].key,
        liaison=liaison,
        status=Uptake.Status.CONSIDERING,
        comment="With the ministry.",
    )
    # A participant's read-back flag on the draft, for the facilitator's resolve action.
    read_back = ReadBack.objects.create(
        version=draft,
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(hours=1),
        opened_by=facilitator,
    )
    ReadBackFlag.objects.create(read_back=read_back, line=1, line_text="A line.")
    issued = invitation_create(
        dialogue=dialogue, email="new@example.org", role=Role.OBSERVER, created_by=facilitator
    )
    world = World(
        dialogue=dialogue,
        users=users,
        session=session,
        later=later,
        item=item,
        capture=capture,
        draft=draft,
        approved=approved,
        released=released,
        uptake=uptake,
        invitation_id=issued.invitation.pk,
        invitation_token=issued.token,
        removable=Membership.objects.get(user=removable_user, dialogue=dialogue),
        own_token_id=token_create(user=facilitator, name="own", scopes=SCOPES, days=5).token.pk,
        texts=singletext_world.build(dialogue, facilitator),
    )
    for role, user in users.items():
        if user is not None:
            world.secrets[role] = token_create(user=user, name=role, scopes=SCOPES, days=5).secret
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    return world


def page_args(w: World, name: str) -> Any:
    """Arguments of a named URL in the world (a tuple adds a query string)."""
    d, s, v = [w.dialogue.pk], [w.session.pk], [w.draft.pk]
    return {
        "password_reset_confirm": ["MQ", "set-password"],
        "participants:invitation": [w.invitation_token],
        "participants:consent": d,
        "participants:consent_revoke": d,
        "participants:token_revoke": [w.own_token_id],
        "dialogues:detail": d,
        "dialogues:edit": d,
        "participants:invitations": d,
        "participants:invitation_revoke": [w.dialogue.pk, w.invitation_id],
        "participants:invitation_resend": [w.dialogue.pk, w.invitation_id],
        "participants:invitations_bulk": d,
        "participants:roster": d,
        "dialogues:audit": d,
        "participants:member_remove": [w.dialogue.pk, w.removable.pk],
        "dialogues:session_create": d,
        "dialogues:session": s,
        "dialogues:session_edit": s,
        "dialogues:agenda_add": s,
        "participants:session_roster": s,
        "dialogues:room": [w.session.rooms.get(kind="plenary").pk],
        "dialogues:agenda_edit": [w.item.pk],
        "dialogues:agenda_delete": [w.item.pk],
        "dialogues:agenda_move": [w.item.pk],
        "summaries:summaries": s,
        "summaries:summary_compile": s,
        "summaries:summary_compare": (s, f"?a={w.draft.pk}&b={w.released.pk}"),
        "summaries:summary": v,
        "summaries:summary_progress": v,
        "summaries:summary_edit": v,
        "summaries:summary_approve": v,
        "summaries:summary_release": [w.approved.pk],
        "summaries:summary_export": [w.draft.pk, "md"],
        "summaries:notes_upload": s,
        "summaries:outcome": s,
        "summaries:outcome_flag": s,
        "summaries:gate_decide": v,
        "summaries:read_back_open": v,
        "summaries:flag_resolve": [
            ReadBackFlag.objects.filter(read_back__version=w.draft).values_list("pk", flat=True)[0]
        ],
        "console:session_ics": s,
        "console:dialogue_ics": d,
        "console:common_ground": s,
        "console:agenda_suggestions": [w.later.pk],
        "console:suggestion_add": [w.later.pk, w.capture.pk],
        "console:capture_resolve": [w.capture.pk],
        "liaison:read": [w.released.pk],
        "liaison:download": [w.released.pk, "pdf"],
        "liaison:uptake": [w.released.pk],
        "liaison:handoff": d,
        "summaries:retention": d,
        "summaries:purge": d,
        "liaison:uptake_agenda": [w.uptake.pk],
        **singletext_world.page_args(w.texts, w.dialogue.pk),
    }.get(name, [])


def page_payload(w: World, name: str) -> dict[str, Any]:
    """A valid form for each POST, so a permitted role's request succeeds (and redirects)."""
    session_form = {
        "title": "Session",
        "starts_at": "2031-03-01T10:00",
        "timezone": "UTC",
        "duration_minutes": 90,
        "attribution_mode": "veiled",
    }
    dialogue_form = {"title": "Basin dialogue", "parties": "Northvale\nSouthmark", "status": "active"}
    payloads: dict[str, dict[str, Any]] = {
        "logout": {},
        "participants:consent": {"accept": "on"},
        "participants:token_create": {"name": "script", "scopes": ["read_summaries"], "days": 30},
        "dialogues:create": dialogue_form,
        "dialogues:edit": dialogue_form,
        "participants:invitations": {"email": "x@example.org", "role": "observer"},
        "dialogues:session_create": session_form,
        "dialogues:session_edit": session_form,
        "dialogues:agenda_add": {"title": "Another item", "timebox_minutes": 10},
        "dialogues:reading_language": {"language": "ar"},
        "language": {"language": "fr"},
        "dialogues:agenda_edit": {"title": "Opening words", "timebox_minutes": 10},
        "dialogues:agenda_move": {"direction": "down"},
        "summaries:summary_edit": {"body": "## Changed\n\n- A participant proposed a pilot.\n"},
        "summaries:flag_resolve": {"resolution": "Reworded."},
        "summaries:read_back_open": {"hours": "24"},
        "liaison:uptake": {
            "proposal_key": proposals_of(w.released.body)[0].key,
            "status": "taken_forward",
            "comment": "Raised with the minister.",
        },
        **singletext_world.page_payloads(),
        "summaries:retention": {"days": "30"},
    }
    return payloads.get(name, {"_": "1"})


def api_payload(w: World, method: str, path: str) -> Any:
    if method not in {"POST", "PUT"}:
        return None
    dialogue = {"title": "Basin dialogue", "parties": ["Northvale", "Southmark"], "status": "active"}
    session = {"title": "Session", "starts_at": "2031-03-01T10:00:00Z"}
    return {
        "/dialogues": dialogue,
        "/dialogues/{dialogue_id}": dialogue,
        "/dialogues/{dialogue_id}/sessions": session,
        "/sessions/{session_id}": session,
        "/sessions/{session_id}/agenda": {"title": "Another item"},
        "/sessions/{session_id}/agenda/order": {
            "items": list(w.session.agenda_items.order_by("-position").values_list("pk", flat=True))
        },
        "/agenda/{item_id}": {"title": "Opening words"},
        "/dialogues/{dialogue_id}/invitations": {"email": "x@example.org", "role": "observer"},
        "/summaries/{version_id}/uptake": {
            "proposal_key": proposals_of(w.released.body)[0].key,
            "status": "noted",
        },
        "/uptake/{uptake_id}/agenda": {},
        "/sessions/{session_id}/summaries": {"language": "ar"},
        **singletext_world.api_payloads(),
    }[path]
