"""Whole-session numbers under the k rule: participation, party balance and common-ground support.

Every number here describes at least k people or is withheld: liaisons know the roster, so a count of
two in a party of three is a pointer at people, not an aggregate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from commonground import AnalysisError, analyze, public_view

from .sources import SourceMessage, SourceVote

MAJORITY = 0.5


def participation_lines(
    *,
    messages: Sequence[SourceMessage],
    participant_ids: frozenset[int],
    party_of: Mapping[int, str],
    parties: Sequence[str],
    votes: Sequence[SourceVote],
    k: int,
) -> list[str]:
    """Sentences for the Participation section: how many took part, and the balance across parties.

    The number of contributing participants is given only when it is at least k. The balance across
    parties (share of participants' messages and contributors per party) is given only when the dialogue
    has two or more parties and every party, and the group without a party if anyone is in it, had at
    least k contributors; otherwise it is withheld, and the sentence says so.
    """
    lines: list[str] = []
    spoken = Counter(m.author_id for m in messages if m.author_id in participant_ids)
    contributors = len(spoken)
    if contributors == 0:
        lines.append("No participant contributed on the record.")
    elif contributors < k:
        lines.append(f"Fewer than {k} participants contributed on the record; the exact number is withheld.")
    else:
        lines.append(f"{contributors} participants contributed on the record.")
    if messages:
        lines.append(f"{len(messages)} messages were exchanged on the record.")
    statements = len({v.statement_id for v in votes})
    voters = len({v.voter for v in votes})
    if statements:
        noun = "statement" if statements == 1 else "statements"
        if voters >= k:
            lines.append(f"{voters} people voted on {statements} {noun}.")
        else:
            lines.append(f"Fewer than {k} people voted on {statements} {noun}; the exact number is withheld.")
    balance = _party_balance(spoken, party_of, parties, k)
    if balance:
        lines.append(balance)
    return lines


def _party_balance(spoken: Counter[int], party_of: Mapping[int, str], parties: Sequence[str], k: int) -> str:
    if not spoken or len(parties) < 2:
        return ""
    people: dict[str, set[int]] = {party: set() for party in parties}
    said: Counter[str] = Counter()
    for author, count in spoken.items():
        party = party_of.get(author, "")
        people.setdefault(party, set()).add(author)
        said[party] += count
    if any(len(members) < k for members in people.values()):
        return (
            "Balance across parties: withheld, because at least one party had fewer than "
            f"{k} contributing participants."
        )
    total = sum(said.values())
    shares = [
        f"{party or 'no party'} {round(100 * said[party] / total)}% of participants' messages "
        f"({len(members)} participants)"
        for party, members in people.items()
    ]
    return "Balance across parties: " + "; ".join(shares) + "."


@dataclass(frozen=True)
class Support:
    """How a common-ground statement was supported, from k-safe numbers only."""

    statement_id: int
    agree_share: float  # agrees / votes seen, over the opinion groups shown
    voters: int  # votes seen over the groups shown (at least k)
    groups: int  # opinion groups shown, each with a majority agreeing
    every_party: bool  # every party was large enough to show, and each had a majority agreeing

    def phrase(self) -> str:
        """E.g. "agreed by 83% of 12 voters, with a majority in every opinion group and in every party"."""
        text = f"agreed by {round(100 * self.agree_share)}% of {self.voters} voters"
        clauses = []
        if self.groups > 1:
            clauses.append("in every opinion group")
        if self.every_party:
            clauses.append("in every party")
        if clauses:
            text += ", with a majority " + " and ".join(clauses)
        return text


@dataclass(frozen=True)
class CommonGround:
    supported: list[Support]  # best first (the Pol.is group-informed consensus order)
    reportable: frozenset[int]  # statements with enough votes to say anything under the k rule


def common_ground(votes: Iterable[SourceVote], statement_ids: Sequence[int], k: int) -> CommonGround:
    """The statements every opinion group agreed with, with their support, or nothing when too few voted.

    Uses `commonground.public_view`, so groups, parties and cells under k people are hidden
    before anything is counted. A statement is common ground when at least one opinion group is shown,
    every shown group saw it with k or more votes, and a majority of every shown group agreed.
    """
    votes = list(votes)
    if not votes:
        return CommonGround([], frozenset())
    try:
        analysis = analyze(
            [(v.voter, str(v.statement_id), v.value) for v in votes],
            {v.voter: v.party for v in votes if v.party},
            k_min=k,
            statements=[str(s) for s in statement_ids],
        )
    except AnalysisError:
        return CommonGround([], frozenset())
    view = public_view(analysis, k)
    groups = [g for g in view["groups"] if not g.get("hidden")]
    parties = list(view["parties"].values())
    order = [item["statement"] for item in view["consensus"]]
    order += [sid for sid in view["statements"] if sid not in order]
    supported: list[Support] = []
    reportable: set[int] = set()
    for sid in order:
        cells = [g["agreement"].get(sid) for g in groups]
        if not cells or not all(_visible(c) for c in cells):
            continue
        reportable.add(int(sid))
        if not all(c["agree"] / c["seen"] > MAJORITY for c in cells):
            continue
        party_cells = [p.get("agreement", {}).get(sid) for p in parties]
        every_party = len(parties) >= 2 and all(
            _visible(c) and c["agree"] / c["seen"] > MAJORITY for c in party_cells
        )
        seen = sum(c["seen"] for c in cells)
        supported.append(
            Support(int(sid), sum(c["agree"] for c in cells) / seen, seen, len(groups), every_party)
        )
    return CommonGround(supported, frozenset(reportable))


def _visible(cell: Any) -> bool:
    return isinstance(cell, dict) and not cell.get("hidden") and cell.get("seen", 0) > 0
