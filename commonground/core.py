"""`analyze`: votes in, `Analysis` out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from . import stats
from .matrix import build_matrix, in_conversation, min_votes_for
from .projection import cluster, project
from .results import Analysis, AnalysisError, Group, Party, Vote


def _check_parties(parties: Mapping[str, str] | None) -> dict[str, str]:
    if parties is None:
        return {}
    checked: dict[str, str] = {}
    for participant, party in parties.items():
        if not isinstance(participant, str) or not participant.strip():
            raise AnalysisError(f"parties: participant ids must be non-empty strings, got {participant!r}")
        if not isinstance(party, str) or not party.strip():
            raise AnalysisError(
                f"parties: the party of {participant!r} must be a non-empty string, got {party!r}"
            )
        checked[participant] = party
    return checked


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise AnalysisError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def analyze(
    votes: Iterable[Vote],
    parties: Mapping[str, str] | None = None,
    *,
    k_min: int = 5,
    min_voters_for_clustering: int = 8,
    seed: int = 0,
    statements: Iterable[str] = (),
) -> Analysis:
    """Run the common-ground analysis; see the package docstring for the method and the result."""
    k_min = _check_int("k_min", k_min, 1)
    min_voters_for_clustering = _check_int("min_voters_for_clustering", min_voters_for_clustering, 0)
    seed = _check_int("seed", seed, 0)
    party_of = _check_parties(parties)

    matrix, excluded = in_conversation(build_matrix(votes, statements))
    coords = project(matrix)
    labels = cluster(coords, min_voters=min_voters_for_clustering, seed=seed)
    ids = matrix.statements

    group_count = int(labels.max()) + 1 if len(labels) else 0
    groups: list[Group] = []
    for index in range(group_count):
        inside = labels == index
        agreement = stats.bucket_counts(matrix.values, ids, inside)
        # Representativeness compares a group with the rest; with one group there is no rest.
        rest = stats.bucket_counts(matrix.values, ids, ~inside) if group_count > 1 else None
        centre = coords[inside].mean(axis=0)
        groups.append(
            Group(
                index=index,
                members=tuple(p for p, keep in zip(matrix.participants, inside, strict=True) if keep),
                centre=(float(centre[0]), float(centre[1])),
                representative=stats.representative(agreement, rest) if rest is not None else (),
                agreement=agreement,
            )
        )

    party_list: list[Party] = []
    for name in sorted(set(party_of.values())):
        inside = np.array([party_of.get(p) == name for p in matrix.participants], dtype=bool)
        if inside.any():
            members = tuple(p for p, keep in zip(matrix.participants, inside, strict=True) if keep)
            party_list.append(Party(name, members, stats.bucket_counts(matrix.values, ids, inside)))

    party_buckets = [party.agreement for party in party_list]
    return Analysis(
        statements=ids,
        participants=matrix.participants,
        excluded=excluded,
        coordinates={p: (float(x), float(y)) for p, (x, y) in zip(matrix.participants, coords, strict=True)},
        groups=tuple(groups),
        parties=tuple(party_list),
        consensus=stats.consensus(ids, [group.agreement for group in groups]),
        party_consensus=stats.consensus(ids, party_buckets) if party_buckets else (),
        bridging=stats.bridging(ids, party_buckets),
        k_min=k_min,
        min_votes=min_votes_for(len(ids)),
    )
