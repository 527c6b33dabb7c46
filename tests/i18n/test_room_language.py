"""A room's error frames are written in the reader's interface language (the profile's, else the
browser's); their codes stay the same in every language."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from dialogues.models import Session
from participants.models import Profile
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def choose(user: User, language: str) -> None:
    Profile.objects.filter(user=user).update(language=language)


async def test_error_frames_in_the_profile_language(participant: User, session: Session) -> None:
    room = await database_sync_to_async(lambda: session.rooms.get(kind="plenary"))()
    await choose(participant, "ar")
    client = await join(participant, room.pk)
    await client.send_raw("not json at all")
    error = await client.until("error")
    assert error["code"] == "bad_json"
    assert error["message"] == "هذا الإطار ليس JSON صالحًا."  # "That frame is not valid JSON."
    await client.close()


async def test_error_frames_in_english_by_default(participant: User, session: Session) -> None:
    room = await database_sync_to_async(lambda: session.rooms.get(kind="plenary"))()
    client = await join(participant, room.pk)
    await client.send_raw("not json at all")
    error = await client.until("error")
    assert (error["code"], error["message"]) == ("bad_json", "That frame is not valid JSON.")
    await client.close()
