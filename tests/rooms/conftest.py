from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from dialogues.live import identity
from tests.live import Server
from tests.rooms import servers

if TYPE_CHECKING:
    from dialogues.models import Room, Session


@pytest.fixture(autouse=True)
def _fresh_identity_cache() -> Iterator[None]:
    identity.forget_cached()
    yield
    identity.forget_cached()


@pytest.fixture
def redis_server(artifacts_dir: Path) -> Iterator[Any]:
    """A Redis of our own on a spare port, so the test can kill and restart it."""
    yield from servers.redis_server_fixture(artifacts_dir)


@pytest.fixture
def two_servers(artifacts_dir: Path, redis_server: Any) -> Iterator[tuple[Server, Server]]:
    yield from servers.two_servers_fixture(artifacts_dir, redis_server)


@pytest.fixture
def room(session: Session) -> Room:
    return session.rooms.get(kind="plenary")


@pytest.fixture(autouse=True)
async def _release_loop_resources() -> AsyncIterator[None]:
    """Each test runs in its own event loop: stop that loop's Redis readers and heartbeats with it."""
    yield
    from dialogues.live import fanout, presence

    await fanout.shutdown()
    await presence.shutdown()
