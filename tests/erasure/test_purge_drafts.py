"""The purge and what is under the dialogue's data key (issue 12, items 1 and 2): party names, summary
drafts, read-back flags and single texts are sealed under it and go with it; what was released to
liaisons (a summary, a single text) moves under the key ring as it is released and is still read by its
liaison after the purge. Rows are read back as stored ("the backup") to show which key holds them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.crypto import EncryptedTextField, FieldDecryptionError, dialogue_scope, forget_data_keys
from core.models import DataKey, ErasureReceipt
from dialogues.models import Membership, Party, Session
from singletext import services as texts
from singletext.access import access_text_facilitation, access_text_rating
from singletext.models import AuditEntry as TextAudit
from singletext.models import Clause, Rating, Round, SingleText, TextRelease, TextVersion
from summaries import retention
from summaries.models import ReadBack, ReadBackFlag, SummaryVersion
from summaries.readback import readback_flag
from summaries.services import summary_edit
from tests.liaison.helpers import COMMISSION, release_for_real

pytestmark = pytest.mark.django_db

DRAFT = "CANARY-DRAFT the gauging data is published weekly"
KEPT_CLAUSE = "A joint basin commission meets every year."
DRAFT_CLAUSE = "CANARY-CLAUSE the commission meets every month."
CRITICISM = "CANARY-CRITICISM a month is too long in the flood season"


def _stored(table: str, column: str, where: str = "TRUE") -> list[str]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE {where} ORDER BY id")
        return [str(row[0]) for row in cur.fetchall()]


def _opens(token: str) -> bool:
    try:
        EncryptedTextField().from_db_value(token, None, connection)
    except FieldDecryptionError:
        return False
    return True


def _under_dialogue_key(token: str, dialogue_id: int) -> bool:
    ref = DataKey.objects.get(scope=dialogue_scope(dialogue_id)).ref
    return token.startswith(f"dk:{ref}:")


@pytest.fixture
def world(
    session: Session,
    facilitator: User,
    participant: User,
    liaison: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> dict[str, object]:
    # A summary released through the service, and a later draft edited from it.
    release = release_for_real(session, facilitator, django_capture_on_commit_callbacks)
    draft = summary_edit(version=release, body=f"## Discussion\n\n- {DRAFT}\n", user=facilitator)
    # A single text: version 1 released, version 2 drafted after and rated; a second never released.
    kept = texts.text_create(
        dialogue_id=session.dialogue_id, user=facilitator, title="Basin non-paper", source=KEPT_CLAUSE
    )
    fac = access_text_facilitation(user=facilitator, text_id=kept.pk)
    text_release = texts.text_release(access=fac, user=facilitator)
    texts.version_create(access=fac, user=facilitator, source=DRAFT_CLAUSE)
    texts.round_open(access=fac, user=facilitator, deadline=timezone.now() + timedelta(days=1))
    texts.ratings_save(
        access=access_text_rating(user=participant, text_id=kept.pk),
        user=participant,
        ratings={1: ("cannot", CRITICISM)},
    )
    unreleased = texts.text_create(
        dialogue_id=session.dialogue_id, user=facilitator, title="CANARY-TITLE", source=DRAFT_CLAUSE
    )
    Session.objects.filter(pk=session.pk).update(status="closed", ended_at=timezone.now())
    return {
        "release": release,
        "draft": draft,
        "kept": kept,
        "text_release": text_release,
        "unreleased": unreleased,
    }


def test_drafts_are_under_the_dialogue_key_and_a_release_moves_to_the_ring(
    world: dict[str, object], session: Session
) -> None:
    dialogue_id = session.dialogue_id
    draft, release = world["draft"], world["release"]
    assert isinstance(draft, SummaryVersion) and isinstance(release, SummaryVersion)
    (draft_body,) = _stored("facilitation_summaryversion", "body", f"id = {draft.pk}")
    (released_body,) = _stored("facilitation_summaryversion", "body", f"id = {release.pk}")
    assert _under_dialogue_key(draft_body, dialogue_id)
    assert not released_body.startswith("dk:") and _opens(released_body)  # the key ring's
    names = _stored("dialogues_party", "name", f"dialogue_id = {dialogue_id}")
    assert len(names) == 2 and all(_under_dialogue_key(n, dialogue_id) for n in names)
    assert "Northvale" not in str(names)
    # A party is still found by its name (the keyed hash), and listed in order after decryption.
    assert Party.objects.get(dialogue_id=dialogue_id, name="southmark").name == "Southmark"
    # Single texts: the released version's clause is the ring's, the later draft's the dialogue's.
    text_release = world["text_release"]
    assert isinstance(text_release, TextRelease)
    (kept_clause,) = _stored("singletext_clause", "body", f"version_id = {text_release.version_id}")
    assert not kept_clause.startswith("dk:")
    drafted = _stored("singletext_clause", "body", f"version_id <> {text_release.version_id}")
    criticism = _stored("singletext_rating", "criticism")
    assert len(drafted) == 2 and all(_under_dialogue_key(t, dialogue_id) for t in drafted + criticism)


def test_the_purge_erases_drafts_parties_and_single_texts_and_keeps_what_was_released(
    world: dict[str, object], session: Session, facilitator: User, participant: User, liaison: User
) -> None:
    dialogue_id = session.dialogue_id
    draft, kept, text_release = world["draft"], world["kept"], world["text_release"]
    assert isinstance(draft, SummaryVersion) and isinstance(text_release, TextRelease)
    assert isinstance(kept, SingleText)
    # The backup, taken before the purge: the draft, the parties, the single texts' drafting.
    backup = _stored("facilitation_summaryversion", "body", f"id = {draft.pk}")
    backup += _stored("dialogues_party", "name", f"dialogue_id = {dialogue_id}")
    backup += _stored("singletext_clause", "body", f"version_id <> {text_release.version_id}")
    backup += _stored("singletext_rating", "criticism")
    backup += _stored("singletext_singletext", "title", f"id <> {kept.pk}")
    assert len(backup) == 7 and all(_opens(t) for t in backup)

    receipt = retention.dialogue_purge(dialogue_id=dialogue_id, policy="purge-now", actor_id=facilitator.pk)
    assert receipt is not None
    forget_data_keys()
    assert not any(_opens(t) for t in backup)  # a restored pre-purge copy of the drafts reads nothing

    assert not Party.objects.filter(dialogue_id=dialogue_id).exists()
    assert not Membership.objects.filter(dialogue_id=dialogue_id, party__isnull=False).exists()
    assert list(SingleText.objects.filter(dialogue_id=dialogue_id)) == [kept]
    assert list(TextVersion.objects.filter(text=kept)) == [text_release.version]
    assert not Rating.objects.exists() and not Round.objects.exists()
    assert Clause.objects.filter(version__text__dialogue_id=dialogue_id).count() == 1
    assert set(TextAudit.objects.filter(text=kept).values_list("kind", flat=True)) == {"released"}
    counts = receipt.counts
    assert counts["summary_drafts"] == 1 and counts["parties"] == 2
    assert (counts["single_texts"], counts["single_text_versions"], counts["single_text_clauses"]) == (
        1,
        2,
        2,
    )
    assert (counts["single_text_rounds"], counts["single_text_ratings"]) == (1, 1)
    assert counts["single_text_audit_entries"] >= 5  # created, versions, the round; the release is kept
    assert ErasureReceipt.objects.get(dialogue_id=dialogue_id).counts == counts

    # The liaison still reads both releases; the facilitator's pages still open.
    reader = Client()
    reader.force_login(liaison)
    summary = reader.get(reverse("liaison:read", args=[world["release"].pk]))  # type: ignore[attr-defined]
    assert summary.status_code == 200 and COMMISSION.encode() in summary.content
    text_page = reader.get(reverse("singletext:released", args=[text_release.pk]))
    assert text_page.status_code == 200 and KEPT_CLAUSE.encode() in text_page.content
    assert b"Basin non-paper" in text_page.content
    client = Client()
    client.force_login(facilitator)
    assert client.get(reverse("dialogues:detail", args=[dialogue_id])).status_code == 200
    assert client.get(reverse("singletext:list", args=[dialogue_id])).status_code == 200


def test_read_back_flags_are_sealed_and_purged(
    world: dict[str, object], session: Session, facilitator: User, participant: User
) -> None:
    draft = world["draft"]
    assert isinstance(draft, SummaryVersion)
    read_back = ReadBack.objects.create(
        version=draft,
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(hours=1),
        opened_by=facilitator,
    )
    flag = readback_flag(read_back=read_back, line=1, note="CANARY-NOTE this line names my minister")
    (stored,) = _stored("facilitation_readbackflag", "note", f"id = {flag.pk}")
    assert _under_dialogue_key(stored, session.dialogue_id)
    receipt = retention.dialogue_purge(dialogue_id=session.dialogue_id, policy="purge-now")
    assert receipt is not None and receipt.counts["read_back_flags"] == 1
    assert not ReadBackFlag.objects.exists()
    forget_data_keys()
    assert not _opens(stored)
