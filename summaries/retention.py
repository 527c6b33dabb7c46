"""Retention and purge of a dialogue's transcripts and drafts (issue 12, item 2; docs/data-lifecycle.md).

Each dialogue keeps what was said and drafted for `Retention.days` (default 90; facilitators may shorten
it) after its last release, or after its last session ended when nothing was released. Then the purge:

1. claims the dialogue (compare-and-swap on `core.Retention`, a lease that a dead worker's run loses);
2. destroys the dialogue's data key, so every copy of its messages, renderings, captures, statements and
   invitations — a replica, a dump, a backup restored later — can no longer be decrypted;
3. deletes those rows, the drafts (summary versions never released, read-backs, rapporteur notes), the
   single texts' drafting (versions never released, rounds, ratings, votes), the parties, the
   per-person traces of the sessions (pseudonyms, hands, floor turns, sanctions) and the memberships and
   consents of everyone but facilitators and liaisons;
4. keeps released summaries and released single texts (their text is under the key ring since their
   release), their uptake and handoff log, and writes an erasure receipt (kinds of data,
   row counts, when, which policy; no identity) and a `purge` entry in the audit chain.

It lives here, above `dialogues`, `facilitation` and `participants`, because it deletes from all three and
keeps what this app released. Rows are deleted by id without loading them: their text can no longer be
decrypted once the key is gone, and loading it would fail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.audit import audit_record
from core.crypto import data_key_destroy, dialogue_scope
from core.errors import ParleyError
from core.models import ErasureReceipt, Retention
from dialogues.choices import Role, SessionStatus
from dialogues.models import (
    AgendaItem,
    Consent,
    Dialogue,
    FloorTurn,
    Hand,
    Membership,
    Message,
    MessageRendering,
    Party,
    Pseudonym,
    Sanction,
    Session,
)
from dialogues.purge import PURGE_STEPS, count_and_delete
from facilitation.models import CapturedItem, Statement, Vote
from participants.models import Invitation

from .models import RapporteurNotes, ReadBack, ReadBackFlag, SummaryStatus, SummaryVersion

log = logging.getLogger(__name__)

KEPT_ROLES = (Role.FACILITATOR, Role.LIAISON)


def lease_seconds() -> float:
    return float(getattr(settings, "PARLEY_TASK_LEASE_SECONDS", 60))


@dataclass(frozen=True)
class Policy:
    days: int
    expires_at: datetime | None  # None: nothing to expire yet (a session to come, or nothing ended)
    purged_at: datetime | None

    @property
    def default(self) -> bool:
        return self.days == Retention.DEFAULT_DAYS


def _row(dialogue_id: int) -> Retention:
    row, _ = Retention.objects.get_or_create(dialogue_id=dialogue_id)
    return row


def retention_policy(dialogue_id: int) -> Policy:
    row = Retention.objects.filter(dialogue_id=dialogue_id).first()
    days = row.days if row else Retention.DEFAULT_DAYS
    return Policy(
        days=days, expires_at=_expires_at(dialogue_id, days), purged_at=row.purged_at if row else None
    )


def _expires_at(dialogue_id: int, days: int) -> datetime | None:
    sessions = Session.objects.filter(dialogue_id=dialogue_id)
    if not sessions.exists() or sessions.exclude(status=SessionStatus.CLOSED).exists():
        return None
    last_release = SummaryVersion.objects.filter(
        session__dialogue_id=dialogue_id, status=SummaryStatus.RELEASED
    ).aggregate(at=Max("released_at"))["at"]
    start = last_release or sessions.aggregate(at=Max("ended_at"))["at"]
    return start + timedelta(days=days) if start else None


def retention_set(*, dialogue: Dialogue, days: int) -> Policy:
    """Shorten (or restore up to the default) how long the dialogue's transcripts and drafts are kept."""
    if not 1 <= days <= Retention.DEFAULT_DAYS:
        raise ParleyError(
            "invalid",
            gettext("Keep transcripts between 1 and %(max_days)s days after the last release.")
            % {"max_days": Retention.DEFAULT_DAYS},
        )
    with transaction.atomic():
        row = _row(dialogue.pk)
        Retention.objects.filter(pk=row.pk).update(days=days)
    return retention_policy(dialogue.pk)


def expired_dialogue_ids(now: datetime | None = None) -> list[int]:
    """Dialogues whose retention has run out and that are not purged yet."""
    now = now or timezone.now()
    purged = set(Retention.objects.filter(purged_at__isnull=False).values_list("dialogue_id", flat=True))
    ended = (
        Dialogue.objects.exclude(pk__in=purged)
        .filter(sessions__isnull=False)
        .exclude(sessions__status__in=[s for s in SessionStatus.values if s != SessionStatus.CLOSED])
        .values_list("pk", flat=True)
        .distinct()
    )
    expired = []
    for dialogue_id in ended:
        at = retention_policy(dialogue_id).expires_at
        if at is not None and at <= now:
            expired.append(dialogue_id)
    return expired


def _claim(dialogue_id: int) -> bool:
    """Compare-and-swap: one run purges a dialogue; a run whose lease expired (dead worker) is replaced."""
    _row(dialogue_id)
    stale = timezone.now() - timedelta(seconds=lease_seconds())
    return bool(
        Retention.objects.filter(dialogue_id=dialogue_id, purged_at__isnull=True)
        .filter(Q(purge_claimed_at__isnull=True) | Q(purge_claimed_at__lt=stale))
        .update(purge_claimed_at=timezone.now())
    )


