"""One encoded WebSocket frame, written to many sockets (issue 19: fan-out headroom).

Through ASGI, every recipient of a room message costs a task wake-up, a coroutine, a UTF-8 encode and a
frame serialisation inside the server (about 25 µs of the ~35 µs a delivery cost). The frame a server
sends is the same bytes for every recipient: unmasked, and without per-connection state as long as no
extension (permessage-deflate) is in use. So the hub serialises each frame once, and a socket that is idle,
in sequence and writable gets those bytes written straight to its transport, the way `websockets.broadcast`
does. Anything else — a socket with frames queued, one catching up, a compressed connection, another ASGI
server, the test communicator — takes the ordinary ASGI path, which stays the reference behaviour.

Only uvicorn's sans-I/O WebSocket protocol (the one it picks when the `websockets` package is installed)
is written to directly; `DirectWire.ready` checks every state in which that protocol would not send a data
frame itself, so a direct write is never a frame uvicorn would have refused.
"""

from __future__ import annotations

from typing import Any

from websockets.frames import Frame, Opcode
from websockets.protocol import State

try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol as _Uvicorn

    _UVICORN: type | None = _Uvicorn
except ImportError:  # uvicorn without websockets, or another server: the ASGI path only
    _UVICORN = None


def text_frame(text: str) -> bytes:
    """The bytes of a server-to-client text frame carrying `text` (RFC 6455: servers never mask)."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


class DirectWire:
    """Writes ready-made frames to one uvicorn WebSocket connection, when it is safe to."""

    __slots__ = ("protocol",)

    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol

    def ready(self) -> bool:
        p = self.protocol
        conn = p.conn
        return bool(
            p.handshake_complete
            and not p.close_sent
            and not p.disconnected
            and p.initial_response is None
            and p.writable.is_set()  # the transport is not pushing back: otherwise queue and wait
            and not p.transport.is_closing()
            and conn.state is State.OPEN
            and not conn.writes  # nothing of the protocol's own (a pong) waiting to go first
            and not conn.expect_continuation_frame
            and not conn.extensions  # a compressed connection needs its own encoding per frame
        )

    def write(self, frame: bytes) -> None:
        self.protocol.transport.write(frame)


def direct_wire(send: Any) -> DirectWire | None:
    """A direct wire for the connection behind an ASGI `send`, or None to keep to the ASGI path."""
    owner = getattr(send, "__self__", None)
    if _UVICORN is not None and isinstance(owner, _UVICORN):
        return DirectWire(owner)
    return None
