"""The typed values `analyze` takes and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .clusters import KChoice, KState

# participant id, statement id, vote in {1 agree, -1 disagree, 0 pass}
Vote = tuple[str, str, int]
Direction = Literal["agree", "disagree"]


class AnalysisError(ValueError):
    """Input `analyze` cannot use: a vote outside {1, -1, 0}, an empty id, a bad parameter."""


@dataclass(frozen=True)
class Counts:
    """Votes on one statement within one bucket (an opinion group or a party)."""

    agree: int
    disagree: int
    passed: int

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passed

    @property
    def pa(self) -> float:
        """Probability of agreement with a uniform prior: (agrees + 1) / (seen + 2)."""
        return (self.agree + 1) / (self.seen + 2)

    @property
    def pd(self) -> float:
        """Probability of disagreement with a uniform prior: (disagrees + 1) / (seen + 2)."""
        return (self.disagree + 1) / (self.seen + 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            "agree": self.agree,
            "disagree": self.disagree,
            "pass": self.passed,
            "seen": self.seen,
            "pa": round(self.pa, 6),
        }


@dataclass(frozen=True)
class Scored:
    """A statement with the score it was ranked by (higher is better)."""

    statement: str
    score: float


@dataclass(frozen=True)
class Representative:
    """A statement that sets a group apart, and on which side (agree or disagree) it does so.

    For the agree side `probability` is pa and `repness` is ra = pa(group) / pa(rest); for the
    disagree side they are pd and rd. The z values are the one- and two-proportion tests;
    `score` = repness * repness_z * probability * probability_z, the Pol.is ranking metric.
    """

    statement: str
    direction: Direction
    probability: float
    probability_z: float
    repness: float
    repness_z: float
    score: float


@dataclass(frozen=True)
class Group:
    """An opinion group found by clustering; `members` are participant ids, sorted."""

    index: int
    members: tuple[str, ...]
    centre: tuple[float, float]
    representative: tuple[Representative, ...]
    agreement: Mapping[str, Counts]


@dataclass(frozen=True)
class Party:
    """A declared side; `members` are its participants who are in the conversation."""

    name: str
    members: tuple[str, ...]
    agreement: Mapping[str, Counts]


@dataclass(frozen=True)
class Exclusion:
    """Participants left out of the analysis for one reason. `reason` is a stable code:
    "too_few_votes" (fewer than `min_votes` votes on statements in the analysis) or
    "only_moderated" (every vote was on a moderated-out statement)."""

    reason: str
    explanation: str
    participants: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    """The exact result of `analyze`. It names participants: never show it to liaisons as is;
    `public_view` is what may leave the facilitators' hands."""

    statements: tuple[str, ...]
    participants: tuple[str, ...]
    excluded: tuple[str, ...]
    coordinates: Mapping[str, tuple[float, float]]
    groups: tuple[Group, ...]
    parties: tuple[Party, ...]
    consensus: tuple[Scored, ...]
    party_consensus: tuple[Scored, ...]
    bridging: tuple[Scored, ...]
    k_min: int = 5
    min_votes: int = 0
    exclusions: tuple[Exclusion, ...] = ()
    divisive: tuple[Scored, ...] = ()
    moderated: tuple[str, ...] = ()
    polis_compatible: bool = False
    k_choice: KChoice | None = None
    k_state: KState | None = None

    def to_json(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict with exactly the keys groups, consensus, bridging and
        representative (group index as a string -> statement ids, best first)."""
        return {
            "groups": [{"members": list(group.members)} for group in self.groups],
            "consensus": [item.statement for item in self.consensus],
            "bridging": [item.statement for item in self.bridging],
            "representative": {
                str(group.index): [rep.statement for rep in group.representative] for group in self.groups
            },
        }

    def report(self) -> dict[str, Any]:
        """What `manage.py common_ground` prints: `to_json()` plus party consensus, divisive
        statements, who was left out and why (counts), and how the number of groups was chosen."""
        return {
            **self.to_json(),
            "party_consensus": [item.statement for item in self.party_consensus],
            "divisive": [_scored_dict(item) for item in self.divisive],
            "excluded": self._excluded_summary(),
            "groups_chosen": self.k_choice.as_dict() if self.k_choice else None,
            "moderated": list(self.moderated),
            "polis_compatible": self.polis_compatible,
        }

    def _excluded_summary(self) -> dict[str, Any]:
        return {
            "count": len(self.excluded),
            "reasons": [
                {"reason": e.reason, "explanation": e.explanation, "count": len(e.participants)}
                for e in self.exclusions
            ],
        }

    def to_full_json(self) -> dict[str, Any]:
        """Everything, scores and per-bucket counts included (for facilitators and debugging)."""
        return {
            "statements": list(self.statements),
            "participants": list(self.participants),
            "excluded": list(self.excluded),
            "min_votes": self.min_votes,
            "k_min": self.k_min,
            "coordinates": {pid: list(xy) for pid, xy in self.coordinates.items()},
            "groups": [
                {
                    "index": group.index,
                    "members": list(group.members),
                    "centre": list(group.centre),
                    "representative": [_rep_dict(rep) for rep in group.representative],
                    "agreement": {sid: counts.as_dict() for sid, counts in group.agreement.items()},
                }
                for group in self.groups
            ],
            "parties": [
                {
                    "name": party.name,
                    "members": list(party.members),
                    "agreement": {sid: counts.as_dict() for sid, counts in party.agreement.items()},
                }
                for party in self.parties
            ],
            "consensus": [_scored_dict(item) for item in self.consensus],
            "party_consensus": [_scored_dict(item) for item in self.party_consensus],
            "bridging": [_scored_dict(item) for item in self.bridging],
            "divisive": [_scored_dict(item) for item in self.divisive],
            "exclusions": [
                {"reason": e.reason, "explanation": e.explanation, "participants": list(e.participants)}
                for e in self.exclusions
            ],
            "groups_chosen": self.k_choice.as_dict() if self.k_choice else None,
            "moderated": list(self.moderated),
            "polis_compatible": self.polis_compatible,
        }


def _scored_dict(item: Scored) -> dict[str, Any]:
    return {"statement": item.statement, "score": round(item.score, 6)}


def _rep_dict(rep: Representative) -> dict[str, Any]:
    return {
        "statement": rep.statement,
        "direction": rep.direction,
        "probability": round(rep.probability, 6),
        "probability_z": round(rep.probability_z, 6),
        "repness": round(rep.repness, 6),
        "repness_z": round(rep.repness_z, 6),
        "score": round(rep.score, 6),
    }
