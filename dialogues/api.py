"""API operations for dialogues, sessions, agendas and invitations (the same selectors as the pages)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from core.api import ERRORS, api_user, require_scope
from core.errors import ParleyError
from core.scopes import Scope

from . import agenda, selectors, services
from .access import access_agenda_item, access_dialogue, access_dialogue_creation, access_session
from .choices import ROOM_ROLES, AttributionMode, DialogueStatus, Role
from .models import AgendaItem, Membership, Session

router = Router(tags=["dialogues"])
# PostgreSQL cannot store NUL in a text column; the pages' forms refuse it too (Django's validator).
NO_NUL = r"^[^\x00]*$"
MANAGE = Scope.MANAGE_DIALOGUES
FACILITATOR = [Role.FACILITATOR]


def facilitator_membership(request: HttpRequest, dialogue_id: int) -> Membership:
    """The caller's facilitator membership, with the token scope for managing dialogues."""
    require_scope(request, MANAGE)
    return access_dialogue(user=api_user(request), dialogue_id=dialogue_id, roles=FACILITATOR)


def _facilitated_session(request: HttpRequest, session_id: int) -> Session:
    require_scope(request, MANAGE)
    return access_session(user=api_user(request), session_id=session_id, roles=FACILITATOR).session


# --- schemas -------------------------------------------------------------------------------------


class DialogueOut(Schema):
    id: int
    title: str
    status: str
    role: str = Field(description="Your role in this dialogue.")
    objectives: str | None = Field(None, description="Not shown to liaisons.")
    background: str | None = Field(
        None, description="Confidential; facilitators, participants, observers only."
    )
    parties: list[str] | None = None


class DialogueIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    objectives: str = Field("", max_length=20_000)
    background: str = Field("", max_length=50_000)
    parties: list[Annotated[str, Field(max_length=120, pattern=NO_NUL)]] = Field(min_length=2, max_length=20)
    status: DialogueStatus = DialogueStatus.PREPARING


class SessionOut(Schema):
    id: int
    dialogue: int
    title: str
    starts_at: datetime
    duration_minutes: int
    timezone: str
    status: str
    attribution_mode: str
    plenary_room: int | None


class SessionIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    starts_at: datetime = Field(description="With an offset, or local time in `timezone` when naive.")
    duration_minutes: int = Field(90, ge=5, le=1440)
    timezone: str = Field("UTC", max_length=64)
    attribution_mode: AttributionMode = AttributionMode.VEILED
    participants_may_propose: bool = False


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    description: str
    timebox_minutes: int
    skipped: bool


class AgendaItemIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    description: str = Field("", max_length=5_000, pattern=NO_NUL)
    timebox_minutes: int = Field(15, ge=1, le=600)


class AgendaOrderIn(Schema):
    items: list[int]


# --- helpers ---------------------------------------------------------------------------------------


def _dialogue_out(membership: Membership) -> DialogueOut:
    d = membership.dialogue
    if membership.role == Role.LIAISON:
        # Liaisons see that the dialogue exists and its status: no background, objectives or parties.
        return DialogueOut(
            id=d.pk,
            title=d.title,
            status=d.status,
            role=membership.role,
            objectives=None,
            background=None,
            parties=None,
        )
    return DialogueOut(
        id=d.pk,
        title=d.title,
        status=d.status,
        role=membership.role,
        objectives=d.objectives,
        background=d.background,
        parties=[p.name for p in selectors.parties_of(dialogue_id=d.pk)],
    )


def _session_out(s: Session) -> SessionOut:
    plenary = s.rooms.filter(kind="plenary").values_list("pk", flat=True).first()
    return SessionOut(
        id=s.pk,
        dialogue=s.dialogue_id,
        title=s.title,
        starts_at=s.starts_at.astimezone(UTC),
        duration_minutes=s.duration_minutes,
        timezone=s.timezone,
        status=s.status,
        attribution_mode=s.attribution_mode,
        plenary_room=plenary,
    )


