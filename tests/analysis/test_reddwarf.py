"""Cross-check against red-dwarf, an independent Python implementation of the Pol.is pipeline.

red-dwarf is a test-only dependency. Its pipeline runs offline; only its data loader (not used
here) touches the network. Where we differ on purpose it is in k-means initialisation: red-dwarf
seeds k-means with the first distinct points ("polis" init, one run) and so sometimes settles on 4
or 5 groups for 3 planted ones; we use k-means++ with 10 restarts. We therefore compare clusters
both with red-dwarf's default pipeline and with its own silhouette search run with k-means++.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from scipy.spatial import procrustes
from scipy.spatial.distance import pdist
from scipy.stats import spearmanr
from sklearn.metrics import adjusted_rand_score

from commonground import Analysis, analyze

from .planted import Planted, planted

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")

# (seed, noise, missing): the share of random votes and of unseen statements.
CASES = [(seed, 0.1, 0.2) for seed in range(6)] + [(seed, 0.2, 0.3) for seed in range(6)]


@dataclass(frozen=True)
class Pair:
    data: Planted
    ours: Analysis
    theirs: Any  # reddwarf PolisClusteringResult
    participants: list[str]  # row i of red-dwarf's matrix is participants[i]

    def our_labels(self) -> list[int]:
        where = {member: group.index for group in self.ours.groups for member in group.members}
        return [where[p] for p in self.participants]

    def truth(self) -> list[int]:
        return [self.data.truth[p] for p in self.participants]


@pytest.fixture(scope="module", params=CASES, ids=[f"seed{s}-noise{n}-missing{m}" for s, n, m in CASES])
def pair(request: pytest.FixtureRequest) -> Pair:
    from reddwarf.implementations.polis import run_pipeline

    seed, noise, missing = request.param
    data = planted(groups=3, per_group=10, statements=20, noise=noise, missing=missing, seed=seed)
    ours = analyze(data.votes, seed=0)
    assert ours.excluded == ()  # red-dwarf projects everyone; keep the inputs comparable
    participants = sorted(data.truth)
    pnum = {p: i for i, p in enumerate(participants)}
    snum = {s: i for i, s in enumerate(data.statements)}
    theirs = run_pipeline(
        votes=[
            {"participant_id": pnum[p], "statement_id": snum[s], "vote": v, "modified": 0}
            for p, s, v in data.votes
        ],
        random_state=0,
    )
    return Pair(data, ours, theirs, participants)


def test_projections_match_up_to_rotation_and_sign(pair: Pair) -> None:
    ours = np.array([pair.ours.coordinates[p] for p in pair.participants])
    theirs = np.array([pair.theirs.participant_projections[i] for i in range(len(pair.participants))])

    _, _, disparity = procrustes(ours, theirs)
    assert disparity < 1e-6
    assert np.corrcoef(pdist(ours), pdist(theirs))[0, 1] > 0.999


def test_clusters_match_reddwarf_silhouette_search(pair: Pair) -> None:
    from reddwarf.utils.clusterer.kmeans import find_best_kmeans

    projections = np.array([pair.theirs.participant_projections[i] for i in range(len(pair.participants))])
    _, _, kmeans = find_best_kmeans(projections, k_bounds=[2, 5], init="k-means++", random_state=0)

    assert adjusted_rand_score(pair.our_labels(), kmeans.labels_) >= 0.85


def test_clusters_match_reddwarf_default_pipeline(pair: Pair) -> None:
    theirs = pair.theirs.participants_df["cluster_id"].astype(int).tolist()

    assert adjusted_rand_score(pair.our_labels(), theirs) >= 0.8
    # Where the two differ, ours is the one closer to the planted groups.
    assert adjusted_rand_score(pair.truth(), pair.our_labels()) >= adjusted_rand_score(pair.truth(), theirs)


def test_consensus_scores_equal_reddwarf_for_the_same_groups(pair: Pair) -> None:
    from reddwarf.utils.stats import calculate_comment_statistics_dataframes

    _, theirs = calculate_comment_statistics_dataframes(
        pair.theirs.raw_vote_matrix, cluster_labels=np.array(pair.our_labels())
    )
    ours = {item.statement: item.score for item in pair.ours.consensus}

    expected = theirs["group-aware-consensus-agree"].to_numpy()
    assert np.allclose([ours[s] for s in pair.data.statements], expected, rtol=1e-12, atol=0)


def test_consensus_ranking_agrees_with_reddwarf_end_to_end(pair: Pair) -> None:
    scores = pair.theirs.group_aware_consensus["agree"]
    theirs = [pair.data.statements[i] for i in sorted(scores, key=lambda i: (-scores[i], i))]
    ours = [item.statement for item in pair.ours.consensus]

    assert sorted(ours[:3]) == sorted(theirs[:3]) == pair.data.consensus
    assert len(set(ours[:5]) & set(theirs[:5])) >= 4
    rho = spearmanr(
        [ours.index(s) for s in pair.data.statements], [theirs.index(s) for s in pair.data.statements]
    )
    assert rho.statistic >= 0.9


@pytest.mark.parametrize("seed", range(3))
def test_polis_compatible_moderation_matches_reddwarf(seed: int) -> None:
    """Moderated-out statements as Pol.is handles them (red-dwarf reproduces it): zero columns that
    count toward every participant's vote total. Our default drops them, which moves the map."""
    from reddwarf.implementations.polis import run_pipeline

    data = planted(groups=3, per_group=10, statements=20, noise=0.1, missing=0.35, seed=seed)
    moderated = ["s03", "s07", "s11", "s15"]
    participants = sorted(data.truth)
    pnum = {p: i for i, p in enumerate(participants)}
    snum = {s: i for i, s in enumerate(data.statements)}
    theirs = run_pipeline(
        votes=[
            {"participant_id": pnum[p], "statement_id": snum[s], "vote": v, "modified": 0}
            for p, s, v in data.votes
        ],
        mod_out_statement_ids=[snum[s] for s in moderated],
        random_state=0,
    )
    projected = theirs.participant_projections
    expected = np.array([projected[pnum[p]] for p in participants])

    compatible = analyze(data.votes, moderated=moderated, polis_compatible=True)
    default = analyze(data.votes, moderated=moderated)

    assert compatible.excluded == ()  # red-dwarf projects everyone; keep the inputs comparable
    ours = np.array([compatible.coordinates[p] for p in participants])
    assert procrustes(ours, expected)[2] < 1e-6
    # Our default leaves the moderated statements out of everyone's total instead.
    shared = [p for p in participants if p in default.coordinates]
    mine = np.array([default.coordinates[p] for p in shared])
    assert procrustes(mine, np.array([projected[pnum[p]] for p in shared]))[2] > 1e-4
    for analysis in (compatible, default):
        assert not set(moderated) & {item.statement for item in analysis.consensus}
