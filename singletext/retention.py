"""Single texts in a dialogue's purge (summaries.retention runs it through `dialogues.purge.PURGE_STEPS`;
docs/data-lifecycle.md, "Released documents").

The drafting goes: versions never released with their clauses, rounds, ratings, package votes, ballots,
the trail of all that, and texts never released. A released text keeps what its liaisons read — its
title, released versions and their clauses (under the key ring since their release), the releases, their
uptake, and the trail of its releases, reads and uptake.
"""

from __future__ import annotations

from django.db.models import Q

from dialogues.purge import count_and_delete

from .models import (
    AuditEntry,
    Ballot,
    Clause,
    PackageVote,
    Rating,
    Round,
    SingleText,
    TextRelease,
    TextVersion,
)

KEPT_TRAIL = (AuditEntry.Kind.RELEASED, AuditEntry.Kind.READ, AuditEntry.Kind.UPTAKE)


def single_texts_purge(dialogue_id: int, counts: dict[str, int]) -> None:
    texts = SingleText.objects.filter(dialogue_id=dialogue_id)
    released = TextRelease.objects.filter(text__in=texts).values("version_id")
    count_and_delete(counts, "single_text_ballots", Ballot.objects.filter(vote__text__in=texts))
    count_and_delete(counts, "single_text_votes", PackageVote.objects.filter(text__in=texts))
    count_and_delete(counts, "single_text_ratings", Rating.objects.filter(round__text__in=texts))
    count_and_delete(counts, "single_text_rounds", Round.objects.filter(text__in=texts))
    kept = Q(text__in=released.values("text_id")) & Q(kind__in=KEPT_TRAIL)
    trail = AuditEntry.objects.filter(text__in=texts).exclude(kept)
    count_and_delete(counts, "single_text_audit_entries", trail)
    drafts = TextVersion.objects.filter(text__in=texts).exclude(pk__in=released)
    count_and_delete(counts, "single_text_clauses", Clause.objects.filter(version__in=drafts))
    count_and_delete(counts, "single_text_versions", drafts)
    count_and_delete(counts, "single_texts", texts.filter(releases__isnull=True))
