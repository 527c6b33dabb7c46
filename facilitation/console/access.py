"""Who may use a console action: the room's own access rule, plus clear words for closed things."""

from __future__ import annotations

from dialogues.choices import ROOM_ROLES, SessionStatus
from dialogues.live.selectors import RoomAccess, room_access
from dialogues.live.services import RoomError
from dialogues.models import Membership, Room

CLOSED_SESSION = "This session has closed: nothing more can be captured, proposed or voted on in it."
CLOSED_ROOM = "This breakout room has closed; go back to the plenary."


def console_access(
    user_id: int, room_id: int, *, facilitator: bool = False, speak: bool = False
) -> RoomAccess:
    """The person's access to the room, re-checked for every action, or RoomError.

    A member acting on a room of a closed session (a socket that has not seen the close yet, a
    late request) hears that the session closed instead of a bare "not allowed"; anyone else gets
    the same `forbidden` as for a room that does not exist.
    """
    access = room_access(user_id, room_id)
    if access is None:
        raise RoomError(*_why_not(user_id, room_id))
    if facilitator and not access.is_facilitator:
        raise RoomError("forbidden", "Only the facilitator can do that.")
    if speak and not access.may_speak:
        raise RoomError("forbidden", "Observers follow the room but do not speak, propose or vote.")
    return access


def _why_not(user_id: int, room_id: int) -> tuple[str, str]:
    room = Room.objects.select_related("session").filter(pk=room_id).first()
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
    return "forbidden", "You are no longer allowed in this room."
