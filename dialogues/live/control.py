"""Control events between server processes (over Redis, or from the revocation poller): ids only.

They never reach a browser; a socket turns them into frames or a close (see RoomConsumer.control).
"""

from __future__ import annotations

from typing import Literal, TypedDict, TypeGuard


class EvictEvent(TypedDict):
    """A revocation (`dialogues.revocation`): `user` None means everyone in the scope."""

    op: Literal["evict"]
    revocation: int
    user: int | None
    scope: str  # everywhere | dialogue | session | login
    target: str  # dialogue or session id, or a sign-in's key hash; "" for everywhere
    reason: str


class CloseRoomEvent(TypedDict):
    op: Literal["close_room"]
    room: int


class EndSessionEvent(TypedDict):
    op: Literal["end_session"]
    session: int


class IdentitiesEvent(TypedDict):
    """What rooms of these sessions show about people changed (`Session.identity_version` was bumped)."""

    op: Literal["identities"]
    sessions: list[int]


ControlEvent = EvictEvent | CloseRoomEvent | EndSessionEvent | IdentitiesEvent

_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "evict": {
        "revocation": (int,),
        "user": (int, type(None)),
        "scope": (str,),
        "target": (str,),
        "reason": (str,),
    },
    "close_room": {"room": (int,)},
    "end_session": {"session": (int,)},
    "identities": {"sessions": (list,)},
}


def is_control_event(value: object) -> TypeGuard[ControlEvent]:
    """Only well-formed events are acted on; anything else on the channel is dropped."""
    if not isinstance(value, dict):
        return False
    fields = _FIELDS.get(value.get("op"))  # type: ignore[arg-type]
    return fields is not None and all(
        isinstance(value.get(name), kinds) and not isinstance(value.get(name), bool)
        for name, kinds in fields.items()
    )
