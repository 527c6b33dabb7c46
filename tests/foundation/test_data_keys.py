"""Each dialogue's text is encrypted under its own data key (core.crypto): destroying the key makes every
copy of that text unreadable — a replica, a dump, a backup restored later — while other dialogues and the
rest of the database stay readable. Rotating the key ring re-wraps the data keys without touching text."""

from __future__ import annotations

import io
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from pytest_django import Settings

from core.crypto import (
    EncryptedTextField,
    FieldDecryptionError,
    data_key_destroy,
    decrypt_text,
    dialogue_scope,
    forget_data_keys,
)
from core.models import DataKey
from dialogues.models import Dialogue, Message, Room, Session
from facilitation.models import Statement
from tests.factories import DialogueFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        row = cur.fetchone()
    assert row is not None
    return str(row[0])


def _say(room: Room, author: User, body: str, seq: int = 1) -> Message:
    msg = Message.build(
        room=room, author_id=author.pk, seq=seq, client_id=uuid.uuid4(), body=body, created_at=timezone.now()
    )
    msg.save()
    return msg


def _open(token: str) -> str | None:
    return EncryptedTextField().from_db_value(token, None, connection)


def test_a_message_is_sealed_under_its_dialogues_own_key(session: Session, participant: User) -> None:
    msg = _say(session.rooms.get(kind="plenary"), participant, "CANARY what we said")
    token = _raw("dialogues_message", "body", msg.pk)
    assert token.startswith("dk:") and "CANARY" not in token
    with pytest.raises(FieldDecryptionError):
        decrypt_text(token)  # the key ring alone opens nothing
    assert Message.objects.get(pk=msg.pk).body == "CANARY what we said"
    assert DataKey.objects.filter(scope=dialogue_scope(session.dialogue_id)).count() == 1

    other = SessionFactory.create(dialogue=DialogueFactory.create(title="Another"))
    elsewhere = _say(other.rooms.get(kind="plenary"), participant, "said elsewhere")
    assert _raw("dialogues_message", "body", elsewhere.pk).split(":")[1] != token.split(":")[1]


def test_destroying_the_key_leaves_every_copy_unreadable(session: Session, participant: User) -> None:
    room = session.rooms.get(kind="plenary")
    msg = _say(room, participant, "CANARY in the transcript")
    statement = Statement.objects.create(session=session, text="CANARY statement")
    backup = {
        "message": _raw("dialogues_message", "body", msg.pk),
        "statement": _raw("facilitation_statement", "text", statement.pk),
    }
    assert all(t.startswith("dk:") for t in backup.values())
    other = SessionFactory.create(dialogue=DialogueFactory.create(title="Kept"))
    kept = _say(other.rooms.get(kind="plenary"), participant, "another dialogue")

    assert data_key_destroy(dialogue_scope(session.dialogue_id))
    forget_data_keys()  # as in every other process, after a restart
    for token in backup.values():
        with pytest.raises(FieldDecryptionError, match="destroyed"):
            _open(token)
    with pytest.raises(FieldDecryptionError):
        Message.objects.get(pk=msg.pk)
    assert Message.objects.get(pk=kept.pk).body == "another dialogue"


def test_rotating_the_ring_rewraps_data_keys(settings: Settings, session: Session, participant: User) -> None:
    old, new = settings.PARLEY_FIELD_KEYS
    with override_settings(PARLEY_FIELD_KEYS=[old]):
        forget_data_keys()
        msg = _say(session.rooms.get(kind="plenary"), participant, "written under the old ring")
        d = Dialogue.objects.create(title="t", background="ring-encrypted background")
    token = _raw("dialogues_message", "body", msg.pk)
    with override_settings(PARLEY_FIELD_KEYS=[new, old]):
        forget_data_keys()
        call_command("rotate_field_keys", stdout=io.StringIO())
    with override_settings(PARLEY_FIELD_KEYS=[new]):
        forget_data_keys()
        assert Message.objects.get(pk=msg.pk).body == "written under the old ring"
        assert Dialogue.objects.get(pk=d.pk).background == "ring-encrypted background"
        assert _raw("dialogues_message", "body", msg.pk) == token, "text under a data key is not rewritten"
    forget_data_keys()
