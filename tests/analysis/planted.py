"""Synthetic conversations with known structure: planted opinion groups and consensus statements."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from commonground import Vote


@dataclass(frozen=True)
class Planted:
    votes: list[Vote]
    truth: dict[str, int]  # participant -> planted group
    consensus: list[str]  # statements every group agrees with
    statements: list[str]


def planted(
    *,
    groups: int = 3,
    per_group: int | list[int] = 10,
    statements: int = 20,
    consensus: int = 3,
    noise: float = 0.1,
    missing: float = 0.2,
    seed: int = 0,
) -> Planted:
    """Each group has a stance (+1 / -1) on every statement; the first `consensus` statements are +1
    for every group, every other statement is +1 for some group and -1 for another. A vote copies
    the stance, except with probability `noise` it is drawn from {1, -1, 0}, and with probability
    `missing` the statement is unseen."""
    rng = np.random.default_rng(seed)
    sizes = per_group if isinstance(per_group, list) else [per_group] * groups
    sids = [f"s{j:02d}" for j in range(statements)]
    stance = np.ones((groups, statements), dtype=int)
    for j in range(consensus, statements):
        column = rng.choice([-1, 1], size=groups)
        while len(set(column.tolist())) < 2:  # keep every non-consensus statement divisive
            column = rng.choice([-1, 1], size=groups)
        stance[:, j] = column
    votes: list[Vote] = []
    truth: dict[str, int] = {}
    pid = 0
    for g, size in enumerate(sizes):
        for _ in range(size):
            participant = f"p{pid:03d}"
            pid += 1
            truth[participant] = g
            for j, sid in enumerate(sids):
                if rng.random() < missing:
                    continue
                vote = int(rng.choice([1, -1, 0])) if rng.random() < noise else int(stance[g, j])
                votes.append((participant, sid, vote))
    return Planted(votes=votes, truth=truth, consensus=sids[:consensus], statements=sids)


def labels_of(analysis_groups: tuple[tuple[str, ...], ...], participants: list[str]) -> list[int]:
    """Group index per participant, in the order of `participants` (-1 when in no group)."""
    where = {member: index for index, members in enumerate(analysis_groups) for member in members}
    return [where.get(p, -1) for p in participants]
