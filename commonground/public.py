"""What may be shown outside the facilitation team: no participant ids, no bucket under k people."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import stats
from .results import Analysis, AnalysisError, Counts, Group, Party, Scored

HIDDEN: dict[str, Any] = {"hidden": True, "reason": "too few to show"}


def _hidden() -> dict[str, Any]:
    return dict(HIDDEN)


def _cells(agreement: Mapping[str, Counts], k_min: int) -> dict[str, dict[str, Any]]:
    # A cell seen by fewer than k people is hidden too: "1 of 1 in party X disagreed" narrows it to
    # one of the few people a liaison knows are in party X.
    return {sid: counts.as_dict() if counts.seen >= k_min else _hidden() for sid, counts in agreement.items()}


def _scored(items: tuple[Scored, ...]) -> list[dict[str, Any]]:
    return [{"statement": item.statement, "score": round(item.score, 4)} for item in items]


def _group(group: Group, analysis: Analysis, k_min: int) -> dict[str, Any]:
    # Sorted by position, not by participant, so the order of points says nothing about who is who.
    points = sorted(
        (round(x, 3), round(y, 3)) for x, y in (analysis.coordinates[member] for member in group.members)
    )
    return {
        "label": f"Group {group.index + 1}",
        "size": len(group.members),
        "centre": [round(group.centre[0], 3), round(group.centre[1], 3)],
        "points": [list(point) for point in points],
        "representative": [
            {"statement": rep.statement, "direction": rep.direction, "score": round(rep.score, 4)}
            for rep in group.representative
        ],
        "agreement": _cells(group.agreement, k_min),
    }


def _party(party: Party, k_min: int) -> dict[str, Any]:
    return {"size": len(party.members), "agreement": _cells(party.agreement, k_min)}


def public_view(analysis: Analysis, k_min: int | None = None) -> dict[str, Any]:
    """A JSON-ready dict safe to release under the Chatham House Rule.

    Groups and parties with fewer than `k_min` members (default: the k_min given to `analyze`) are
    replaced by {"hidden": true, "reason": "too few to show"}, and so is any statement cell seen
    by fewer than k_min people. Participant ids never appear: the opinion map gets unlabelled points,
    sorted by position, for groups of k_min or more only. Consensus is recomputed over the shown
    groups, bridging and party consensus over the shown parties, so a hidden bucket cannot be
    recovered by dividing one published score by another; divisive statements are ranked over the
    shown groups too. `excluded` gives only counts per reason, `groups_chosen` how k was chosen.
    """
    k = analysis.k_min if k_min is None else k_min
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise AnalysisError(f"k_min must be an integer >= 1, got {k!r}")
    group_buckets = [group.agreement for group in analysis.groups if len(group.members) >= k]
    party_buckets = [party.agreement for party in analysis.parties if len(party.members) >= k]
    ids = analysis.statements
    return {
        "k_min": k,
        "statements": list(ids),
        "groups": [
            _group(group, analysis, k) if len(group.members) >= k else _hidden() for group in analysis.groups
        ],
        "parties": {
            party.name: _party(party, k) if len(party.members) >= k else _hidden()
            for party in analysis.parties
        },
        "consensus": _scored(stats.consensus(ids, group_buckets)) if group_buckets else [],
        "party_consensus": _scored(stats.consensus(ids, party_buckets)) if party_buckets else [],
        "bridging": _scored(stats.bridging(ids, party_buckets)),
        "divisive": _scored(stats.divisive(ids, group_buckets)),
        # Counts only: how many were left out and why says nothing about who.
        "excluded": analysis.report()["excluded"],
        "groups_chosen": analysis.k_choice.as_dict() if analysis.k_choice else None,
    }
