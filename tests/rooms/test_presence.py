"""Presence across processes in Redis: a dead process's sockets are reaped, a Redis restart is repaired."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from django.conf import settings

from dialogues.live.presence import RedisPresence

pytestmark = pytest.mark.redis


@pytest.fixture
async def stores() -> AsyncIterator[Callable[[], RedisPresence]]:
    made: list[RedisPresence] = []

    def make() -> RedisPresence:
        store = RedisPresence(settings.REDIS_URL, f"{settings.CHANNEL_LAYER_PREFIX}:presence-test")
        made.append(store)
        return store

    yield make
    wipe = made[0].client if made else None
    if wipe is not None:
        keys = [k async for k in wipe.scan_iter(f"{settings.CHANNEL_LAYER_PREFIX}:presence-test:*")]
        if keys:
            await wipe.delete(*keys)
    for store in made:
        await store.close()


async def test_a_dead_process_is_reaped_and_its_members_announced_gone(
    stores: Callable[[], RedisPresence],
) -> None:
    alive, dead = stores(), stores()
    await alive.beat(lambda: [], lambda r, u: None)  # first heartbeat: nothing of ours to restore yet
    assert await alive.connect(1, 10) == (True, 1)
    # The other process had two people in room 1 and one of them in room 2, then died (no heartbeat).
    await dead.connect(1, 20)
    await dead.connect(1, 10)
    await dead.connect(2, 20)
    assert await alive.members(1) == {10, 20}
    gone: list[tuple[int, int]] = []
    await alive.beat(lambda: [(1, 10)], lambda r, u: gone.append((r, u)))
    assert sorted(gone) == [(1, 20), (2, 20)]  # person 10 still has our socket in room 1
    assert await alive.members(1) == {10} and await alive.members(2) == set()
    # The per-person socket count lost the dead process's share too.
    assert (await alive.connect(1, 10))[1] == 2


async def test_counts_come_back_after_redis_loses_them(stores: Callable[[], RedisPresence]) -> None:
    store = stores()
    await store.beat(lambda: [], lambda r, u: None)
    await store.connect(5, 50)
    await store.connect(5, 51)
    keys = [k async for k in store.client.scan_iter(f"{settings.CHANNEL_LAYER_PREFIX}:presence-test:*")]
    await store.client.delete(*keys)  # what a Redis restart does: everything is gone
    assert await store.members(5) == set()
    await store.beat(lambda: [(5, 50), (5, 51)], lambda r, u: None)
    assert await store.members(5) == {50, 51}
    assert await store.disconnect(5, 51) is True
    assert await store.members(5) == {50}
