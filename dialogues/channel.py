"""Co-facilitation: the facilitators' private channel of a session, and the plenary's floor control.

The channel is a room of its own kind (`RoomKind.FACILITATORS`), one per session, created with the
session. Only facilitators enter it (`access.room_access`); its messages are stored like any room's
(encrypted under the dialogue's key) and reach only its own sockets, so a participant never receives
them, not even by `sync` on their own room. Nothing that reads a session's messages for others (the
summary's sources, airtime, captures) looks at any room but the plenary and breakouts.

The floor control says which facilitator runs the plenary's floor (give the floor, end a turn, lower
someone's hand). While nobody holds it every facilitator may; once one holds it, the others are refused
until they take it (the holder sees who took it) or ask for it and are handed it. Changes go to the
channel only (`floor_control` frames), where every facilitator's cockpit listens.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError

from . import events
from .access import RoomAccess, access_room
from .choices import Role, RoomKind
from .live.frames import FloorControlFrame, Member
from .live.identity import identities, user_for_key
from .models import Membership, Room, Session

CHANNEL_TITLE = "Facilitators"


def channel_create(session: Session) -> Room:
    """The session's channel (called when the session is created; idempotent)."""
    room, _ = Room.objects.get_or_create(
        session=session, kind=RoomKind.FACILITATORS, defaults={"title": CHANNEL_TITLE}
    )
    return room


def channel_room_id(session_id: int) -> int | None:
    return (
        Room.objects.filter(session_id=session_id, kind=RoomKind.FACILITATORS, is_open=True)
        .values_list("pk", flat=True)
        .first()
    )


def cockpit_channel(session: Session) -> int | None:
    """The channel's room for the cockpit, when the dialogue has co-facilitators: a facilitator alone
    needs neither a private channel nor a floor control to hand over."""
    facilitators = Membership.objects.filter(
        dialogue_id=session.dialogue_id, role=Role.FACILITATOR, is_active=True
    )
    return channel_room_id(session.pk) if facilitators.count() > 1 else None


# --- the floor control -------------------------------------------------------------------------------


def floor_control_check(access: RoomAccess) -> None:
    """Refuse a plenary floor action by a facilitator who does not hold the control while another does.

    Reads only the session row the access check already loaded: no query unless refusing.
    """
    holder = access.session.floor_control_id
    if access.room.kind != RoomKind.PLENARY or holder is None or holder == access.user_id:
        return
    name = _members(access.session.pk, {holder}).get(holder)
    who = name["name"] if name else "Another facilitator"
    raise ParleyError(
        "forbidden",
        gettext("%(who)s holds the floor control. Ask for it, or take it, under “Floor control”.")
        % {"who": who},
    )


def _members(session_id: int, user_ids: set[int]) -> dict[int, Member]:
    people = identities(session_id, user_ids)
    return {uid: people[uid].frame() for uid in user_ids if uid in people}


def floor_control_state(
    session: Session, *, event: str = "state", by: int | None = None, previous: int | None = None
) -> FloorControlFrame:
    ids = {i for i in (session.floor_control_id, session.floor_control_request_id, by, previous) if i}
    people = _members(session.pk, ids)
    return events.floor_control(
        event=event,
        holder=people.get(session.floor_control_id) if session.floor_control_id else None,
        since=session.floor_control_since.isoformat() if session.floor_control_since else None,
        request=people.get(session.floor_control_request_id) if session.floor_control_request_id else None,
        by=people.get(by) if by else None,
        previous=people.get(previous) if previous else None,
    )


def _access(user_id: int, room_id: int) -> RoomAccess:
    return access_room(user_id, room_id, facilitator=True, channel=True)


def _change(session_id: int, *, user_id: int, event: str, **fields: object) -> None:
    """Update the session's control fields under its row lock and tell the channel on commit."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        previous = session.floor_control_id
        for name, value in fields.items():
            setattr(session, name, value)
        session.save(update_fields=list(fields))
        frame = floor_control_state(session, event=event, by=user_id, previous=previous)
        transaction.on_commit(lambda: events.floor_control_changed(session_id=session_id, frame=frame))


def floor_control_status(*, user_id: int, room_id: int) -> FloorControlFrame:
    """Who holds the control now (for one socket)."""
    access = _access(user_id, room_id)
    session = Session.objects.get(pk=access.session.pk)
    return floor_control_state(session)


def floor_control_take(*, user_id: int, room_id: int) -> None:
    """Take the control now; the holder, if any, sees who took it."""
    access = _access(user_id, room_id)
    _change(
        access.session.pk,
        user_id=user_id,
        event="taken",
        floor_control_id=user_id,
        floor_control_since=timezone.now(),
        floor_control_request_id=None,
    )


def floor_control_request(*, user_id: int, room_id: int) -> None:
    """Ask the holder to hand the control over (with nobody holding it, there is nothing to ask)."""
    access = _access(user_id, room_id)
    holder = Session.objects.filter(pk=access.session.pk).values_list("floor_control_id", flat=True).get()
    if holder is None:
        raise ParleyError("invalid", gettext("Nobody holds the floor control: take it."))
    if holder == user_id:
        raise ParleyError("invalid", gettext("You hold the floor control already."))
    _change(access.session.pk, user_id=user_id, event="requested", floor_control_request_id=user_id)


def floor_control_give(*, user_id: int, room_id: int, member: str) -> None:
    """The holder (or anyone, while nobody holds it) hands the control to another facilitator."""
    access = _access(user_id, room_id)
    session_id = access.session.pk
    target = user_for_key(session_id, member)
    roles = identities(session_id, {target} if target else set())
    if target is None or target not in roles or roles[target].role != Role.FACILITATOR:
        raise ParleyError(
            "invalid", gettext("The floor control can only go to a facilitator of this session.")
        )
    holder = Session.objects.filter(pk=session_id).values_list("floor_control_id", flat=True).get()
    if holder not in (None, user_id):
        raise ParleyError(
            "forbidden", gettext("Only the facilitator who holds the floor control can hand it over.")
        )
    _change(
        session_id,
        user_id=user_id,
        event="given",
        floor_control_id=target,
        floor_control_since=timezone.now(),
        floor_control_request_id=None,
    )


def floor_control_release(*, user_id: int, room_id: int) -> None:
    """The holder lets go: every facilitator may give the floor again."""
    access = _access(user_id, room_id)
    holder = Session.objects.filter(pk=access.session.pk).values_list("floor_control_id", flat=True).get()
    if holder != user_id:
        raise ParleyError("invalid", gettext("You do not hold the floor control."))
    _change(
        access.session.pk,
        user_id=user_id,
        event="released",
        floor_control_id=None,
        floor_control_since=None,
        floor_control_request_id=None,
    )
