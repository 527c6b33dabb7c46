"""Through a real uvicorn server: frame-size limits, and encryption at rest seen from a pg_dump."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets
from channels.db import database_sync_to_async
from django.contrib.auth.models import User
from django.db import connection

from dialogues.models import Room
from tests.live import Server, start_server
from tests.rooms.helpers import _session_cookie

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(artifacts_dir: Path) -> Iterator[Server]:
    srv = start_server(artifacts_dir)
    yield srv
    srv.stop()


async def _open(server: Server, user: User, room: Room) -> websockets.ClientConnection:
    cookie = await database_sync_to_async(_session_cookie)(user)
    ws = await websockets.connect(
        f"ws://127.0.0.1:{server.port}/ws/rooms/{room.pk}/",
        additional_headers={"Cookie": cookie, "Origin": server.url},
        max_size=None,
    )
    assert json.loads(await ws.recv())["type"] == "welcome"
    return ws


async def _until(ws: websockets.ClientConnection, frame_type: str) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await ws.recv())
        if frame["type"] == frame_type:
            return frame


async def test_an_oversized_message_gets_an_error_not_a_dropped_connection(
    server: Server, participant: User, room: Room
) -> None:
    ws = await _open(server, participant, room)
    huge = {"type": "say", "client_id": str(uuid.uuid4()), "body": "x" * 300_000}
    await ws.send(json.dumps(huge))
    error = await _until(ws, "error")
    assert error["code"] == "too_long"
    await ws.send(json.dumps({"type": "say", "client_id": str(uuid.uuid4()), "body": "still connected"}))
    assert (await _until(ws, "ack"))["seq"] == 1
    await ws.close()


async def test_a_lone_surrogate_in_a_ref_gets_an_error_and_later_messages_are_acknowledged(
    server: Server, participant: User, room: Room
) -> None:
    ws = await _open(server, participant, room)
    await ws.send('{"type":"ping","ref":"\\ud800"}')
    assert (await asyncio.wait_for(_until(ws, "error"), 10))["code"] == "invalid_text"
    await ws.send(json.dumps({"type": "say", "client_id": str(uuid.uuid4()), "body": "after"}))
    assert (await asyncio.wait_for(_until(ws, "ack"), 10))["seq"] == 1
    await ws.close()


@pytest.mark.parametrize("port_delta", [None, 1])
async def test_the_origin_must_match_the_port(
    server: Server, participant: User, room: Room, port_delta: int | None
) -> None:
    cookie = await database_sync_to_async(_session_cookie)(participant)
    origin = "http://127.0.0.1" if port_delta is None else f"http://127.0.0.1:{server.port + port_delta}"
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(
            f"ws://127.0.0.1:{server.port}/ws/rooms/{room.pk}/",
            additional_headers={"Cookie": cookie, "Origin": origin},
        )
    assert refused.value.response.status_code == 403


@pytest.mark.postgres
async def test_a_canary_said_in_a_room_is_not_in_a_pg_dump(
    server: Server, participant: User, room: Room, artifacts_dir: Path
) -> None:
    canary = f"CANARY-{uuid.uuid4().hex} the minister will resign"
    ws = await _open(server, participant, room)
    await ws.send(json.dumps({"type": "say", "client_id": str(uuid.uuid4()), "body": canary}))
    assert (await _until(ws, "ack"))["seq"] == 1
    await ws.close()
    s = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to inspect what PostgreSQL stores"
    dump = subprocess.run(
        [
            pg_dump,
            "-h",
            s["HOST"] or "127.0.0.1",
            "-p",
            str(s["PORT"] or 5432),
            "-U",
            s["USER"],
            "--data-only",
            s["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "dialogues_message" in dump and len(dump) > 1000
    assert canary not in dump and "CANARY-" not in dump and "will resign" not in dump
