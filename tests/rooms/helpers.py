"""Connect real authenticated sockets to the ASGI application in-process."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from config.asgi import application


def _session_cookie(user: Any) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "participants.accounts.SealedModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


class Client:
    """A WebsocketCommunicator with helpers that read frames as a browser would."""

    def __init__(self, comm: WebsocketCommunicator) -> None:
        self.comm = comm
        self.frames: list[dict[str, Any]] = []
        self.welcome: dict[str, Any] = {}

    async def send(self, **frame: Any) -> None:
        await self.comm.send_to(text_data=json.dumps(frame))

    async def send_raw(self, text: str | None = None, data: bytes | None = None) -> None:
        # Straight to the ASGI input: the communicator's helper refuses an empty text frame.
        message: dict[str, Any] = {"type": "websocket.receive"}
        if data is not None:
            message["bytes"] = data
        else:
            message["text"] = text
        await self.comm.send_input(message)

    async def recv(self, timeout: float = 5) -> dict[str, Any]:
        out = await self.comm.receive_output(timeout)
        if out["type"] == "websocket.close":
            raise ConnectionClosed(out.get("code"))
        frame: dict[str, Any] = json.loads(out["text"])
        self.frames.append(frame)
        return frame

    async def until(self, frame_type: str, timeout: float = 5, **match: Any) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            frame = await self.recv(max(0.05, deadline - loop.time()))
            if frame["type"] == frame_type and all(frame.get(k) == v for k, v in match.items()):
                return frame

    async def say(self, body: str, client_id: str | None = None, **extra: Any) -> dict[str, Any]:
        cid = client_id or str(uuid.uuid4())
        await self.send(type="say", client_id=cid, body=body, **extra)
        return await self.until_any({"ack", "error"}, client_id=cid)

    async def until_any(self, types: set[str], timeout: float = 5, **match: Any) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            frame = await self.recv(max(0.05, deadline - loop.time()))
            if frame["type"] in types and (
                frame["type"] == "error" or all(frame.get(k) == v for k, v in match.items())
            ):
                return frame

    async def drain(self, quiet: float = 0.4) -> list[dict[str, Any]]:
        """Every frame until the socket is quiet for `quiet` seconds (without cancelling the app)."""
        got = []
        while not await self.comm.receive_nothing(quiet):
            got.append(await self.recv())
        return got

    async def closed(self, timeout: float = 5) -> int | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                await self.recv(max(0.05, deadline - loop.time()))
            except ConnectionClosed as closed:
                return closed.code

    async def close(self) -> None:
        await self.comm.disconnect()


class ConnectionClosed(Exception):
    def __init__(self, code: int | None) -> None:
        super().__init__(code)
        self.code = code


async def connect(
    user: Any, room_id: int, *, origin: str = "http://testserver", path: str | None = None
) -> Client:
    headers = [(b"host", b"testserver"), (b"origin", origin.encode())]
    if user is not None:
        cookie = await sync_to_async(_session_cookie)(user)
        headers.append((b"cookie", cookie.encode()))
    comm = WebsocketCommunicator(application, path or f"/ws/rooms/{room_id}/", headers=headers)
    connected, _ = await comm.connect(timeout=5)
    assert connected
    return Client(comm)


async def join(user: Any, room_id: int) -> Client:
    """Connect and read the welcome frame."""
    client = await connect(user, room_id)
    client.welcome = await client.until("welcome")
    return client
