"""Who may see or do what in dialogues, sessions, agendas and live rooms: the one place that decides.

Every getter here is named `access_*`: it checks, then returns what the caller may use. Whatever the
person may not see raises `NotFound` ("Not found."), exactly as for something that does not exist, so a
refusal never confirms existence. Interfaces (views, the API, the consumer) call these before a service;
services that take ids instead of checked objects (the room actions) call `access_room` themselves, on
every frame, because a socket outlives the permissions it was opened with.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext

from core.compiled import CompiledQuery, instance
from core.errors import NotFound, ParleyError

from .choices import CONSENTING_ROLES, ROOM_ROLES, DialogueStatus, Role, RoomKind, SessionStatus
from .models import AgendaItem, Consent, Dialogue, Membership, Room, RuleVersion, Sanction, Session

MAX_ID = 2**63 - 1
CLOSED_SESSION = "This session has closed: nothing more can be captured, proposed or voted on in it."
CLOSED_ROOM = "This breakout room has closed; go back to the plenary."
NOT_ALLOWED = "You are no longer allowed in this room."

UserLike = User | AnonymousUser
_M = TypeVar("_M", bound=Model)


def can_create_dialogues(user: UserLike) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("dialogues.add_dialogue"))


def access_dialogue_creation(user: UserLike) -> None:
    if not can_create_dialogues(user):
        raise ParleyError("forbidden", gettext("Only facilitators can create dialogues."))


def access_dialogue(*, user: UserLike, dialogue_id: int, roles: Collection[str] | None = None) -> Membership:
    """The caller's active membership, optionally restricted to roles; else NotFound."""
    if not user.is_authenticated or not user.is_active or not 0 < dialogue_id <= MAX_ID:
        raise NotFound
    membership = (
        Membership.objects.select_related("dialogue", "party")
        .filter(dialogue_id=dialogue_id, user=user, is_active=True)
        .first()
    )
    if membership is None or (roles is not None and membership.role not in roles):
        raise NotFound
    return membership


