"""Reads: versions and clauses, the state of rounds and votes, one person's own ratings, and the
facilitator's k-safe report. Nothing returned here names a rater or voter."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from dialogues.models import Dialogue

from . import text as textlib
from .models import Ballot, Clause, PackageVote, Rating, Round, SingleText, TextRelease, TextVersion

NO_PARTY = "No party"
VALUES = [v for v, _ in Rating.Value.choices]


def k_min() -> int:
    return int(settings.PARLEY_K_ANONYMITY)


def person_hash(scope: str, scope_id: int, user_id: int) -> str:
    """The stored stand-in for a rater or voter: stable within one round or vote, useless without
    SECRET_KEY, and different in every round, so no two rounds can be joined person by person."""
    return salted_hmac("parley.singletext", f"{scope}:{scope_id}:{user_id}", algorithm="sha256").hexdigest()


def texts_of(dialogue: Dialogue) -> QuerySet[SingleText]:
    return SingleText.objects.filter(dialogue=dialogue).order_by("-created_at", "-id")


def latest_version(text: SingleText) -> TextVersion | None:
    return text.versions.order_by("-number").first()


def clauses_of(version: TextVersion) -> list[str]:
    return [c.body for c in Clause.objects.filter(version=version).order_by("number")]


def is_open(round_: Round | None) -> bool:
    return round_ is not None and round_.closed_at is None and timezone.now() < round_.deadline


def latest_round(text: SingleText) -> Round | None:
    return text.rounds.select_related("version").order_by("-number").first()


def open_vote(text: SingleText) -> PackageVote | None:
    return text.package_votes.filter(closed_at__isnull=True).select_related("version").first()


def last_vote(text: SingleText) -> PackageVote | None:
    return text.package_votes.select_related("version").order_by("-opened_at", "-id").first()


def my_ratings(round_: Round, user_id: int) -> dict[int, dict[str, str]]:
    """The person's own ratings in a round (clause number -> value, criticism), for them alone."""
    rows = Rating.objects.filter(round=round_, rater=person_hash("round", round_.pk, user_id)).select_related(
        "clause"
    )
    return {r.clause.number: {"value": r.value, "criticism": r.criticism} for r in rows}


def my_ballot(vote: PackageVote, user_id: int) -> bool | None:
    found = Ballot.objects.filter(vote=vote, voter=person_hash("vote", vote.pk, user_id)).first()
    return None if found is None else found.accept


def ballots_cast(vote: PackageVote) -> int:
    return vote.ballots.count()


@dataclass
class VersionView:
    version: TextVersion
    clauses: list[str]
    diff: list[textlib.ClauseDiff] = field(default_factory=list)
    resolved: list[textlib.Resolution] = field(default_factory=list)
    open_brackets: int = 0


def history(text: SingleText) -> list[VersionView]:
    """Every version, oldest first, each with its word diff against the one before and the brackets
    it resolved."""
    by_version: dict[int, list[str]] = defaultdict(list)
    for version_id, body in (
        Clause.objects.filter(version__text=text)
        .order_by("version_id", "number")
        .values_list("version_id", "body")
    ):
        by_version[version_id].append(body)
    out: list[VersionView] = []
    previous: list[str] | None = None
    for version in text.versions.order_by("number"):
        clauses = by_version.get(version.pk, [])
        view = VersionView(version=version, clauses=clauses, open_brackets=textlib.open_brackets(clauses))
        if previous is not None:
            view.diff = textlib.diff_versions(previous, clauses)
            view.resolved = textlib.resolved_brackets(previous, clauses)
        out.append(view)
        previous = clauses
    return out


# --- the facilitator's report: k-safe counts ---------------------------------------------------------


def _counts(values: list[str]) -> dict[str, int]:
    tally = Counter(values)
    return {v: tally.get(v, 0) for v in VALUES}


def k_safe_buckets(members: dict[str, list[str]], k: int) -> tuple[list[dict[str, Any]], int]:
    """Buckets (party or opinion group -> the ratings of its people) that may be shown, and how many
    people are in the ones that may not.

    A bucket of fewer than k people is never shown; and when the hidden people number 1 to k-1, the
    smallest shown buckets are hidden too, because the total minus the shown buckets would give the
    hidden ones away (complementary suppression).
    """
    sizes = sorted(members.items(), key=lambda kv: (len(kv[1]), kv[0]))
    hidden = [name for name, vals in sizes if len(vals) < k]
    shown = [name for name, vals in sizes if len(vals) >= k]
    while 0 < sum(len(members[n]) for n in hidden) < k and shown:
        hidden.append(shown.pop(0))
    rows = [{"name": n, "people": len(members[n]), "counts": _counts(members[n])} for n in sorted(shown)]
    return rows, sum(len(members[n]) for n in hidden)


