"""Checking votes and laying them out as a participants × statements matrix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .results import AnalysisError, Vote

VALID_VOTES = frozenset({1, -1, 0})
# Pol.is counts a participant "in conversation" after this many votes (or all statements, if fewer).
MIN_VOTES = 7

FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class VoteMatrix:
    """Votes as floats (1, -1, 0) with NaN where a participant has not seen a statement.

    Rows follow `participants` and columns `statements`, both sorted so that the result does not
    depend on the order votes arrived in.
    """

    participants: tuple[str, ...]
    statements: tuple[str, ...]
    values: FloatMatrix

    def votes_cast(self) -> npt.NDArray[np.int64]:
        """Votes per participant, passes included."""
        # numpy's stubs type reductions along an axis as Any; the counts are int64.
        counts: npt.NDArray[np.int64] = np.sum(~np.isnan(self.values), axis=1).astype(np.int64)
        return counts

    def rows(self, keep: npt.NDArray[np.bool_]) -> VoteMatrix:
        return VoteMatrix(
            participants=tuple(p for p, k in zip(self.participants, keep, strict=True) if k),
            statements=self.statements,
            values=self.values[keep],
        )


def _check_id(value: object, what: str, position: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AnalysisError(f"vote {position}: the {what} id must be a non-empty string, got {value!r}")
    return value


def _check_vote(value: object, position: int) -> int:
    # bool is an int subclass; True would silently count as an agree.
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) not in VALID_VOTES:
        raise AnalysisError(f"vote {position}: the vote must be 1, -1 or 0, got {value!r}")
    return int(value)


def build_matrix(votes: Iterable[Vote], statements: Iterable[str] = ()) -> VoteMatrix:
    """Validate `votes` and build the matrix; a repeated (participant, statement) keeps the last vote,
    as a participant may change their mind. `statements` adds statements nobody voted on."""
    latest: dict[tuple[str, str], int] = {}
    statement_ids: set[str] = set()
    for position, extra in enumerate(statements, start=1):
        statement_ids.add(_check_id(extra, "statement", position))
    for position, vote in enumerate(votes, start=1):
        try:
            participant, statement, value = vote
        except (TypeError, ValueError) as exc:
            raise AnalysisError(
                f"vote {position}: expected (participant, statement, vote), got {vote!r}"
            ) from exc
        key = (_check_id(participant, "participant", position), _check_id(statement, "statement", position))
        latest[key] = _check_vote(value, position)
        statement_ids.add(statement)

    participants = tuple(sorted({p for p, _ in latest}))
    ordered_statements = tuple(sorted(statement_ids))
    row = {p: i for i, p in enumerate(participants)}
    col = {s: j for j, s in enumerate(ordered_statements)}
    values = np.full((len(participants), len(ordered_statements)), np.nan)
    for (participant, statement), value in latest.items():
        values[row[participant], col[statement]] = value
    return VoteMatrix(participants=participants, statements=ordered_statements, values=values)


def min_votes_for(statement_count: int) -> int:
    return min(MIN_VOTES, statement_count)


def in_conversation(matrix: VoteMatrix) -> tuple[VoteMatrix, tuple[str, ...]]:
    """Split off participants with fewer than min(7, statements) votes: they would sit near the
    origin of the map for lack of data, not because of their views. Returns (kept, excluded)."""
    threshold = min_votes_for(len(matrix.statements))
    keep = matrix.votes_cast() >= max(threshold, 1)
    excluded = tuple(p for p, k in zip(matrix.participants, keep, strict=True) if not k)
    return matrix.rows(keep), excluded
