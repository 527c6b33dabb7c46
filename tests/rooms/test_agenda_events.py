"""Agenda writes from outside the room reach open rooms as `agenda` frames, and only once committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client as HttpClient
from django.utils import timezone

from dialogues import agenda
from dialogues.models import AgendaItem, Dialogue, Room, Session
from participants.tokens import token_create
from summaries.liaison.proposals import proposals_of
from summaries.liaison.services import uptake_to_agenda
from summaries.models import Uptake
from tests.factories import SessionFactory
from tests.liaison.helpers import GAUGES, released
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)


def _titles(frame: dict[str, Any]) -> list[str]:
    return [item["title"] for item in frame["agenda"]["items"]]


@sync_to_async
def _post_from_session_page(user: User, session_id: int, title: str) -> int:
    client = HttpClient()
    client.force_login(user)
    response = client.post(
        f"/sessions/{session_id}/agenda/", {"title": title, "description": "", "timebox_minutes": 10}
    )
    return response.status_code


@sync_to_async
def _post_to_api(user: User, session_id: int, title: str) -> int:
    issued = token_create(user=user, name="test", scopes=["manage_dialogues"], days=1)
    response = HttpClient().post(
        f"/api/v1/sessions/{session_id}/agenda",
        {"title": title},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issued.secret}",
    )
    return response.status_code


async def test_an_item_added_on_the_session_page_reaches_open_rooms(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    p = await join(participant, room.pk)
    assert await _post_from_session_page(facilitator, session.pk, "Added on the page") == 302
    frame = await p.until("agenda")
    assert _titles(frame) == ["Opening", "Water releases", "Added on the page"]
    await p.close()


async def test_an_item_added_through_the_api_reaches_open_rooms(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    p = await join(participant, room.pk)
    assert await _post_to_api(facilitator, session.pk, "Added by the API") == 201
    frame = await p.until("agenda")
    assert _titles(frame) == ["Opening", "Water releases", "Added by the API"]
    await p.close()


async def test_a_liaison_response_taken_into_the_agenda_reaches_open_rooms(
    dialogue: Dialogue, liaison: User, participant: User, room: Room, session: Session
) -> None:
    """`session` is the next scheduled one after an earlier session whose summary was released."""
    p = await join(participant, room.pk)

    @sync_to_async
    def respond_and_take_up() -> str:
        Session.objects.filter(pk=session.pk).update(status="scheduled")  # not yet held
        week_ago = timezone.now() - timedelta(days=7)
        earlier = SessionFactory.create(dialogue=dialogue, starts_at=week_ago, status="closed")
        version = released(earlier)
        key = next(pr.key for pr in proposals_of(version.body) if pr.plain == GAUGES)
        uptake = Uptake.objects.create(version=version, proposal_key=key, liaison=liaison, status="noted")
        return uptake_to_agenda(uptake=uptake).title

    title = await respond_and_take_up()
    frame = await p.until("agenda")
    assert _titles(frame) == ["Opening", "Water releases", title]
    await p.close()


class _Abandon(Exception):
    pass


def _first_item(session_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(session_id=session_id).order_by("position").first()
    assert item is not None
    return item


def _create(session_id: int) -> None:
    agenda.item_create(session=Session.objects.get(pk=session_id), title="Rolled back")


def _update(session_id: int) -> None:
    agenda.item_update(item=_first_item(session_id), title="Rolled back", description="", timebox_minutes=5)


def _delete(session_id: int) -> None:
    agenda.item_delete(item=_first_item(session_id))


def _reorder(session_id: int) -> None:
    ids = list(
        AgendaItem.objects.filter(session_id=session_id).order_by("position").values_list("pk", flat=True)
    )
    agenda.reorder(session=Session.objects.get(pk=session_id), ordered_ids=ids[::-1])


def _set_current(session_id: int) -> None:
    agenda.set_current(session=Session.objects.get(pk=session_id), item_id=_first_item(session_id).pk)


@pytest.mark.parametrize("write", [_create, _update, _delete, _reorder, _set_current])
async def test_an_agenda_change_that_rolls_back_sends_nothing(
    write: Callable[[int], None], facilitator: User, participant: User, room: Room, session: Session
) -> None:
    p = await join(participant, room.pk)

    @sync_to_async
    def rolled_back_then_committed() -> None:
        with pytest.raises(_Abandon), transaction.atomic():
            write(session.pk)
            raise _Abandon
        # A committed change afterwards: its frame must be the first `agenda` frame the room sees.
        item = next(i for i in AgendaItem.objects.filter(session=session) if i.title == "Water releases")
        agenda.item_update(item=item, title="Committed", description="", timebox_minutes=5)

    await rolled_back_then_committed()
    frame = await p.until("agenda")
    assert _titles(frame) == ["Opening", "Committed"]
    assert frame["agenda"]["current"] is None
    await p.close()