def dialogue_purge(*, dialogue_id: int, policy: str, actor_id: int | None = None) -> ErasureReceipt | None:
    """Purge one dialogue now. None if another run holds it or it was purged already."""
    if Session.objects.filter(dialogue_id=dialogue_id).exclude(status=SessionStatus.CLOSED).exists():
        raise ParleyError(
            "conflict",
            gettext("A session of this dialogue has not ended: end it (or delete it) before purging."),
        )
    if not _claim(dialogue_id):
        return None
    counts: dict[str, int] = {}
    with transaction.atomic():
        key_destroyed = data_key_destroy(dialogue_scope(dialogue_id))
        sessions = Session.objects.filter(dialogue_id=dialogue_id)
        in_rooms = Q(room__session__dialogue_id=dialogue_id)
        count_and_delete(counts, "message_renderings", MessageRendering.objects.filter(in_rooms))
        count_and_delete(counts, "messages", Message.objects.filter(in_rooms))
        count_and_delete(counts, "hands", Hand.objects.filter(in_rooms))
        count_and_delete(counts, "floor_turns", FloorTurn.objects.filter(in_rooms))
        count_and_delete(counts, "pseudonyms", Pseudonym.objects.filter(session__in=sessions))
        count_and_delete(counts, "sanctions", Sanction.objects.filter(session__in=sessions))
        count_and_delete(counts, "votes", Vote.objects.filter(statement__session__in=sessions))
        count_and_delete(counts, "statements", Statement.objects.filter(session__in=sessions))
        # Captures carried into a later session point at the earlier one: clear the links first.
        CapturedItem.objects.filter(session__in=sessions).update(carried_from=None)
        count_and_delete(counts, "captures", CapturedItem.objects.filter(session__in=sessions))
        # Read-back flags quote drafts under the dialogue's key: all go, a released version's too.
        count_and_delete(
            counts, "read_back_flags", ReadBackFlag.objects.filter(read_back__version__session__in=sessions)
        )
        drafts = SummaryVersion.objects.filter(session__in=sessions).exclude(status=SummaryStatus.RELEASED)
        SummaryVersion.objects.filter(session__in=sessions, parent__in=drafts).update(parent=None)
        read_backs = ReadBack.objects.filter(version__in=drafts)
        counts["read_backs"] = read_backs.count()
        read_backs.only("pk").delete()
        counts["summary_drafts"] = drafts.count()
        drafts.only("pk").delete()
        count_and_delete(counts, "rapporteur_notes", RapporteurNotes.objects.filter(session__in=sessions))
        # Agenda items are sealed under the destroyed key (after the messages, captures and statements
        # that point at them): no page could show them again.
        sessions.update(current_item=None)
        count_and_delete(counts, "agenda_items", AgendaItem.objects.filter(session__in=sessions))
        # A released version's review list quotes sentences as they were said: liaisons never see it.
        reviews = SummaryVersion.objects.filter(session__in=sessions, status=SummaryStatus.RELEASED)
        counts["released_review_lists"] = reviews.exclude(review="").update(review="")
        for step in PURGE_STEPS:  # the single texts' (singletext.retention), added at start-up
            step(dialogue_id, counts)
        count_and_delete(counts, "invitations", Invitation.objects.filter(dialogue_id=dialogue_id))
        people = Membership.objects.filter(dialogue_id=dialogue_id).exclude(role__in=KEPT_ROLES)
        count_and_delete(
            counts,
            "consents",
            Consent.objects.filter(dialogue_id=dialogue_id, user_id__in=people.values("user_id")),
        )
        people.update(is_active=False, party=None)
        counts["memberships_closed"] = people.count()
        # Party names are sealed under the destroyed key: the kept memberships lose theirs too.
        Membership.objects.filter(dialogue_id=dialogue_id, party__isnull=False).update(party=None)
        count_and_delete(counts, "parties", Party.objects.filter(dialogue_id=dialogue_id))
        now = timezone.now()
        entry = audit_record(
            "purge",
            actor_id=actor_id,
            dialogue_id=dialogue_id,
            target=f"dialogue:{dialogue_id}",
            detail={"policy": policy, "key_destroyed": key_destroyed, "rows": sum(counts.values())},
        )
        receipt = ErasureReceipt.objects.create(
            kind=ErasureReceipt.Kind.DIALOGUE,
            dialogue_id=dialogue_id,
            at=now,
            policy=policy,
            counts=counts,
            key_destroyed=key_destroyed,
            audit_seq=entry.seq,
        )
        Retention.objects.filter(dialogue_id=dialogue_id).update(purged_at=now)
    log.info("dialogue %s purged under %s: %s rows", dialogue_id, policy, sum(counts.values()))
    return receipt


def purge_expired(now: datetime | None = None) -> list[int]:
    """For beat: purge every dialogue whose retention ran out. Returns the ids purged by this run."""
    done = []
    for dialogue_id in expired_dialogue_ids(now):
        days = retention_policy(dialogue_id).days
        try:
            receipt = dialogue_purge(dialogue_id=dialogue_id, policy=f"retention-{days}-days")
        except ParleyError:
            continue  # a session was reopened meanwhile: next run
        if receipt is not None:
            done.append(dialogue_id)
    return done


def receipts_for(dialogue_id: int) -> QuerySet[ErasureReceipt]:
    return ErasureReceipt.objects.filter(dialogue_id=dialogue_id, kind=ErasureReceipt.Kind.DIALOGUE)
