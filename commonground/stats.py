"""Per-bucket vote counts, the Pol.is significance tests, representative statements, consensus and
bridging. A bucket is a set of participants: an opinion group or a declared party."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from statistics import NormalDist

import numpy as np

from .matrix import IntArray, VoteMatrix
from .results import Counts, Direction, Representative, Scored

CONFIDENCE = 0.90
Z_90 = NormalDist().inv_cdf(CONFIDENCE)  # one-sided critical value, about 1.2816
REPRESENTATIVE_MAX = 5
CountArrays = tuple[IntArray, IntArray, IntArray]


def label_counts(matrix: VoteMatrix, labels: IntArray, buckets: int) -> CountArrays:
    """(agree, disagree, pass) arrays, buckets × statements, for rows labelled 0..buckets-1 (rows
    labelled -1 count nowhere): one bincount per vote value over the sparse entries."""
    m = len(matrix.statements)
    row_label = labels[matrix.rows]
    inside = row_label >= 0
    index = row_label[inside] * m + matrix.cols[inside]
    vals = matrix.vals[inside]

    def count(value: int) -> IntArray:
        return np.bincount(index[vals == value], minlength=buckets * m).reshape(buckets, m).astype(np.int64)

    return count(1), count(-1), count(0)


def as_counts(statements: Sequence[str], arrays: CountArrays, bucket: int) -> dict[str, Counts]:
    agree, disagree, passed = (a[bucket] for a in arrays)
    return {
        sid: Counts(agree=int(agree[j]), disagree=int(disagree[j]), passed=int(passed[j]))
        for j, sid in enumerate(statements)
    }


def one_proportion_z(successes: int, trials: int) -> float:
    """z for "the share is above 1/2", on the same smoothed counts as pa: (s+1)/(n+2) over n+2 trials."""
    n = trials + 2
    return 2.0 * math.sqrt(n) * ((successes + 1) / n - 0.5)


def two_proportion_z(successes_in: int, trials_in: int, successes_out: int, trials_out: int) -> float:
    """Pooled two-proportion z for "the share inside is above the share outside", smoothed like pa.

    The pseudo-counts keep the pooled share strictly between 0 and 1, so the denominator is never 0.
    """
    s1, n1 = successes_in + 1, trials_in + 2
    s2, n2 = successes_out + 1, trials_out + 2
    pooled = (s1 + s2) / (n1 + n2)
    return (s1 / n1 - s2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def _side(statement: str, inside: Counts, outside: Counts, direction: Direction) -> Representative:
    if direction == "agree":
        s_in, s_out, p_in, p_out = inside.agree, outside.agree, inside.pa, outside.pa
    else:
        s_in, s_out, p_in, p_out = inside.disagree, outside.disagree, inside.pd, outside.pd
    p_z = one_proportion_z(s_in, inside.seen)
    r_z = two_proportion_z(s_in, inside.seen, s_out, outside.seen)
    repness = p_in / p_out
    return Representative(
        statement=statement,
        direction=direction,
        probability=p_in,
        probability_z=p_z,
        repness=repness,
        repness_z=r_z,
        score=repness * r_z * p_in * p_z,
    )


def representative(inside: Mapping[str, Counts], outside: Mapping[str, Counts]) -> tuple[Representative, ...]:
    """Statements that set a group apart from everyone else, best first (at most 5).

    A statement qualifies on the agree side when the group agrees more than half the time and more
    than the rest do, both at 90% (one-sided); likewise on the disagree side. (Both sides cannot
    qualify at once: pa + pd <= 1.) Ranked by ra·rat·pa·pat, or rd·rdt·pd·pdt; ties by statement id.
    Unlike Pol.is we do not pad the list with a best-effort statement when nothing is significant:
    an empty list says honestly that nothing sets the group apart.
    """
    directions: tuple[Direction, ...] = ("agree", "disagree")
    candidates = (_side(sid, inside[sid], outside[sid], d) for sid in inside for d in directions)
    found = [rep for rep in candidates if rep.probability_z > Z_90 and rep.repness_z > Z_90]
    found.sort(key=lambda rep: (-rep.score, rep.statement))
    return tuple(found[:REPRESENTATIVE_MAX])


def _ranked(scores: Mapping[str, float]) -> tuple[Scored, ...]:
    return tuple(Scored(sid, score) for sid, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))


def consensus(statements: Sequence[str], buckets: Sequence[Mapping[str, Counts]]) -> tuple[Scored, ...]:
    """Group-informed consensus: the product over buckets of pa, best first, ties by statement id.

    A product is high only when every bucket tends to agree, so a large group cannot carry a
    statement alone. With no bucket at all every statement scores the prior, 1/2.
    """
    if not buckets:
        return _ranked(dict.fromkeys(statements, 0.5))
    return _ranked({sid: math.prod(bucket[sid].pa for bucket in buckets) for sid in statements})


def bridging(statements: Sequence[str], buckets: Sequence[Mapping[str, Counts]]) -> tuple[Scored, ...]:
    """Statements ranked by their lowest pa across buckets (max-min), best first; empty without buckets."""
    if not buckets:
        return ()
    return _ranked({sid: min(bucket[sid].pa for bucket in buckets) for sid in statements})


def divisive(statements: Sequence[str], buckets: Sequence[Mapping[str, Counts]]) -> tuple[Scored, ...]:
    """Statements that split the opinion groups, most divisive first: the spread between the most
    and the least agreeing group's pa (0 = every group alike). Empty with fewer than two groups."""
    if len(buckets) < 2:
        return ()
    spread = {sid: max(b[sid].pa for b in buckets) - min(b[sid].pa for b in buckets) for sid in statements}
    return _ranked(spread)
