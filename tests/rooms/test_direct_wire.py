"""Room frames written straight to uvicorn's transport (dialogues/live/wire.py) are the frames the ASGI
path would send, and a connection that cannot take them that way (permessage-deflate) still gets every
message through ASGI (issue 19)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import uuid
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
import uvicorn
import websockets
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from config.asgi import application
from dialogues.live import fanout, wire
from dialogues.live.consumer import RoomConsumer
from dialogues.models import Room
from tests.rooms.helpers import _session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def served(settings: Any) -> AsyncIterator[str]:
    """The ASGI application under uvicorn in this test's event loop, so the test sees the hub's sockets."""
    port = _free_port()
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", ws="websockets-sansio", log_level="warning"
    )
    server = uvicorn.Server(config)
    task = asyncio.ensure_future(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    with contextlib.suppress(Exception):
        await asyncio.wait_for(task, 10)


async def _open(address: str, user: User, room: Room, *, deflate: bool) -> Any:
    cookie = await database_sync_to_async(_session_cookie)(user)
    ws = await websockets.connect(
        f"ws://{address}/ws/rooms/{room.pk}/",
        additional_headers={"Cookie": cookie, "Origin": f"http://{address}"},
        compression="deflate" if deflate else None,
    )
    assert json.loads(await ws.recv())["type"] == "welcome"
    return ws


async def _next_message(ws: Any) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if frame["type"] == "message":
            return frame


async def test_live_messages_go_straight_to_the_transport_and_match_the_asgi_path(
    served: str, participant: User, participant2: User, facilitator: User, room: Room, monkeypatch: Any
) -> None:
    written: list[bytes] = []
    real_write = wire.DirectWire.write

    def counting_write(self: wire.DirectWire, frame: bytes) -> None:
        written.append(frame)
        real_write(self, frame)

    monkeypatch.setattr(wire.DirectWire, "write", counting_write)
    sender = await _open(served, participant, room, deflate=False)
    plain = await _open(served, participant2, room, deflate=False)
    compressed = await _open(served, facilitator, room, deflate=True)
    sinks = {s.user_id: cast(RoomConsumer, s) for s in fanout.hub().rooms[room.pk]}
    plain_wire, compressed_wire = sinks[participant2.pk].wire, sinks[facilitator.pk].wire
    assert plain_wire is not None and plain_wire.ready()
    # A compressed connection needs its own encoding of every frame: it keeps to the ASGI path.
    assert compressed_wire is not None and not compressed_wire.ready()
    await asyncio.sleep(0.5)  # let the joins' presence frames go out first
    written.clear()

    for n in range(1, 6):
        await sender.send(json.dumps({"type": "say", "client_id": str(uuid.uuid4()), "body": f"point {n}"}))
        direct, via_asgi = await _next_message(plain), await _next_message(compressed)
        assert direct == via_asgi and direct["body"] == f"point {n}" and direct["seq"] == n

    # The uncompressed listeners got them straight from the hub (the sender hears its own message too). A
    # socket that is busy at that instant (its own ack being written) takes the ASGI path for that one, so
    # not every frame need go direct, but every direct write is one of the five messages.
    assert len(written) >= 5
    assert {json.loads(f[f.index(b"{") :])["seq"] for f in written} <= {1, 2, 3, 4, 5}
    for ws in (sender, plain, compressed):
        await ws.close()
