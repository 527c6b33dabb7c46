"""Confidentiality across server processes: two real servers sharing PostgreSQL and a Redis the test can
stop. Changes are made from the test process, whose notices go to a Redis the servers do not listen to,
so every notice is lost on purpose: only what PostgreSQL holds can make the servers do the right thing.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from dialogues.choices import AttributionMode
from dialogues.models import Membership, Room, Session
from dialogues.services import membership_remove, session_update
from tests.live import Server
from tests.rooms.servers import WsClient, cookies

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


async def _closed_within(client: WsClient, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds + 5:
        if client.ws.close_code is not None:
            return time.monotonic() - started
        await asyncio.sleep(0.05)
    raise AssertionError("the socket stayed open")


async def test_a_removal_while_redis_is_down_closes_the_socket_on_the_other_server(
    two_servers: tuple[Server, Server],
    redis_server: object,
    participant: User,
    participant2: User,
    room: Room,
) -> None:
    a, b = two_servers
    c_removed, c_other = await cookies(participant, participant2)
    removed, other = WsClient(b, c_removed, room.pk), WsClient(a, c_other, room.pk)
    await removed.open()
    await other.open()
    await other.say("before the removal")
    await removed.wait_for_seq(1)

    redis_server.kill()  # type: ignore[attr-defined]
    membership = await database_sync_to_async(Membership.objects.get)(
        user=participant, dialogue=room.session.dialogue
    )
    await database_sync_to_async(membership_remove)(membership=membership)
    took = await _closed_within(removed, 2)
    assert took < 2.5, f"closed after {took:.1f} s"
    assert removed.ws.close_code == 4403

    await other.say("after the removal")
    redis_server.start()  # type: ignore[attr-defined]
    await other.wait_for_seq(2)
    assert removed.seqs == [1], "the removed person read nothing more"
    await other.close()


async def test_a_switch_to_veiled_shows_no_name_on_the_other_server(
    two_servers: tuple[Server, Server], participant: User, participant2: User, room: Room, session: Session
) -> None:
    a, b = two_servers
    await database_sync_to_async(Session.objects.filter(pk=session.pk).update)(
        attribution_mode=AttributionMode.NAMED
    )
    name = await database_sync_to_async(lambda: participant.profile.display_name)()
    c_speaker, c_listener = await cookies(participant, participant2)
    speaker, listener = WsClient(b, c_speaker, room.pk), WsClient(a, c_listener, room.pk)
    await speaker.open()
    await listener.open()
    assert any(m["name"] == name for m in speaker.welcome["state"]["presence"]), "B has her name cached"

    fresh = await database_sync_to_async(Session.objects.get)(pk=session.pk)
    await database_sync_to_async(session_update)(
        session=fresh,
        title=fresh.title,
        starts_at=fresh.starts_at,
        duration_minutes=fresh.duration_minutes,
        timezone=fresh.timezone,
        attribution_mode=AttributionMode.VEILED,
        participants_may_propose=fresh.participants_may_propose,
    )
    await speaker.say("said after the switch")
    await listener.wait_for_seq(1)
    heard = [f for f in listener.frames if f["type"] == "message"][-1]
    assert heard["author"]["name"] != name and heard["author"]["name"].startswith("Participant")

    again = WsClient(b, c_speaker, room.pk)
    await again.open()
    assert all(m["name"] != name for m in again.welcome["state"]["presence"])
    assert again.welcome["room"]["mode"] == AttributionMode.VEILED
    for client in (speaker, listener, again):
        await client.close()


async def test_when_redis_returns_every_open_socket_is_checked_again(
    two_servers: tuple[Server, Server],
    redis_server: object,
    participant: User,
    participant2: User,
    room: Room,
) -> None:
    """A change that leaves no revocation behind (an operator's UPDATE, a lost notice): nothing tells the
    servers, so only the re-check of every open socket when Redis comes back can close the socket."""
    a, b = two_servers
    c_gone, c_other = await cookies(participant, participant2)
    gone, other = WsClient(b, c_gone, room.pk), WsClient(a, c_other, room.pk)
    await gone.open()
    await other.open()
    await other.say("before")
    await gone.wait_for_seq(1)

    redis_server.kill()  # type: ignore[attr-defined]
    await database_sync_to_async(
        Membership.objects.filter(user=participant, dialogue=room.session.dialogue).update
    )(is_active=False)
    await asyncio.sleep(2.5)  # past the revocation poll: there is nothing for it to find
    assert gone.ws.close_code is None, "only the return of Redis may close it, or this test shows nothing"

    redis_server.start()  # type: ignore[attr-defined]
    took = await _closed_within(gone, 10)
    assert gone.ws.close_code == 4403, f"closed with {gone.ws.close_code} after {took:.1f} s"
    await other.say("after")
    await other.wait_for_seq(2)
    assert gone.seqs == [1], "the socket read nothing after it lost access"
    await other.close()
