"""Migrations `dialogues/0010_sealed_person_links`, `facilitation/0005_statement_proposer_sealed` and
`facilitation/0006_votes_under_dialogue_key`: rows written with the clear foreign keys (a message's author,
a rendering's interpreter, a statement's proposer) keep who they belong to once the column is gone, with
the link under the dialogue's data key, and a vote's voter hash moves from SECRET_KEY to the dialogue's
key; going back restores the columns from the seals and the old hashes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Manager, Model
from django.utils.crypto import salted_hmac

from core.crypto import dialogue_scope, person_tag
from dialogues.authorship import written_by
from dialogues.models import Message, MessageRendering
from facilitation.console.selectors import voter_hash
from facilitation.models import Statement, Vote

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("dialogues", "0009_party_sealed"), ("facilitation", "0004_summaries_moved_out")]
WHEN = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps() -> Iterator[Apps]:
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _historical(apps: Apps, app_label: str, model_name: str) -> Manager[Model]:
    """The manager of a model as the migration state has it (with the old columns the current one lacks)."""
    manager: Manager[Model] = apps.get_model(app_label, model_name)._default_manager
    return manager


def _old_rows(apps: Apps) -> dict[str, int]:
    user_model = apps.get_model("auth", "User")
    ada = user_model.objects.create(username="ada-old", password="!")
    ben = user_model.objects.create(username="ben-old", password="!")
    dialogue = apps.get_model("dialogues", "Dialogue").objects.create(title="Old dialogue")
    session = apps.get_model("dialogues", "Session").objects.create(
        dialogue=dialogue, title="Old session", starts_at=WHEN
    )
    room = apps.get_model("dialogues", "Room").objects.create(session=session, title="Plenary")
    said = _historical(apps, "dialogues", "Message")
    first = said.create(room=room, seq=1, client_id=uuid4(), author=ada, body="one", created_at=WHEN)
    said.create(room=room, seq=2, client_id=uuid4(), author=ben, body="two", created_at=WHEN)
    _historical(apps, "dialogues", "MessageRendering").create(
        message=first, room=room, seq=3, language="fr", text="un", interpreter=ben, created_at=WHEN
    )
    statement = _historical(apps, "facilitation", "Statement").create(
        session=session, text="A statement", proposed_by=ada
    )
    for user in (ada, ben):
        _historical(apps, "dialogues", "Membership").create(dialogue=dialogue, user=user, role="participant")
    _historical(apps, "facilitation", "Vote").create(
        statement=statement, voter=_old_voter(session.pk, ben.pk), value=1
    )
    return {
        "ada": ada.pk,
        "ben": ben.pk,
        "dialogue": dialogue.pk,
        "session": session.pk,
        "room": room.pk,
        "statement": statement.pk,
    }


def _old_voter(session_id: int, user_id: int) -> str:
    """The voter hash as it was before `facilitation/0006`: under SECRET_KEY, not the dialogue's key."""
    return salted_hmac("parley.facilitation.vote", f"{session_id}:{user_id}", algorithm="sha256").hexdigest()


def _column(table: str, column: str) -> list[object]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} ORDER BY id")
        return [row[0] for row in cur.fetchall()]


def test_old_links_are_sealed_and_come_back_when_migrating_back(old_apps: Apps) -> None:
    ids = _old_rows(old_apps)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    messages = list(Message.objects.filter(room_id=ids["room"]).order_by("seq"))
    assert [m.author_id for m in messages] == [ids["ada"], ids["ben"]]
    assert [m.body for m in messages] == ["one", "two"]
    assert Message.objects.get(written_by(ids["dialogue"], ids["ben"])).seq == 2
    assert messages[0].author_tag == person_tag(dialogue_scope(ids["dialogue"]), ids["ada"])
    assert MessageRendering.objects.get(room_id=ids["room"]).interpreter_id == ids["ben"]
    assert Statement.objects.get(pk=ids["statement"]).proposed_by_id == ids["ada"]
    # ben's vote was found by trying every member's old hash, and is now under the dialogue's key.
    assert Vote.objects.get().voter == voter_hash(ids["session"], ids["ben"])
    assert voter_hash(ids["session"], ids["ben"]) != _old_voter(ids["session"], ids["ben"])
    with connection.cursor() as cur:
        columns = {c.name for c in connection.introspection.get_table_description(cur, "dialogues_message")}
    assert "author_id" not in columns and {"author_tag", "author_seal"} <= columns

    _migrate(BEFORE)
    assert _column("dialogues_message", "author_id") == [ids["ada"], ids["ben"]]
    assert _column("dialogues_messagerendering", "interpreter_id") == [ids["ben"]]
    assert _column("facilitation_statement", "proposed_by_id") == [ids["ada"]]
    assert _column("facilitation_vote", "voter") == [_old_voter(ids["session"], ids["ben"])]
