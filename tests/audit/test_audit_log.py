"""The audit log (docs/security.md, "Audit log"): reads of confidential things, releases, decisions and
revocations are recorded append-only in one hash chain, by ids only; `audit_verify` finds the first
changed or missing entry; facilitators read their dialogue's log and nobody else does."""

from __future__ import annotations

import json
import threading
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from core.audit import audit_record, audit_verify
from core.models import AuditEntry
from dialogues.models import Dialogue, Session

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tamper(sql: str, params: list[int]) -> None:
    """What someone with write access to the database alone could do."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


def test_the_chain_verifies_and_shows_the_first_changed_entry() -> None:
    for n in range(5):
        audit_record("roster.read", actor_id=7, dialogue_id=3, target=f"dialogue:{n}")
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "5 entries" in out.getvalue()

    third = AuditEntry.objects.order_by("seq")[2]
    _tamper("UPDATE core_auditentry SET actor_id = %s WHERE seq = %s", [8, third.seq])
    checked, broken = audit_verify()
    assert broken is not None and broken.seq == third.seq and "changed" in broken.why
    assert checked == 2
    with pytest.raises(CommandError, match=f"broken at entry {third.seq}"):
        call_command("audit_verify")


def test_a_deleted_entry_is_found_missing() -> None:
    for n in range(4):
        audit_record("revocation", target=f"revocation:{n}", detail={"reason": "removed"})
    second = AuditEntry.objects.order_by("seq")[1]
    _tamper("DELETE FROM core_auditentry WHERE seq = %s", [second.seq])
    _, broken = audit_verify()
    assert broken is not None and broken.seq == second.seq and "missing" in broken.why


def test_deleting_the_newest_entry_is_found_too() -> None:
    for n in range(3):
        audit_record("revocation", target=f"revocation:{n}")
    last = AuditEntry.objects.order_by("seq").last()
    assert last is not None
    _tamper("DELETE FROM core_auditentry WHERE seq = %s", [last.seq])
    _, broken = audit_verify()
    assert broken is not None, "the head row still remembers the newest entry"


@pytest.mark.postgres
def test_postgresql_refuses_to_change_an_entry() -> None:
    audit_record("roster.read", actor_id=1, dialogue_id=1, target="dialogue:1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.update(actor_id=2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_unbroken_chain() -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(15):
                audit_record("transcript.read", actor_id=n, dialogue_id=1, target=f"room:{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    checked, broken = audit_verify()
    assert broken is None and checked == 90
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 91))


def test_reading_the_roster_and_opening_a_room_are_recorded_by_ids_only(
    dialogue: Dialogue, session: Session, facilitator: User, participant: User
) -> None:
    client = signed_in(facilitator)
    assert client.get(f"/dialogues/{dialogue.pk}/roster/").status_code == 200
    assert client.get(f"/sessions/{session.pk}/roster/").status_code == 200
    room = session.rooms.get(kind="plenary")
    assert client.get(f"/rooms/{room.pk}/").status_code == 200
    actions = list(AuditEntry.objects.filter(dialogue_id=dialogue.pk).values_list("action", "actor_id"))
    assert ("roster.read", facilitator.pk) in actions
    assert ("transcript.read", facilitator.pk) in actions
    dumped = json.dumps(list(AuditEntry.objects.values()), default=str)
    for secret in ("Fiona", "Paula", facilitator.email, participant.email, dialogue.title):
        assert secret not in dumped, f"{secret!r} is in the audit log"


def test_a_removal_is_recorded_and_the_facilitator_reads_the_log(
    dialogue: Dialogue, facilitator: User, participant: User
) -> None:
    from dialogues.models import Membership
    from dialogues.services import membership_remove

    membership_remove(membership=Membership.objects.get(user=participant, dialogue=dialogue))
    page = signed_in(facilitator).get(f"/dialogues/{dialogue.pk}/audit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Access revoked" in text and "removed" in text and "Paula Participant" in text


def test_only_facilitators_read_the_log(dialogue: Dialogue, participant: User, outsider: User) -> None:
    for user in (participant, outsider):
        assert signed_in(user).get(f"/dialogues/{dialogue.pk}/audit/").status_code == 404
    assert Client().get(f"/dialogues/{dialogue.pk}/audit/").status_code == 302


def test_single_text_events_join_the_same_chain(dialogue: Dialogue, facilitator: User) -> None:
    from singletext import services as single_text

    text = single_text.text_create(
        dialogue_id=dialogue.pk, user=facilitator, title="Non-paper", source="1. The river is shared."
    )
    entry = AuditEntry.objects.filter(action="single_text.created").get()
    assert (entry.actor_id, entry.dialogue_id, entry.target) == (
        facilitator.pk,
        dialogue.pk,
        f"single_text:{text.pk}",
    )
    assert audit_verify()[1] is None
    assert (
        "Single text: created"
        in signed_in(facilitator).get(f"/dialogues/{dialogue.pk}/audit/").content.decode()
    )


def test_drafts_exports_and_released_reads_are_recorded() -> None:
    from tests.permission_world import build_world

    world = build_world()
    facilitator, liaison = world.client("facilitator"), world.client("liaison")
    assert facilitator.get(f"/summaries/{world.draft.pk}/").status_code == 200
    assert facilitator.get(f"/summaries/{world.draft.pk}/export.md").status_code == 200
    assert liaison.get(f"/released/{world.released.pk}/").status_code == 200
    actions = set(AuditEntry.objects.values_list("action", "target"))
    assert ("draft.read", f"summary:{world.draft.pk}") in actions
    assert ("export.download", f"summary:{world.draft.pk}") in actions
    assert ("summary.read", f"summary:{world.released.pk}") in actions
    assert audit_verify()[1] is None
