"""Migrations `dialogues/0011_titles_and_agenda_sealed`, `summaries/0005_cover_and_solo_reason_sealed` and
`participants/0009_api_token_name_sealed`: titles, agenda items, cover titles, solo reasons and API token
names written in clear read the same once encrypted (agenda items and drafts' covers under the dialogue's
data key, titles, released covers and token names under the ring), the columns hold no clear text any
more, and going back writes the clear text back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.crypto import DATA_KEY_PREFIX, dialogue_scope
from core.models import DataKey
from dialogues.models import AgendaItem, Dialogue, Room, Session
from participants.models import ApiToken
from summaries.models import SummaryVersion

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("dialogues", "0010_sealed_person_links"),
    ("summaries", "0004_drafts_sealed"),
    ("participants", "0008_authenticators"),
]
WHEN = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves() -> list[tuple[str, str]]:
    leaves: list[tuple[str, str]] = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return leaves


@pytest.fixture
def old_apps() -> Iterator[Apps]:
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(_leaves())


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # table and column names are ours
        return str(cur.fetchone()[0])


def test_clear_rows_are_encrypted_forward_and_restored_backward(old_apps: Apps) -> None:
    dialogue = old_apps.get_model("dialogues", "Dialogue").objects.create(title="Old basin dialogue")
    session = old_apps.get_model("dialogues", "Session").objects.create(
        dialogue=dialogue, title="Old dry-season round", starts_at=WHEN
    )
    room = old_apps.get_model("dialogues", "Room").objects.create(session=session, title="Old upstream room")
    item = old_apps.get_model("dialogues", "AgendaItem").objects.create(
        session=session, position=1, title="Old sluice gates", description="Who opens them"
    )
    versions = old_apps.get_model("summaries", "SummaryVersion").objects
    draft = versions.create(session=session, number=1, status="draft", cover_title="Old draft cover")
    released = versions.create(
        session=session, number=2, status="released", cover_title="Old released cover", solo_reason="Alone"
    )
    owner = old_apps.get_model("auth", "User").objects.create(username="token-owner", password="!")
    token = old_apps.get_model("participants", "ApiToken").objects.create(
        user=owner, name="Old laptop script", prefix="pt_abc", token_hash="0" * 64, expires_at=WHEN
    )
    clear = {
        ("participants_apitoken", "name", token.pk): "Old laptop script",
        ("dialogues_dialogue", "title", dialogue.pk): "Old basin dialogue",
        ("dialogues_session", "title", session.pk): "Old dry-season round",
        ("dialogues_room", "title", room.pk): "Old upstream room",
        ("dialogues_agendaitem", "title", item.pk): "Old sluice gates",
        ("dialogues_agendaitem", "description", item.pk): "Who opens them",
        ("facilitation_summaryversion", "cover_title", draft.pk): "Old draft cover",
        ("facilitation_summaryversion", "cover_title", released.pk): "Old released cover",
        ("facilitation_summaryversion", "solo_reason", released.pk): "Alone",
    }

    _migrate(_leaves())

    for (table, column, pk), text in clear.items():
        assert text not in _raw(table, column, pk), (table, column)
    key = DataKey.objects.get(scope=dialogue_scope(dialogue.pk))
    for table, column, pk in [
        ("dialogues_agendaitem", "title", item.pk),
        ("dialogues_agendaitem", "description", item.pk),
        ("facilitation_summaryversion", "cover_title", draft.pk),
    ]:
        assert _raw(table, column, pk).startswith(f"{DATA_KEY_PREFIX}{key.ref}:"), (table, column)
    for table, column, pk in [
        ("dialogues_dialogue", "title", dialogue.pk),
        ("dialogues_session", "title", session.pk),
        ("facilitation_summaryversion", "cover_title", released.pk),
    ]:
        assert not _raw(table, column, pk).startswith(DATA_KEY_PREFIX), (table, column)  # the ring
    assert ApiToken.objects.get(pk=token.pk).name == "Old laptop script"
    assert Dialogue.objects.get(pk=dialogue.pk).title == "Old basin dialogue"
    assert Session.objects.get(pk=session.pk).title == "Old dry-season round"
    assert Room.objects.get(pk=room.pk).title == "Old upstream room"
    now = AgendaItem.objects.get(pk=item.pk)
    assert (now.title, now.description) == ("Old sluice gates", "Who opens them")
    assert SummaryVersion.objects.get(pk=draft.pk).cover_title == "Old draft cover"
    kept = SummaryVersion.objects.get(pk=released.pk)
    assert (kept.cover_title, kept.solo_reason) == ("Old released cover", "Alone")

    _migrate(BEFORE)
    for (table, column, pk), text in clear.items():
        assert _raw(table, column, pk) == text, (table, column)
