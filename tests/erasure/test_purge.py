"""Retention and purge (issue 12, item 2): the dialogue's key is destroyed, then its rows deleted; a copy of
its encrypted rows taken before cannot be read with the keys that remain; the released summary stays
readable by its liaison; a receipt and an audit entry record what went, and nobody."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_verify
from core.crypto import EncryptedTextField, FieldDecryptionError, forget_data_keys
from core.models import AuditEntry, DataKey, ErasureReceipt
from dialogues.choices import Role
from dialogues.models import Dialogue, Membership, Message, Session
from facilitation.models import CapturedItem, Statement
from participants import services as people
from participants.models import Invitation
from summaries import retention
from summaries.models import SummaryStatus, SummaryVersion
from summaries.tasks import purge_expired
from tests.factories import DialogueFactory, SessionFactory
from tests.liaison.helpers import COMMISSION, released, version

pytestmark = pytest.mark.django_db

SAID = "CANARY-PURGE the upstream dam is ours to open"


def _raw(sql: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(sql)
        return [str(row[0]) for row in cur.fetchall()]


def _opens(token: str) -> bool:
    try:
        EncryptedTextField().from_db_value(token, None, connection)
    except FieldDecryptionError:
        return False
    return True


def _said(session: Session, author: User, body: str, seq: int) -> Message:
    msg = Message.build(
        room=session.rooms.get(kind="plenary"),
        author_id=author.pk,
        seq=seq,
        client_id=uuid.uuid4(),
        body=body,
        created_at=timezone.now(),
    )
    msg.save()
    return msg


def _end(session: Session, when: datetime | None = None) -> None:
    Session.objects.filter(pk=session.pk).update(status="closed", ended_at=when or timezone.now())


@pytest.fixture
def spoken(session: Session, facilitator: User, participant: User, liaison: User) -> dict[str, object]:
    for seq in range(1, 4):
        _said(session, participant, f"{SAID} {seq}", seq)
    CapturedItem.objects.create(
        session=session, kind="proposal", text="CANARY-PURGE capture", created_by=facilitator
    )
    Statement.objects.create(session=session, text="CANARY-PURGE statement")
    people.invitation_create(
        dialogue=session.dialogue,
        email="invitee.canary@example.org",
        role=Role.OBSERVER,
        created_by=facilitator,
    )
    draft = version(session, SummaryStatus.DRAFT, "CANARY-PURGE draft only")
    release = released(session)
    _end(session)
    return {"draft": draft, "release": release}


def test_purge_now_destroys_the_key_then_the_rows_and_keeps_the_release(
    spoken: dict[str, object], session: Session, facilitator: User, participant: User, liaison: User
) -> None:
    dialogue_id = session.dialogue_id
    # The "backup": the dialogue's encrypted rows as they are stored, taken before the purge.
    backup = _raw("SELECT body FROM dialogues_message")
    backup += _raw("SELECT text FROM facilitation_captureditem") + _raw(
        "SELECT text FROM facilitation_statement"
    )
    backup += _raw("SELECT email FROM participants_invitation")
    assert len(backup) == 6 and all(_opens(t) for t in backup)
    other = SessionFactory.create(dialogue=DialogueFactory.create(title="Another dialogue"))
    kept = _said(other, participant, "another dialogue's words", 1)

    client = Client()
    client.force_login(facilitator)
    detail = client.get(reverse("dialogues:detail", args=[dialogue_id])).content
    assert reverse("summaries:retention", args=[dialogue_id]).encode() in detail
    page = client.get(reverse("summaries:purge", args=[dialogue_id]))
    assert page.status_code == 200 and b"cannot be undone" in page.content
    refused = client.post(reverse("summaries:purge", args=[dialogue_id]), {})
    assert refused.status_code == 400 and b"Tick the box" in refused.content
    assert Message.objects.filter(room__session=session).count() == 3  # nothing purged without confirming

    done = client.post(reverse("summaries:purge", args=[dialogue_id]), {"confirm": "on"}, follow=True)
    assert done.status_code == 200 and b"The dialogue was purged" in done.content

    assert not DataKey.objects.filter(scope=f"dialogue:{dialogue_id}").exists()
    assert not Message.objects.filter(room__session=session).exists()
    assert not CapturedItem.objects.filter(session=session).exists()
    assert not Statement.objects.filter(session=session).exists()
    assert not Invitation.objects.filter(dialogue_id=dialogue_id).exists()
    assert list(SummaryVersion.objects.filter(session=session).values_list("status", flat=True)) == [
        "released"
    ]
    assert not Membership.objects.get(dialogue_id=dialogue_id, user=participant).is_active
    # Restoring the backup does not help: no key that remains opens any of it (this process forgot the
    # key with the purge; another process would find no key row).
    forget_data_keys()
    assert not any(_opens(t) for t in backup)
    assert Message.objects.get(pk=kept.pk).body == "another dialogue's words"

    reader = Client()
    reader.force_login(liaison)
    read = reader.get(reverse("liaison:read", args=[spoken["release"].pk]))  # type: ignore[attr-defined]
    assert read.status_code == 200 and COMMISSION.encode() in read.content

    receipt = ErasureReceipt.objects.get(dialogue_id=dialogue_id)
    assert receipt.policy == "purge-now" and receipt.key_destroyed
    assert receipt.counts["messages"] == 3 and receipt.counts["captures"] == 1
    assert receipt.counts["statements"] == 1 and receipt.counts["invitations"] == 1
    assert receipt.counts["summary_drafts"] == 1
    for name in ("paula", "Paula", "fiona", "Fiona", "invitee.canary", "CANARY"):
        assert name not in str(receipt.counts) + receipt.policy
    entry = AuditEntry.objects.get(action="purge", dialogue_id=dialogue_id)
    assert (entry.actor_id, entry.seq) == (facilitator.pk, receipt.audit_seq)
    assert audit_verify()[1] is None
    page = client.get(reverse("summaries:retention", args=[dialogue_id]))
    assert b"purge-now" in page.content and b"messages: 3" in page.content


def test_a_purge_runs_once(spoken: dict[str, object], session: Session) -> None:
    assert retention.dialogue_purge(dialogue_id=session.dialogue_id, policy="purge-now") is not None
    assert retention.dialogue_purge(dialogue_id=session.dialogue_id, policy="purge-now") is None
    assert ErasureReceipt.objects.count() == 1


def test_a_session_not_ended_blocks_the_purge(client: Client, session: Session, facilitator: User) -> None:
    client.force_login(facilitator)
    response = client.post(reverse("summaries:purge", args=[session.dialogue_id]), {"confirm": "on"})
    assert response.status_code == 400 and b"has not ended" in response.content
    assert not ErasureReceipt.objects.exists()


def test_beat_purges_only_what_expired_and_a_shorter_policy_comes_sooner(
    facilitator: User, participant: User
) -> None:
    def dialogue_released(days_ago: int) -> Dialogue:
        d = DialogueFactory.create()
        s = SessionFactory.create(dialogue=d)
        _said(s, participant, "words", 1)
        v = released(s)
        SummaryVersion.objects.filter(pk=v.pk).update(released_at=timezone.now() - timedelta(days=days_ago))
        _end(s, timezone.now() - timedelta(days=days_ago + 1))
        return d

    old, recent, shortened = dialogue_released(91), dialogue_released(10), dialogue_released(10)
    client = Client()
    client.force_login(facilitator)
    Membership.objects.create(dialogue=shortened, user=facilitator, role=Role.FACILITATOR)
    response = client.post(reverse("summaries:retention", args=[shortened.pk]), {"days": "5"})
    assert response.status_code == 302
    bad = client.post(reverse("summaries:retention", args=[shortened.pk]), {"days": "400"})
    assert bad.status_code == 400
    assert retention.retention_policy(shortened.pk).days == 5

    assert purge_expired.delay().get() == 2
    purged = set(ErasureReceipt.objects.values_list("dialogue_id", flat=True))
    assert purged == {old.pk, shortened.pk}
    assert ErasureReceipt.objects.get(dialogue_id=old.pk).policy == "retention-90-days"
    assert Message.objects.filter(room__session__dialogue=recent).count() == 1
    assert purge_expired.delay().get() == 0  # safe to run again


def test_a_dead_runs_claim_is_taken_over_after_its_lease(spoken: dict[str, object], session: Session) -> None:
    from core.models import Retention

    Retention.objects.create(dialogue_id=session.dialogue_id, purge_claimed_at=timezone.now())
    assert retention.dialogue_purge(dialogue_id=session.dialogue_id, policy="purge-now") is None
    Retention.objects.filter(dialogue_id=session.dialogue_id).update(
        purge_claimed_at=timezone.now() - timedelta(minutes=5)
    )
    assert retention.dialogue_purge(dialogue_id=session.dialogue_id, policy="purge-now") is not None


def test_only_facilitators_see_the_retention_page(
    client: Client, session: Session, participant: User
) -> None:
    client.force_login(participant)
    assert client.get(reverse("summaries:retention", args=[session.dialogue_id])).status_code == 404
    assert (
        client.post(reverse("summaries:purge", args=[session.dialogue_id]), {"confirm": "on"}).status_code
        == 404
    )
