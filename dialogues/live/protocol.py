"""Frame decoding, field validation and the handler registry of the room protocol (docs/protocol.md).

The getters below validate one field of an untrusted `ClientFrame` each; the `parse_*` functions of
`dialogues.live.inbound` and `facilitation.frames` combine them into typed frames.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Literal, TypeAlias, TypeVar, cast, overload

from django.utils.translation import gettext

from core.errors import ParleyError

from .frames import ClientFrame, Ref

if TYPE_CHECKING:
    from .consumer import RoomConsumer

F = TypeVar("F")
#: A handler: takes the typed frame its parse function returned.
Handler: TypeAlias = Callable[["RoomConsumer", F], Awaitable[None]]
#: What the consumer calls for a decoded frame: parse (validate) it, then handle it.
Route: TypeAlias = Callable[["RoomConsumer", ClientFrame], Awaitable[None]]

# type -> route; other apps add theirs at start-up (facilitation registers its frames).
HANDLERS: dict[str, Route] = {}

CLOSE_NOT_LOGGED_IN = 4401
CLOSE_NOT_ALLOWED = 4403
CLOSE_ROOM_CLOSED = 4410
CLOSE_TOO_MANY_SOCKETS = 4429
CLOSE_SERVER_ERROR = 1011  # this socket's writer failed: reconnect and `sync`

MAX_INT = 2**53 - 1

# A UTF-16 surrogate, raw or as a JSON escape: the only text JSON can carry that UTF-8 cannot encode. A
# lone one in any string of a frame (its `ref`, a key, a nested value) would be echoed into a reply that
# cannot be sent, so `decode` refuses the frame. Valid escaped pairs (`"\ud83d\ude00"`) decode to one
# character and pass.
_SURROGATE = re.compile(r"[\ud800-\udfff]|\\u[dD][89a-fA-F]")
INVALID_TEXT = "Text in that frame is not valid Unicode (a lone UTF-16 surrogate); nothing was done."


def handler(frame_type: str, parse: Callable[[ClientFrame], F]) -> Callable[[Handler[F]], Handler[F]]:
    """Register `fn` for `frame_type`: it receives the frame `parse` validated (or `parse` raises)."""

    def register(fn: Handler[F]) -> Handler[F]:
        if frame_type in HANDLERS:
            raise RuntimeError(f"two handlers for frame type {frame_type!r}")

        def route(consumer: RoomConsumer, raw: ClientFrame) -> Awaitable[None]:
            return fn(consumer, parse(raw))

        HANDLERS[frame_type] = route
        return fn

    return register


def decode(text: str | None, data: bytes | None, max_bytes: int) -> ClientFrame:
    """A client frame as a dict with a string `type`, or ParleyError with the protocol's code."""
    if data is not None or text is None:
        raise ParleyError("bad_json", gettext("Frames must be JSON text; binary frames are not accepted."))
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise ParleyError(
            "too_long", gettext("Frames are limited to %(max_bytes)s bytes.") % {"max_bytes": max_bytes}
        )
    try:
        frame: object = json.loads(text)
    except (ValueError, RecursionError):
        raise ParleyError("bad_json", gettext("That frame is not valid JSON.")) from None
    if not isinstance(frame, dict):
        raise ParleyError("invalid", gettext("A frame must be a JSON object with a string `type`."))
    if not isinstance(frame.get("type"), str):
        raise ParleyError("invalid", gettext("A frame must be a JSON object with a string `type`."))
    if _SURROGATE.search(text) and not _encodable(frame):
        raise ParleyError("invalid_text", INVALID_TEXT)
    # Checked just above: a JSON object whose `type` is a string; its handler's parse function reads the rest.
    return cast("ClientFrame", frame)


def _encodable(value: object) -> bool:
    """Every string in a decoded JSON value (keys too) can be encoded as UTF-8. Iterative: JSON as deep
    as `json.loads` accepts never overflows the stack here."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def ref_of(frame: ClientFrame) -> Ref:
    """The client's correlation value, echoed in errors: `ref`, else `client_id`, if short and scalar."""
    for name in ("ref", "client_id"):
        value = frame.get(name)
        if isinstance(value, str) and len(value) <= 100:
            return value
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INT:
            return value
    return None


@overload
def get_int(
    frame: ClientFrame, name: str, *, minimum: int = ..., maximum: int = ..., optional: Literal[False] = ...
) -> int: ...
@overload
def get_int(
    frame: ClientFrame, name: str, *, minimum: int = ..., maximum: int = ..., optional: Literal[True]
) -> int | None: ...
def get_int(
    frame: ClientFrame, name: str, *, minimum: int = 0, maximum: int = MAX_INT, optional: bool = False
) -> int | None:
    value = frame.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise ParleyError(
            "invalid",
            gettext("`%(name)s` must be an integer from %(minimum)s to %(maximum)s.")
            % {"name": name, "minimum": minimum, "maximum": maximum},
        )
    return value


@overload
def get_bool(frame: ClientFrame, name: str, *, optional: Literal[False] = ...) -> bool: ...
@overload
def get_bool(frame: ClientFrame, name: str, *, optional: Literal[True]) -> bool | None: ...
def get_bool(frame: ClientFrame, name: str, *, optional: bool = False) -> bool | None:
    value = frame.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, bool):
        raise ParleyError("invalid", gettext("`%(name)s` must be true or false.") % {"name": name})
    return value


@overload
def get_str(
    frame: ClientFrame, name: str, *, max_len: int, optional: Literal[False] = ..., code: str = ...
) -> str: ...
@overload
def get_str(
    frame: ClientFrame, name: str, *, max_len: int, optional: Literal[True], code: str = ...
) -> str | None: ...
def get_str(
    frame: ClientFrame, name: str, *, max_len: int, optional: bool = False, code: str = "invalid"
) -> str | None:
    value = frame.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ParleyError("invalid", gettext("`%(name)s` must be a string.") % {"name": name})
    if len(value) > max_len:
        raise ParleyError(
            code,
            gettext("`%(name)s` is limited to %(max_len)s characters.") % {"name": name, "max_len": max_len},
        )
    if "\x00" in value:
        raise ParleyError("invalid", gettext("`%(name)s` must not contain NUL characters.") % {"name": name})
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ParleyError(
            "invalid", gettext("`%(name)s` is not valid Unicode text.") % {"name": name}
        ) from None
    return value


def get_uuid(frame: ClientFrame, name: str) -> uuid.UUID:
    value = frame.get(name)
    if not isinstance(value, str) or len(value) > 64:
        raise ParleyError("invalid", gettext("`%(name)s` must be a UUID string.") % {"name": name})
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ParleyError("invalid", gettext("`%(name)s` must be a UUID string.") % {"name": name}) from None


def get_keys(frame: ClientFrame, name: str, *, max_items: int = 500) -> list[str]:
    value = frame.get(name)
    if (
        not isinstance(value, list)
        or len(value) > max_items
        or not all(isinstance(v, str) and len(v) <= 12 for v in value)
    ):
        raise ParleyError("invalid", gettext("`%(name)s` must be a list of member keys.") % {"name": name})
    return list(dict.fromkeys(value))