def _aware(payload: SessionIn) -> datetime:
    try:
        zone = zoneinfo.ZoneInfo(payload.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ParleyError(
            "invalid", gettext("“%(timezone)s” is not a known time zone.") % {"timezone": payload.timezone}
        ) from None
    starts = payload.starts_at
    try:
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows.
        return (starts if starts.tzinfo else starts.replace(tzinfo=zone)).astimezone(UTC)
    except (OverflowError, ValueError):
        raise ParleyError("invalid", gettext("That start time is out of range.")) from None


# --- dialogues -----------------------------------------------------------------------------------


@router.get("/dialogues", response={200: list[DialogueOut], **ERRORS}, summary="My dialogues")
def dialogue_list(request: HttpRequest) -> list[DialogueOut]:
    return [_dialogue_out(m) for m in selectors.memberships_for_user(user=api_user(request))]


@router.post("/dialogues", response={201: DialogueOut, **ERRORS}, summary="Create a dialogue (facilitators)")
def dialogue_create(request: HttpRequest, payload: DialogueIn) -> Status[DialogueOut]:
    require_scope(request, MANAGE)
    user = api_user(request)
    access_dialogue_creation(user)
    d = services.dialogue_create(
        creator=user,
        title=payload.title,
        background=payload.background,
        objectives=payload.objectives,
        parties=payload.parties,
        status=payload.status,
    )
    return Status(201, _dialogue_out(access_dialogue(user=user, dialogue_id=d.pk)))


@router.get("/dialogues/{dialogue_id}", response={200: DialogueOut, **ERRORS})
def dialogue_detail(request: HttpRequest, dialogue_id: int) -> DialogueOut:
    return _dialogue_out(access_dialogue(user=api_user(request), dialogue_id=dialogue_id))


@router.put(
    "/dialogues/{dialogue_id}",
    response={200: DialogueOut, **ERRORS},
    summary="Update a dialogue (facilitators)",
)
def dialogue_update(request: HttpRequest, dialogue_id: int, payload: DialogueIn) -> DialogueOut:
    m = facilitator_membership(request, dialogue_id)
    services.dialogue_update(
        dialogue=m.dialogue,
        title=payload.title,
        background=payload.background,
        objectives=payload.objectives,
        status=payload.status,
        parties=payload.parties,
    )
    return _dialogue_out(access_dialogue(user=api_user(request), dialogue_id=dialogue_id))


# --- sessions and agendas ----------------------------------------------------------------------------


@router.get("/dialogues/{dialogue_id}/sessions", response={200: list[SessionOut], **ERRORS})
def session_list(request: HttpRequest, dialogue_id: int) -> list[SessionOut]:
    m = access_dialogue(user=api_user(request), dialogue_id=dialogue_id, roles=ROOM_ROLES)
    return [_session_out(s) for s in selectors.sessions_for(dialogue=m.dialogue)]


@router.post(
    "/dialogues/{dialogue_id}/sessions", response={201: SessionOut, **ERRORS}, summary="Schedule a session"
)
def session_create(request: HttpRequest, dialogue_id: int, payload: SessionIn) -> Status[SessionOut]:
    m = facilitator_membership(request, dialogue_id)
    s = services.session_create(
        dialogue=m.dialogue,
        title=payload.title,
        starts_at=_aware(payload),
        duration_minutes=payload.duration_minutes,
        timezone=payload.timezone,
        attribution_mode=payload.attribution_mode,
        participants_may_propose=payload.participants_may_propose,
    )
    return Status(201, _session_out(s))


@router.get("/sessions/{session_id}", response={200: SessionOut, **ERRORS})
def session_detail(request: HttpRequest, session_id: int) -> SessionOut:
    return _session_out(
        access_session(user=api_user(request), session_id=session_id, roles=ROOM_ROLES).session
    )


@router.put(
    "/sessions/{session_id}", response={200: SessionOut, **ERRORS}, summary="Update a session (facilitators)"
)
def session_update(request: HttpRequest, session_id: int, payload: SessionIn) -> SessionOut:
    session = _facilitated_session(request, session_id)
    s = services.session_update(
        session=session,
        title=payload.title,
        starts_at=_aware(payload),
        duration_minutes=payload.duration_minutes,
        timezone=payload.timezone,
        attribution_mode=payload.attribution_mode,
        participants_may_propose=payload.participants_may_propose,
    )
    return _session_out(s)


@router.get("/sessions/{session_id}/agenda", response={200: list[AgendaItemOut], **ERRORS})
def agenda_list(request: HttpRequest, session_id: int) -> list[AgendaItem]:
    access = access_session(user=api_user(request), session_id=session_id, roles=ROOM_ROLES)
    return list(selectors.agenda_for(session=access.session))


@router.post(
    "/sessions/{session_id}/agenda", response={201: AgendaItemOut, **ERRORS}, summary="Add an agenda item"
)
def agenda_add(request: HttpRequest, session_id: int, payload: AgendaItemIn) -> Status[AgendaItem]:
    session = _facilitated_session(request, session_id)
    return Status(201, agenda.item_create(session=session, **payload.dict()))


@router.put(
    "/sessions/{session_id}/agenda/order",
    response={200: list[AgendaItemOut], **ERRORS},
    summary="Reorder the agenda",
)
def agenda_order(request: HttpRequest, session_id: int, payload: AgendaOrderIn) -> list[AgendaItem]:
    session = _facilitated_session(request, session_id)
    agenda.reorder(session=session, ordered_ids=payload.items)
    return list(selectors.agenda_for(session=session))


@router.put("/agenda/{item_id}", response={200: AgendaItemOut, **ERRORS})
def agenda_update(request: HttpRequest, item_id: int, payload: AgendaItemIn) -> AgendaItem:
    require_scope(request, MANAGE)
    item = access_agenda_item(user=api_user(request), item_id=item_id, roles=FACILITATOR)
    return agenda.item_update(item=item, **payload.dict())


@router.delete("/agenda/{item_id}", response={204: None, **ERRORS})
def agenda_delete(request: HttpRequest, item_id: int) -> Status[None]:
    require_scope(request, MANAGE)
    item = access_agenda_item(user=api_user(request), item_id=item_id, roles=FACILITATOR)
    if item.messages.exists():
        raise ParleyError(
            "has_discussion", gettext("This item already has discussion attached; skip it instead.")
        )
    agenda.item_delete(item=item)
    return Status(204, None)
