"""Frame helpers for console tests: broadcasts and replies may arrive in either order."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from tests.rooms.helpers import Client


async def until_all(client: Client, *types: str, timeout: float = 5) -> dict[str, dict[str, Any]]:
    """Read frames until one of each type has arrived (the last of each wins); fail on an `error`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen: dict[str, dict[str, Any]] = {}
    while not all(t in seen for t in types):
        frame = await client.recv(max(0.05, deadline - loop.time()))
        if frame["type"] == "error" and "error" not in types:
            raise AssertionError(f"unexpected error frame: {frame}")
        if frame["type"] in types:
            seen[frame["type"]] = frame
    return seen


async def latest(
    client: Client, frame_type: str, predicate: Callable[[dict[str, Any]], object], timeout: float = 5
) -> dict[str, Any]:
    """The first frame of this type for which `predicate(frame)` holds (earlier ones are skipped)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await client.until(frame_type, timeout=max(0.05, deadline - loop.time()))
        if predicate(frame):
            return frame


async def done_for(client: Client, action: str, timeout: float = 5) -> dict[str, Any]:
    """The `done` answer to a frame of type `action` (other answers are skipped); fail on an `error`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await client.until_any({"done"}, timeout=max(0.05, deadline - loop.time()))
        if frame["type"] == "error":
            raise AssertionError(f"unexpected error frame: {frame}")
        if frame["action"] == action:
            return frame
