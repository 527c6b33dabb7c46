from __future__ import annotations

import pytest

from dialogues.live import identity


@pytest.fixture(autouse=True)
def _fresh_identity_cache():
    identity.forget_cached()
    yield
    identity.forget_cached()


@pytest.fixture
def room(session):
    return session.rooms.get(kind="plenary")


@pytest.fixture(autouse=True)
async def _release_loop_resources():
    """Each test runs in its own event loop: stop that loop's Redis readers and heartbeats with it."""
    yield
    from dialogues.live import fanout, presence

    await fanout.shutdown()
    await presence.shutdown()
