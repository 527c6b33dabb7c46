"""Checking votes and laying them out as a sparse participants × statements matrix.

Votes are held as three parallel arrays (row, column, value), one entry per (participant, statement)
that was voted on, sorted row-major. Nothing here builds a Python object per vote once the input is
in arrays: a conversation of 50,000 people and millions of votes fits in tens of megabytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .results import AnalysisError, Vote

VALID_VOTES = frozenset({1, -1, 0})
# Pol.is counts a participant "in conversation" after this many votes (or all statements, if fewer).
MIN_VOTES = 7

FloatMatrix = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
VoteArray = npt.NDArray[np.int8]


@dataclass(frozen=True)
class VoteTable:
    """Votes already checked, as codes: vote i is `participant_ids[participant[i]]` on
    `statement_ids[statement[i]]` with `value[i]` in {1, -1, 0}. Repeats allowed: the last one wins.
    `read_votes_table` returns this, so big files never become a list of tuples."""

    participant_ids: tuple[str, ...]
    statement_ids: tuple[str, ...]
    participant: IntArray
    statement: IntArray
    value: VoteArray

    def __len__(self) -> int:
        return len(self.value)


@dataclass(frozen=True)
class VoteMatrix:
    """One entry per (participant, statement) voted on; `participants` and `statements` are sorted,
    and the entries sorted by (row, column), so that nothing depends on the order votes arrived in."""

    participants: tuple[str, ...]
    statements: tuple[str, ...]
    rows: IntArray
    cols: IntArray
    vals: VoteArray

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)

    def votes_cast(self) -> IntArray:
        """Votes per participant, passes included."""
        return np.bincount(self.rows, minlength=len(self.participants)).astype(np.int64)

    def select(self, keep_rows: npt.NDArray[np.bool_], keep_cols: npt.NDArray[np.bool_]) -> VoteMatrix:
        """The sub-matrix of the kept rows and columns, renumbered in the same order."""
        new_row = np.cumsum(keep_rows) - 1
        new_col = np.cumsum(keep_cols) - 1
        entry = keep_rows[self.rows] & keep_cols[self.cols]
        return VoteMatrix(
            participants=tuple(p for p, k in zip(self.participants, keep_rows, strict=True) if k),
            statements=tuple(s for s, k in zip(self.statements, keep_cols, strict=True) if k),
            rows=new_row[self.rows[entry]].astype(np.int64),
            cols=new_col[self.cols[entry]].astype(np.int64),
            vals=self.vals[entry],
        )

    def dense(self) -> FloatMatrix:
        """Votes as floats with NaN where unseen (small matrices only: tests and debugging)."""
        values = np.full(self.shape, np.nan)
        values[self.rows, self.cols] = self.vals
        return values


def _check_id(value: object, what: str, position: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AnalysisError(f"vote {position}: the {what} id must be a non-empty string, got {value!r}")
    return value


def _check_vote(value: object, position: int) -> int:
    # bool is an int subclass; True would silently count as an agree.
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) not in VALID_VOTES:
        raise AnalysisError(f"vote {position}: the vote must be 1, -1 or 0, got {value!r}")
    return int(value)


def table_from_tuples(votes: Iterable[Vote]) -> VoteTable:
    """Check each (participant, statement, vote) and code the ids in order of first appearance."""
    people: dict[str, int] = {}
    statements: dict[str, int] = {}
    p_codes: list[int] = []
    s_codes: list[int] = []
    values: list[int] = []
    for position, vote in enumerate(votes, start=1):
        try:
            participant, statement, value = vote
        except (TypeError, ValueError) as exc:
            raise AnalysisError(
                f"vote {position}: expected (participant, statement, vote), got {vote!r}"
            ) from exc
        participant = _check_id(participant, "participant", position)
        statement = _check_id(statement, "statement", position)
        p_codes.append(people.setdefault(participant, len(people)))
        s_codes.append(statements.setdefault(statement, len(statements)))
        values.append(_check_vote(value, position))
    return VoteTable(
        participant_ids=tuple(people),
        statement_ids=tuple(statements),
        participant=np.array(p_codes, dtype=np.int64),
        statement=np.array(s_codes, dtype=np.int64),
        value=np.array(values, dtype=np.int8),
    )


def _sorted_codes(ids: Sequence[str]) -> tuple[tuple[str, ...], IntArray]:
    """Ids sorted, and for each old code its new one (its rank among the sorted ids)."""
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(ids), dtype=np.int64)
    return tuple(ids[i] for i in order), rank


def build_matrix(votes: Iterable[Vote] | VoteTable, statements: Iterable[str] = ()) -> VoteMatrix:
    """Validate `votes` and build the matrix; a repeated (participant, statement) keeps the last vote,
    as a participant may change their mind. `statements` adds statements nobody voted on."""
    table = votes if isinstance(votes, VoteTable) else table_from_tuples(votes)
    statement_ids = list(table.statement_ids)
    known = set(statement_ids)
    for position, extra in enumerate(statements, start=1):
        if _check_id(extra, "statement", position) not in known:
            known.add(extra)
            statement_ids.append(extra)
    participants, p_rank = _sorted_codes(table.participant_ids)
    ordered_statements, s_rank = _sorted_codes(statement_ids)
    rows = p_rank[table.participant] if len(table) else np.zeros(0, dtype=np.int64)
    cols = s_rank[table.statement] if len(table) else np.zeros(0, dtype=np.int64)
    # One entry per cell, the last vote cast: np.unique on the reversed keys finds each key's first
    # occurrence there, which is its last one in arrival order; the result comes sorted by key.
    keys = rows * max(len(ordered_statements), 1) + cols
    _, first_in_reversed = np.unique(keys[::-1], return_index=True)
    last = len(keys) - 1 - first_in_reversed
    return VoteMatrix(
        participants=participants,
        statements=ordered_statements,
        rows=rows[last].astype(np.int64),
        cols=cols[last].astype(np.int64),
        vals=table.value[last].astype(np.int8),
    )


def min_votes_for(statement_count: int) -> int:
    return min(MIN_VOTES, statement_count)
