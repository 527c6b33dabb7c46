"""Model constraints, what stays on the record, and encryption at rest."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import override_settings
from django.utils import timezone
from pytest_django import Settings

from core.crypto import FieldDecryptionError, decrypt_text
from dialogues.choices import Role
from dialogues.models import AgendaItem, Consent, Dialogue, Membership, Message, Room, RuleVersion, Session
from dialogues.services import membership_remove
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _raises_integrity(fn: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_one_membership_per_person_and_dialogue(dialogue: Dialogue, participant: User) -> None:
    _raises_integrity(
        lambda: Membership.objects.create(dialogue=dialogue, user=participant, role=Role.OBSERVER)
    )


def test_liaison_cannot_belong_to_a_party(dialogue: Dialogue) -> None:
    party = dialogue.parties.first()
    user = UserFactory.create()
    _raises_integrity(
        lambda: Membership.objects.create(dialogue=dialogue, user=user, role=Role.LIAISON, party=party)
    )


def test_session_duration_must_be_sensible(dialogue: Dialogue) -> None:
    _raises_integrity(lambda: SessionFactory.create(dialogue=dialogue, duration_minutes=0))


def test_one_plenary_room_per_session(session: Session) -> None:
    _raises_integrity(lambda: Room.objects.create(session=session, kind="plenary", title="second"))


def test_breakout_needs_a_parent(session: Session) -> None:
    _raises_integrity(lambda: Room.objects.create(session=session, kind="breakout", title="orphan"))


def test_agenda_timebox_is_bounded(session: Session) -> None:
    _raises_integrity(
        lambda: AgendaItem.objects.create(session=session, position=9, title="x", timebox_minutes=0)
    )


def test_message_seq_and_client_id_are_unique_per_room(session: Session, participant: User) -> None:
    room = session.rooms.get(kind="plenary")
    cid = uuid.uuid4()
    now = timezone.now()

    def say(seq: int, client_id: uuid.UUID, body: str) -> None:
        Message.build(
            room=room, author_id=participant.pk, seq=seq, client_id=client_id, body=body, created_at=now
        ).save()

    say(1, cid, "a")
    _raises_integrity(lambda: say(1, uuid.uuid4(), "b"))
    _raises_integrity(lambda: say(2, cid, "c"))


def test_only_one_active_consent_per_rule_version(dialogue: Dialogue, participant: User) -> None:
    rule = RuleVersion.objects.get(version=1)
    _raises_integrity(
        lambda: Consent.objects.create(
            user=participant, dialogue=dialogue, rule_version=rule, accepted_at=timezone.now()
        )
    )


def test_chatham_house_rule_text_is_published_by_migration() -> None:
    rule = RuleVersion.objects.get(version=1)
    assert "neither the identity nor the affiliation" in rule.text


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        row = cur.fetchone()
    assert row is not None
    value: str = row[0]
    return value


def test_background_and_messages_are_encrypted_at_rest(session: Session, participant: User) -> None:
    dialogue = Dialogue.objects.create(
        title="t", background="CANARY-BACKGROUND secret", objectives="CANARY-OBJECTIVES aims"
    )
    room = session.rooms.get(kind="plenary")
    msg = _say(room, participant, "CANARY-BODY words")
    assert "CANARY" not in _raw("dialogues_dialogue", "background", dialogue.pk)
    assert "CANARY" not in _raw("dialogues_dialogue", "objectives", dialogue.pk)
    assert "CANARY" not in _raw("dialogues_message", "body", msg.pk)
    assert Message.objects.get(pk=msg.pk).body == "CANARY-BODY words"


def test_old_key_still_decrypts_and_rotation_moves_to_new_key(
    settings: Settings, session: Session, participant: User
) -> None:
    old, new = settings.PARLEY_FIELD_KEYS
    with override_settings(PARLEY_FIELD_KEYS=[old]):
        d = Dialogue.objects.create(title="t", background="written under the old key")
    # New key first, old key still present: reads work.
    with override_settings(PARLEY_FIELD_KEYS=[new, old]):
        assert Dialogue.objects.get(pk=d.pk).background == "written under the old key"
        call_command("rotate_field_keys", stdout=io.StringIO())
    # After rotation the old key can be dropped.
    with override_settings(PARLEY_FIELD_KEYS=[new]):
        assert Dialogue.objects.get(pk=d.pk).background == "written under the old key"
        assert decrypt_text(_raw("dialogues_dialogue", "background", d.pk)) == "written under the old key"


def test_unknown_key_is_an_error_never_ciphertext(settings: Settings) -> None:
    old, new = settings.PARLEY_FIELD_KEYS
    with override_settings(PARLEY_FIELD_KEYS=[old]):
        d = Dialogue.objects.create(title="t", background="secret")
    with override_settings(PARLEY_FIELD_KEYS=[new]), pytest.raises(FieldDecryptionError):
        Dialogue.objects.get(pk=d.pk)


def _say(room: Room, author: User, body: str, seq: int = 1) -> Message:
    msg = Message.build(
        room=room, author_id=author.pk, seq=seq, client_id=uuid.uuid4(), body=body, created_at=timezone.now()
    )
    msg.save()
    return msg


def test_what_a_removed_member_said_stays_in_the_record(
    dialogue: Dialogue, session: Session, participant: User
) -> None:
    msg = _say(session.rooms.get(kind="plenary"), participant, "Dam releases must be published weekly.")
    membership_remove(membership=Membership.objects.get(dialogue=dialogue, user=participant))
    membership = Membership.objects.get(dialogue=dialogue, user=participant)
    assert membership.is_active is False
    # Deleting the account cannot erase the transcript either: the delete is refused and nothing goes.
    with pytest.raises(ProtectedError), transaction.atomic():
        participant.delete()
    assert Message.objects.get(pk=msg.pk).body == "Dam releases must be published weekly."
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_printed_message_shows_neither_its_words_nor_its_author(
    session: Session, participant: User
) -> None:
    # Message objects end up in logs and the admin; under the Chatham House Rule neither may pair
    # what was said with who said it.
    msg = _say(session.rooms.get(kind="plenary"), participant, "CANARY-WORDS about the border")
    text = f"{msg} {msg!r}"
    assert "CANARY" not in text
    assert participant.username not in text
    assert participant.profile.display_name not in text