def access_member(*, user: UserLike, dialogue_id: int, membership_id: int) -> Membership:
    """An active member of a dialogue the user facilitates (to remove them)."""
    access_dialogue(user=user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    target = _get(Membership.objects.filter(dialogue_id=dialogue_id, is_active=True), membership_id)
    if target is None:
        raise NotFound
    return target


@dataclass(frozen=True)
class SessionAccess:
    session: Session
    membership: Membership

    @property
    def is_facilitator(self) -> bool:
        return self.membership.role == Role.FACILITATOR


def access_session(*, user: UserLike, session_id: int, roles: Collection[str] | None = None) -> SessionAccess:
    session = _get(Session.objects.select_related("dialogue"), session_id)
    if session is None:
        raise NotFound
    membership = access_dialogue(user=user, dialogue_id=session.dialogue_id, roles=roles)
    return SessionAccess(session=session, membership=membership)


def access_agenda_item(*, user: UserLike, item_id: int, roles: Collection[str] | None = None) -> AgendaItem:
    item = _get(AgendaItem.objects.select_related("session__dialogue"), item_id)
    if item is None:
        raise NotFound
    access_dialogue(user=user, dialogue_id=item.session.dialogue_id, roles=roles)
    return item


def _get(queryset: QuerySet[_M], pk: int) -> _M | None:
    # An id no row can have (from a URL or a frame) is simply not there; SQLite cannot even bind it.
    return queryset.filter(pk=pk).first() if 0 < pk <= MAX_ID else None


# --- live rooms ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomAccess:
    room: Room
    session: Session
    membership: Membership
    muted: bool

    @property
    def user_id(self) -> int:
        return self.membership.user_id

    @property
    def is_facilitator(self) -> bool:
        return self.membership.role == Role.FACILITATOR

    @property
    def may_speak(self) -> bool:
        return self.membership.role in (Role.FACILITATOR, Role.PARTICIPANT)

    @property
    def is_interpreter(self) -> bool:
        return self.membership.role == Role.INTERPRETER


def _room_with_session(room_id: int) -> QuerySet[Room]:
    return Room.objects.select_related("session__dialogue").filter(pk=room_id).order_by()


def _membership_in_room(
    *, dialogue_id: int, user_id: int, session_id: int, room_id: int | None = None
) -> QuerySet[Membership]:
    """Everything about the person in one query: membership, sanctions, consent, and (in a breakout)
    the seat. The annotations come after the membership's columns, in this order."""
    sanctions = Sanction.objects.filter(session_id=session_id, user_id=OuterRef("user_id"))
    seat: dict[str, Exists] = {}
    if room_id is not None:
        seat["in_room"] = Exists(
            Room.members.through.objects.filter(room_id=room_id, user_id=OuterRef("user_id"))
        )
    return (
        Membership.objects.filter(
            dialogue_id=dialogue_id,
            user_id=user_id,
            is_active=True,
            role__in=ROOM_ROLES,
            user__is_active=True,
        )
        .annotate(
            removed=Exists(sanctions.filter(kind=Sanction.Kind.REMOVED)),
            muted=Exists(sanctions.filter(kind=Sanction.Kind.MUTED)),
            consented=Exists(
                current_consents().filter(user_id=OuterRef("user_id"), dialogue_id=OuterRef("dialogue_id"))
            ),
            **seat,
        )
        .order_by()
    )


# Compiled once per process: this runs on every frame a socket sends (core/compiled.py says why).
_ROOM = CompiledQuery(_room_with_session, ["room_id"])
_IN_PLENARY = CompiledQuery(_membership_in_room, ["dialogue_id", "user_id", "session_id"])
_IN_BREAKOUT = CompiledQuery(_membership_in_room, ["dialogue_id", "user_id", "session_id", "room_id"])


def _room(room_id: int) -> Room | None:
    if not 0 < room_id <= MAX_ID:
        return None
    rows = _ROOM.rows(room_id=room_id)
    if not rows:
        return None
    using = Room.objects.db
    room, at = instance(Room, using, rows[0])
    session, at = instance(Session, using, rows[0], at)
    dialogue, _ = instance(Dialogue, using, rows[0], at)
    Session._meta.get_field("dialogue").set_cached_value(session, dialogue)
    Room._meta.get_field("session").set_cached_value(room, session)
    return room


def room_access(user_id: int, room_id: int) -> RoomAccess | None:
    """The person's access to the room, or None — for a missing room and a forbidden one alike."""
    room = _room(room_id)
    if room is None or not room.is_open or room.session.status == SessionStatus.CLOSED:
        return None
    if room.session.dialogue.status == DialogueStatus.CONCLUDED or not 0 < user_id <= MAX_ID:
        return None
    session = room.session
    ids = {"dialogue_id": session.dialogue_id, "user_id": user_id, "session_id": session.pk}
    breakout = room.kind == RoomKind.BREAKOUT  # the seat matters (and is looked up) only in a breakout
    rows = _IN_BREAKOUT.rows(**ids, room_id=room.pk) if breakout else _IN_PLENARY.rows(**ids)
    if not rows:
        return None
    membership, at = instance(Membership, Membership.objects.db, rows[0])
    removed, muted, consented = (bool(v) for v in rows[0][at : at + 3])
    if removed:
        return None
    if membership.role in CONSENTING_ROLES and not consented:
        return None
    if breakout and membership.role != Role.FACILITATOR and not rows[0][at + 3]:
        return None
    if room.kind == RoomKind.FACILITATORS and membership.role != Role.FACILITATOR:
        return None
    return RoomAccess(room=room, session=session, membership=membership, muted=muted)


def access_room(
    user_id: int, room_id: int, *, facilitator: bool = False, speak: bool = False, channel: bool = False
) -> RoomAccess:
    """The person's access to the room for one action, re-checked every time, or a ParleyError.

    A member acting on a room of a closed session (a socket that has not seen the close yet, a late
    request) hears that it closed (`invalid`); anyone else gets the same `forbidden` as for a room that
    does not exist. In the facilitators' channel only the actions that pass `channel=True` are allowed
    (its messages, and the floor control): default-deny, so a console action (capture a message,
    balance, a hand) can never carry the channel's text into outcomes or summaries.
    """
    access = room_access(user_id, room_id)
    if access is None:
        raise ParleyError(*_why_not(user_id, room_id))
    if access.room.kind == RoomKind.FACILITATORS and not channel:
        raise ParleyError(
            "invalid", gettext("The facilitators' channel carries only messages between facilitators.")
        )
    if facilitator and not access.is_facilitator:
        raise ParleyError("forbidden", gettext("Only the facilitator can do that."))
    if speak and not access.may_speak:
        raise ParleyError(
            "forbidden", gettext("Observers follow the room but do not speak, raise hands or vote.")
        )
    return access


def _why_not(user_id: int, room_id: int) -> tuple[str, str]:
    room = _get(Room.objects.select_related("session"), room_id)
    member = (
        room is not None
        and Membership.objects.filter(
            dialogue_id=room.session.dialogue_id, user_id=user_id, is_active=True, role__in=ROOM_ROLES
        ).exists()
    )
    if room is not None and member:
        if room.session.status == SessionStatus.CLOSED:
            return "invalid", CLOSED_SESSION
        if not room.is_open:
            return "invalid", CLOSED_ROOM
    return "forbidden", NOT_ALLOWED


@dataclass(frozen=True)
class RoomEntry:
    """The room page: the room and the member, and their live access (None: accept the rule first)."""

    room: Room
    membership: Membership
    access: RoomAccess | None
    # The session has ended: the page shows its closing screen (for the plenary), never an error.
    ended: bool = False


def access_room_page(*, user: UserLike, room_id: int) -> RoomEntry:
    room = _get(Room.objects.select_related("session__dialogue"), room_id)
    if room is None or room.kind == RoomKind.FACILITATORS:  # the channel lives in the cockpit, not a page
        raise NotFound
    membership = access_dialogue(user=user, dialogue_id=room.session.dialogue_id, roles=ROOM_ROLES)
    if membership.role in CONSENTING_ROLES and not consented(membership.user_id, room.session.dialogue_id):
        return RoomEntry(room=room, membership=membership, access=None)
    if room.session.status == SessionStatus.CLOSED:
        # Dialogue members know the session; a breakout's page shows the plenary's closing screen, so
        # whether a breakout you were not in existed is not told.
        plenary = room if room.kind == RoomKind.PLENARY else room.parent
        if (
            plenary is not None
            and not Sanction.objects.filter(
                session=room.session, user_id=membership.user_id, kind=Sanction.Kind.REMOVED
            ).exists()
        ):
            return RoomEntry(room=plenary, membership=membership, access=None, ended=True)
    access = room_access(membership.user_id, room.pk)
    if access is None:
        # Closed, ended, removed from the session, or a breakout you are not in: all look the same.
        raise NotFound
    return RoomEntry(room=room, membership=membership, access=access)


def current_consents() -> QuerySet[Consent]:
    """Consents that count: to the newest text of the rule, not withdrawn."""
    newest = RuleVersion.objects.order_by("-version").values("pk")[:1]
    return Consent.objects.filter(rule_version_id=Subquery(newest), revoked_at__isnull=True)


def consented(user_id: int, dialogue_id: int) -> bool:
    """Has the person an active consent to the newest text of the rule for this dialogue?"""
    return current_consents().filter(user_id=user_id, dialogue_id=dialogue_id).exists()