@dataclass
class ClauseReport:
    number: int
    text: str
    raters: int
    counts: dict[str, int] | None  # None below k raters
    parties: list[dict[str, Any]]
    parties_hidden: int
    groups: list[dict[str, Any]]
    groups_hidden: int
    criticisms: list[str]


@dataclass
class RoundReport:
    round: Round
    k: int
    raters: int
    clauses: list[ClauseReport]


def _opinion_groups(rows: list[tuple[str, int, str]], k: int) -> dict[str, int]:
    """rater -> opinion group, found from the round's own ratings with the common-ground method
    (acceptable = agree, can live with = pass, cannot accept = disagree). Empty when the method finds
    no groups (too few raters to cluster)."""
    from commonground import analyze

    score = {"acceptable": 1, "live_with": 0, "cannot": -1}
    votes = [(rater, f"c{number}", score[value]) for rater, number, value in rows]
    if not votes:
        return {}
    try:
        analysis = analyze(votes, k_min=k)
    except ValueError:
        return {}
    if len(analysis.groups) < 2:
        return {}  # one group is everyone: the total says it already
    return {member: group.index for group in analysis.groups for member in group.members}


def round_report(round_: Round, *, redact: Any) -> RoundReport:
    """Per clause: how many rated, the distribution (k or more raters), by party and by opinion group
    (k-safe buckets), and the criticisms, redacted, without author and in alphabetical order (the
    order they came in would hint at who wrote them)."""
    k = k_min()
    clauses = list(Clause.objects.filter(version=round_.version).order_by("number"))
    rows = list(
        Rating.objects.filter(round=round_).values_list(
            "rater", "clause__number", "value", "party__name", "criticism"
        )
    )
    groups = _opinion_groups([(r, n, v) for r, n, v, _, _ in rows], k)
    out = []
    for clause in clauses:
        mine = [row for row in rows if row[1] == clause.number]
        values = [v for _, _, v, _, _ in mine]
        by_party: dict[str, list[str]] = defaultdict(list)
        by_group: dict[str, list[str]] = defaultdict(list)
        for rater, _, value, party, _ in mine:
            by_party[party or NO_PARTY].append(value)
            if rater in groups:
                by_group[f"Group {chr(ord('A') + groups[rater])}"].append(value)
        parties, parties_hidden = k_safe_buckets(by_party, k)
        opinion, groups_hidden = k_safe_buckets(by_group, k) if by_group else ([], 0)
        criticisms = sorted(redact(c) for *_, c in mine if c)
        out.append(
            ClauseReport(
                number=clause.number,
                text=clause.body,
                raters=len(mine),
                counts=_counts(values) if len(mine) >= k else None,
                parties=parties,
                parties_hidden=parties_hidden,
                groups=opinion,
                groups_hidden=groups_hidden,
                criticisms=criticisms,
            )
        )
    raters = len({r for r, *_ in rows})
    return RoundReport(round=round_, k=k, raters=raters, clauses=out)


def acceptance_profile(version: TextVersion) -> list[dict[str, Any]]:
    """Per clause of `version`, the counts of its latest round, or null below k raters: what a release
    carries. No party, no group, no criticism."""
    k = k_min()
    round_ = version.rounds.order_by("-number").first()
    clauses = list(Clause.objects.filter(version=version).order_by("number").values_list("number", flat=True))
    rows = (
        list(Rating.objects.filter(round=round_).values_list("clause__number", "value"))
        if round_ is not None
        else []
    )
    out: list[dict[str, Any]] = []
    for number in clauses:
        values = [v for n, v in rows if n == number]
        out.append({"clause": number, "counts": _counts(values) if len(values) >= k else None})
    return out


def releases_for_dialogue(dialogue: Dialogue) -> QuerySet[TextRelease]:
    return TextRelease.objects.filter(text__dialogue=dialogue).select_related("text", "version")


def release_clauses(release: TextRelease) -> list[dict[str, Any]]:
    profile = {row.get("clause"): row.get("counts") for row in release.profile if isinstance(row, dict)}
    return [
        {"number": n, "text": body, "counts": profile.get(n)}
        for n, body in Clause.objects.filter(version=release.version)
        .order_by("number")
        .values_list("number", "body")
    ]
