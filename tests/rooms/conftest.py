from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

from dialogues.live import identity

if TYPE_CHECKING:
    from dialogues.models import Room, Session


@pytest.fixture(autouse=True)
def _fresh_identity_cache() -> Iterator[None]:
    identity.forget_cached()
    yield
    identity.forget_cached()


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
