"""`LiveAnalysis`: a room's analysis kept current as votes arrive.

What is incremental: votes are kept as a (participant, statement) -> vote table that each new or
changed vote updates in place; the groups start from the previous update's centres and keep their
numbers while people move; and the number of groups is smoothed over updates (`clusters.KState`),
so it changes only when a new count wins clearly several updates in a row. What is recomputed
on each update: the projection and the counts, which for a room (hundreds of people, tens of
statements) take milliseconds from the sparse entries. bench/commonground_live.py measures it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .clusters import KState
from .core import analyze
from .matrix import _check_id, _check_vote
from .results import Analysis, AnalysisError, Vote


class LiveAnalysis:
    """Feed it votes with `add`; `analysis()` recomputes only when something changed since."""

    def __init__(
        self,
        *,
        k_min: int = 5,
        min_voters_for_clustering: int = 8,
        seed: int = 0,
        state: KState | None = None,
    ) -> None:
        self.k_min, self.min_voters, self.seed = k_min, min_voters_for_clustering, seed
        self.state = state
        self._votes: dict[tuple[str, str], int] = {}
        self._parties: dict[str, str] = {}
        self._statements: set[str] = set()
        self._moderated: set[str] = set()
        self._result: Analysis | None = None

    def add(self, votes: Iterable[Vote]) -> None:
        """New or changed votes (the last one for a pair wins); invalid ones raise AnalysisError."""
        for position, vote in enumerate(votes, start=1):
            try:
                participant, statement, value = vote
            except (TypeError, ValueError) as exc:
                raise AnalysisError(f"vote {position}: expected (participant, statement, vote)") from exc
            key = (
                _check_id(participant, "participant", position),
                _check_id(statement, "statement", position),
            )
            value = _check_vote(value, position)
            if self._votes.get(key) != value:
                self._votes[key] = value
                self._result = None

    def replace(self, votes: Iterable[Vote], parties: Mapping[str, str], statements: Iterable[str]) -> None:
        """Start again from a full snapshot (a statement removed with its votes), keeping the smoothing."""
        self._votes.clear()
        self.add(votes)
        self._parties = dict(parties)
        self._statements = set(statements)
        self._result = None

    def set_parties(self, parties: Mapping[str, str]) -> None:
        if dict(parties) != self._parties:
            self._parties, self._result = dict(parties), None

    def set_statements(self, statements: Iterable[str], moderated: Iterable[str] = ()) -> None:
        statements, moderated = set(statements), set(moderated)
        if (statements, moderated) != (self._statements, self._moderated):
            self._statements, self._moderated, self._result = statements, moderated, None

    def analysis(self) -> Analysis:
        if self._result is None:
            self._result = analyze(
                [(p, s, v) for (p, s), v in self._votes.items()],
                self._parties,
                k_min=self.k_min,
                min_voters_for_clustering=self.min_voters,
                seed=self.seed,
                statements=sorted(self._statements),
                moderated=sorted(self._moderated),
                state=self.state,
            )
            self.state = self._result.k_state
        return self._result
