"""A room socket counts as signed in only after the second factor, like a page (issue 11, accounts)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY

from config.asgi import application
from dialogues.models import Room
from participants.models import Authenticator
from tests.rooms.helpers import Client

pytestmark = pytest.mark.django_db(transaction=True)


def _cookie(user: User, device: Authenticator | None) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "participants.accounts.SealedModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


async def _open(cookie: str, room_id: int) -> Client:
    comm = WebsocketCommunicator(
        application,
        f"/ws/rooms/{room_id}/",
        headers=[(b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie.encode())],
    )
    connected, _ = await comm.connect(timeout=5)
    assert connected
    return Client(comm)


async def test_an_enrolled_person_enters_a_room_only_after_the_second_factor(
    facilitator: User, room: Room
) -> None:
    device = await sync_to_async(Authenticator.objects.create)(user=facilitator, name="phone", confirmed=True)

    half_way = await _open(await sync_to_async(_cookie)(facilitator, None), room.pk)
    assert await half_way.closed() == 4401  # signed out, as the pages treat it

    verified = await _open(await sync_to_async(_cookie)(facilitator, device), room.pk)
    assert (await verified.until("welcome"))["type"] == "welcome"
    await verified.close()


async def test_someone_elses_device_does_not_count(facilitator: User, participant: User, room: Room) -> None:
    await sync_to_async(Authenticator.objects.create)(user=facilitator, name="phone", confirmed=True)
    other = await sync_to_async(Authenticator.objects.create)(user=participant, name="theirs", confirmed=True)
    client = await _open(await sync_to_async(_cookie)(facilitator, other), room.pk)
    assert await client.closed() == 4401
