"""`analyze`: votes in, `Analysis` out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np
from scipy.optimize import linear_sum_assignment
from threadpoolctl import threadpool_limits

from . import stats
from .clusters import KState, cluster
from .matrix import FloatMatrix, IntArray, VoteMatrix, VoteTable, build_matrix, min_votes_for
from .projection import project
from .results import Analysis, AnalysisError, Exclusion, Group, Party, Vote


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


def _check_moderated(moderated: Iterable[str]) -> frozenset[str]:
    ids = list(moderated)
    for position, sid in enumerate(ids, start=1):
        if not isinstance(sid, str) or not sid.strip():
            raise AnalysisError(f"moderated statement {position}: ids must be non-empty strings, got {sid!r}")
    return frozenset(ids)


def _split(
    matrix: VoteMatrix, moderated: frozenset[str], polis_compatible: bool
) -> tuple[VoteMatrix, tuple[Exclusion, ...], int, int]:
    """The matrix of participants in conversation on the statements analysed; why the others are
    out; the vote threshold; and how many moderated columns Pol.is would keep as zeros."""
    out_col = np.array([s in moderated for s in matrix.statements], dtype=bool)
    kept_col = ~out_col
    all_votes = matrix.votes_cast()
    on_kept = np.bincount(matrix.rows[kept_col[matrix.cols]], minlength=len(matrix.participants))
    if polis_compatible:
        # Pol.is counts every vote cast, moderated statements included, toward "in conversation".
        counted, threshold = all_votes, min_votes_for(len(matrix.statements))
    else:
        counted, threshold = on_kept, min_votes_for(int(kept_col.sum()))
    keep_row = counted >= max(threshold, 1)
    # In Pol.is's way votes on moderated statements count, so nobody is out for that reason.
    only_moderated = ~keep_row & (on_kept == 0) & (all_votes > 0) & (not polis_compatible)
    too_few = ~keep_row & ~only_moderated
    people = np.array(matrix.participants, dtype=object)
    exclusions = []
    if too_few.any():
        what = "votes" if polis_compatible else "votes on statements in the analysis"
        exclusions.append(
            Exclusion("too_few_votes", f"fewer than {threshold} {what}", tuple(people[too_few].tolist()))
        )
    if only_moderated.any():
        exclusions.append(
            Exclusion(
                "only_moderated",
                "voted only on moderated-out statements",
                tuple(people[only_moderated].tolist()),
            )
        )
    zero_columns = int(out_col.sum()) if polis_compatible else 0
    return matrix.select(keep_row, kept_col), tuple(exclusions), threshold, zero_columns


def _follow(
    labels: IntArray, centres: FloatMatrix, participants: tuple[str, ...], before: tuple[tuple[str, ...], ...]
) -> tuple[IntArray, FloatMatrix]:
    """Renumber a live room's groups so each keeps the number of the previous group it shares the
    most members with (an optimal one-to-one matching), so "Group 2" stays the same people."""
    k = len(before)
    row = {p: i for i, p in enumerate(participants)}
    previous = np.full(len(participants), -1, dtype=np.int64)
    for g, members in enumerate(before):
        for member in members:
            if member in row:
                previous[row[member]] = g
    known = previous >= 0
    overlap = np.zeros((k, k))
    np.add.at(overlap, (labels[known], previous[known]), 1.0)
    new, old = linear_sum_assignment(overlap, maximize=True)
    mapping = np.empty(k, dtype=np.int64)
    mapping[new] = old
    reordered = np.empty_like(centres)
    reordered[mapping] = centres
    return mapping[labels], reordered


def analyze(
    votes: Iterable[Vote] | VoteTable,
    parties: Mapping[str, str] | None = None,
    *,
    k_min: int = 5,
    min_voters_for_clustering: int = 8,
    seed: int = 0,
    statements: Iterable[str] = (),
    moderated: Iterable[str] = (),
    polis_compatible: bool = False,
    state: KState | None = None,
) -> Analysis:
    """Run the common-ground analysis; see the package docstring for the method and the result."""
    k_min = _check_int("k_min", k_min, 1)
    min_voters_for_clustering = _check_int("min_voters_for_clustering", min_voters_for_clustering, 0)
    seed = _check_int("seed", seed, 0)
    party_of = _check_parties(parties)
    moderated_ids = _check_moderated(moderated)

    full = build_matrix(votes, statements)
    matrix, exclusions, threshold, zero_columns = _split(full, moderated_ids, polis_compatible)
    # One BLAS thread: the products here are small or sparse, and on a shared 2-core machine
    # OpenBLAS's spinning threads made the 50,000-person analysis twice as slow (10 s against 5 s).
    with threadpool_limits(limits=1):
        coords, axes = project(matrix, zero_columns, state.axes if state is not None else ())
        labels, centres, choice, new_state = cluster(
            coords, min_voters=min_voters_for_clustering, seed=seed, state=state
        )
    ids = matrix.statements
    group_count = choice.k
    people = np.array(matrix.participants, dtype=object)
    if state is not None and len(state.groups) == group_count > 1:
        labels, centres = _follow(labels, centres, matrix.participants, state.groups)
    new_state = replace(
        new_state,
        centres=tuple((float(x), float(y)) for x, y in centres),
        groups=tuple(tuple(people[labels == g].tolist()) for g in range(group_count)),
        axes=axes,
    )

    arrays = stats.label_counts(matrix, labels, group_count)
    totals = tuple(a.sum(axis=0, keepdims=True) for a in arrays)
    groups: list[Group] = []
    for index in range(group_count):
        agreement = stats.as_counts(ids, arrays, index)
        # Representativeness compares a group with the rest; with one group there is no rest.
        rest_arrays = (
            totals[0] - arrays[0][index],
            totals[1] - arrays[1][index],
            totals[2] - arrays[2][index],
        )
        groups.append(
            Group(
                index=index,
                members=tuple(people[labels == index].tolist()),
                centre=(float(centres[index][0]), float(centres[index][1])),
                representative=(
                    stats.representative(agreement, stats.as_counts(ids, rest_arrays, 0))
                    if group_count > 1
                    else ()
                ),
                agreement=agreement,
            )
        )

    names = sorted(set(party_of.values()))
    number = {name: i for i, name in enumerate(names)}
    party_labels = np.array(
        [number.get(party_of.get(p, ""), -1) for p in matrix.participants], dtype=np.int64
    )
    party_arrays = stats.label_counts(matrix, party_labels, len(names))
    party_list = [
        Party(name, tuple(people[party_labels == i].tolist()), stats.as_counts(ids, party_arrays, i))
        for i, name in enumerate(names)
        if np.any(party_labels == i)
    ]

    group_buckets = [group.agreement for group in groups]
    party_buckets = [party.agreement for party in party_list]
    excluded = tuple(sorted(p for e in exclusions for p in e.participants))
    return Analysis(
        statements=ids,
        participants=matrix.participants,
        excluded=excluded,
        coordinates={p: (float(x), float(y)) for p, (x, y) in zip(matrix.participants, coords, strict=True)},
        groups=tuple(groups),
        parties=tuple(party_list),
        consensus=stats.consensus(ids, group_buckets),
        party_consensus=stats.consensus(ids, party_buckets) if party_buckets else (),
        bridging=stats.bridging(ids, party_buckets),
        k_min=k_min,
        min_votes=threshold,
        exclusions=exclusions,
        divisive=stats.divisive(ids, group_buckets),
        moderated=tuple(sorted(moderated_ids)),
        polis_compatible=polis_compatible,
        k_choice=choice,
        k_state=new_state,
    )
