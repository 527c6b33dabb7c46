"""Opinion groups: k-means on the opinion map, the number of groups chosen by silhouette, held steady.

Stability, in three parts:

* Canonical order. Points are sorted by their own coordinates before anything random happens, so
  the same votes give the same groups whatever order the rows came in and whatever the ids are.
* Deterministic start. k-means++ seeded from `seed` on that order, best of `N_INIT` runs (lowest
  inertia); ties in the data cannot make two runs differ.
* A clear, repeated win. One analysis takes the k with the best silhouette (the smaller on a tie).
  Between updates of a live room (`KState`), a new k replaces the one shown only when its silhouette
  beats the shown k's by more than `K_MARGIN` in `K_PATIENCE` updates in a row (Pol.is smooths k over
  updates too), so a near tie cannot make the groups flicker as votes arrive.

k-means and the silhouette are written here with numpy on 2-D points rather than called from
scikit-learn: its per-call overhead alone (0.6 s for k = 2..5 on 200 people, 9 s on 50,000 on this
project's 2-core machines) breaks the live budget, and we need the canonical order inside the
initialisation anyway. The silhouette is exact up to `SILHOUETTE_SAMPLE` people and is computed on a
fixed, seeded sample of that many beyond, which makes it linear instead of quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial.distance import cdist

from .matrix import FloatMatrix, IntArray

K_RANGE = range(2, 6)
N_INIT = 10
MAX_ITER = 100
K_MARGIN = 0.02
K_PATIENCE = 3
SILHOUETTE_SAMPLE = 2000
INIT_SAMPLE = 5000


@dataclass(frozen=True)
class KState:
    """What a live room remembers between updates: the number of groups shown, the number that
    has been beating it and for how many updates in a row, the groups' centres (to start k-means
    from), their members (so group numbers stay with the people) and the map's axes as statement
    loadings (so the map does not flip or swap axes while votes arrive)."""

    k: int
    challenger: int | None = None
    streak: int = 0
    centres: tuple[tuple[float, float], ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    axes: tuple[tuple[str, float, float], ...] = ()


@dataclass(frozen=True)
class KChoice:
    """How the number of groups was chosen: `rule` is one of "too_few_voters" (under the clustering
    threshold), "no_spread" (everyone at one point), "silhouette" (the best score), "held" (a live
    room keeping its k until a new one wins repeatedly)."""

    k: int
    rule: str
    score: float | None = None
    runner_up: int | None = None
    runner_up_score: float | None = None
    scores: dict[int, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "k": self.k,
            "rule": self.rule,
            "score": None if self.score is None else round(self.score, 4),
            "runner_up": self.runner_up,
            "runner_up_score": None if self.runner_up_score is None else round(self.runner_up_score, 4),
            "scores": {str(k): round(s, 4) for k, s in sorted(self.scores.items())},
        }


def canonical_order(coords: FloatMatrix) -> IntArray:
    """Row order by position (x, then y, rounded to 1e-9 so float noise cannot swap neighbours)."""
    rounded = np.round(coords, 9)
    return np.lexsort((rounded[:, 1], rounded[:, 0])).astype(np.int64)


def _assign(points: FloatMatrix, centres: FloatMatrix) -> tuple[IntArray, FloatMatrix]:
    distances = cdist(points, centres, "sqeuclidean")
    return np.argmin(distances, axis=1).astype(np.int64), distances


def _plus_plus(points: FloatMatrix, k: int, rng: np.random.Generator) -> FloatMatrix:
    centres = [points[int(rng.integers(len(points)))]]
    nearest = np.sum((points - centres[0]) ** 2, axis=1)
    for _ in range(1, k):
        total = float(nearest.sum())
        if total <= 0:
            break
        pick = int(np.searchsorted(np.cumsum(nearest), rng.random() * total, side="right"))
        centres.append(points[min(pick, len(points) - 1)])
        nearest = np.minimum(nearest, np.sum((points - centres[-1]) ** 2, axis=1))
    return np.array(centres)


def lloyd(points: FloatMatrix, centres: FloatMatrix) -> tuple[IntArray, FloatMatrix, float]:
    """k-means from the given centres; an emptied group takes the point farthest from its centre."""
    k = len(centres)
    labels, distances = _assign(points, centres)
    for _ in range(MAX_ITER):
        sizes = np.bincount(labels, minlength=k)
        for empty in np.flatnonzero(sizes == 0):
            far = int(np.argmax(distances[np.arange(len(points)), labels]))
            labels[far] = empty
            sizes = np.bincount(labels, minlength=k)
        sums = np.stack([np.bincount(labels, weights=points[:, d], minlength=k) for d in (0, 1)], axis=1)
        centres = sums / sizes[:, np.newaxis]
        new_labels, distances = _assign(points, centres)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
    inertia = float(distances[np.arange(len(points)), labels].sum())
    return labels, centres, inertia


def kmeans(
    points: FloatMatrix, k: int, seed: int, start: FloatMatrix | None = None
) -> tuple[IntArray, FloatMatrix]:
    """Best of N_INIT k-means++ runs (plus one from `start`, when given) on canonically ordered points.

    Beyond INIT_SAMPLE points the runs compete on a seeded sample and only the winner's centres are
    refined on all points: the restarts are there to avoid a poor local optimum, which a sample of
    thousands shows as well as the whole, at a tenth of the cost.
    """
    rng = np.random.default_rng(seed)
    trial = points
    if len(points) > INIT_SAMPLE:
        trial = points[np.sort(rng.choice(len(points), INIT_SAMPLE, replace=False))]
    best: tuple[IntArray, FloatMatrix, float] | None = None
    starts = [start] if start is not None and len(start) == k else []
    starts += [_plus_plus(trial, k, rng) for _ in range(N_INIT)]
    for centres in starts:
        if len(centres) < k:  # fewer distinct points than k
            continue
        run = lloyd(trial, centres)
        if best is None or run[2] < best[2] - 1e-9:
            best = run
    if best is None:
        return np.zeros(len(points), dtype=np.int64), points[:1].copy()
    if trial is not points:
        best = lloyd(points, best[1])
    return best[0], best[1]


def silhouette(points: FloatMatrix, labels: IntArray, seed: int) -> float:
    """Mean silhouette; on a seeded sample of SILHOUETTE_SAMPLE points when there are more."""
    if len(points) > SILHOUETTE_SAMPLE:
        pick = np.sort(np.random.default_rng(seed).choice(len(points), SILHOUETTE_SAMPLE, replace=False))
        points, labels = points[pick], labels[pick]
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=k).astype(np.float64)
    if np.count_nonzero(sizes) < 2:
        return 0.0
    distances = cdist(points, points)
    onehot = np.zeros((len(points), k))
    onehot[np.arange(len(points)), labels] = 1.0
    sums = distances @ onehot
    own = sizes[labels]
    inside = np.divide(
        sums[np.arange(len(points)), labels], own - 1, out=np.zeros(len(points)), where=own > 1
    )
    mean_to = np.where(sizes > 0, sums / np.maximum(sizes, 1), np.inf)
    mean_to[np.arange(len(points)), labels] = np.inf
    nearest = mean_to.min(axis=1)
    denominator = np.maximum(inside, nearest)
    values = np.divide(nearest - inside, denominator, out=np.zeros(len(points)), where=denominator > 0)
    values[own <= 1] = 0.0  # sklearn's convention: a point alone in its group scores 0
    return float(values.mean())


def _choose(scores: dict[int, float], state: KState | None) -> tuple[int, str, int | None, int]:
    """(k, rule, challenger, streak): the best k, unless a live room's k holds against it."""
    best = max(scores, key=lambda k: (scores[k], -k))  # the smaller k on a tie
    if state is None or state.k not in scores or state.k == best:
        return best, "silhouette", None, 0
    if scores[best] <= scores[state.k] + K_MARGIN:
        return state.k, "held", None, 0
    streak = state.streak + 1 if state.challenger == best else 1
    if streak >= K_PATIENCE:
        return best, "silhouette", None, 0
    return state.k, "held", best, streak


def _relabel(labels: IntArray, centres: FloatMatrix) -> IntArray:
    """Number groups largest first, ties by centre position (core.py then keeps a live room's
    numbers by matching members with the previous update's groups)."""
    k = len(centres)
    sizes = np.bincount(labels, minlength=k)
    order = sorted(range(k), key=lambda g: (-int(sizes[g]), round(float(centres[g][0]), 9), g))
    mapping = np.empty(k, dtype=np.int64)
    mapping[np.array(order, dtype=np.int64)] = np.arange(k, dtype=np.int64)
    return mapping[labels]


def cluster(
    coords: FloatMatrix, *, min_voters: int, seed: int, state: KState | None = None
) -> tuple[IntArray, FloatMatrix, KChoice, KState]:
    """Group labels 0..k-1 for the rows of `coords`, the group centres, how k was chosen, and the
    state to pass to the next update of a live room (`state` is the previous one, or None).

    With fewer than `min_voters` participants, or when everyone sits at one point, all are one
    group: splitting a handful of people reveals more than it explains.
    """
    n = len(coords)
    zero: IntArray = np.zeros(n, dtype=np.int64)
    centre = coords.mean(axis=0, keepdims=True) if n else np.zeros((1, 2))
    if n < max(min_voters, 3):
        return zero, centre, KChoice(k=1 if n else 0, rule="too_few_voters"), KState(1)
    distinct = len(np.unique(np.round(coords, 9), axis=0))
    if distinct < 2:
        return zero, centre, KChoice(k=1, rule="no_spread"), KState(1)
    order = canonical_order(coords)
    points = coords[order]
    previous = np.array(state.centres) if state is not None and state.centres else None
    runs: dict[int, tuple[IntArray, FloatMatrix]] = {}
    scores: dict[int, float] = {}
    for k in K_RANGE:
        # the silhouette needs 2 <= k <= n - 1, and k-means cannot make more groups than distinct points
        if k > min(distinct, n - 1):
            break
        labels, centres = kmeans(points, k, seed, previous)
        if len(np.unique(labels)) < 2:
            continue
        runs[k] = (labels, centres)
        scores[k] = silhouette(points, labels, seed)
    if not scores:
        return zero, centre, KChoice(k=1, rule="no_spread"), KState(1)
    k, rule, challenger, streak = _choose(scores, state)
    others = sorted((s, -kk) for kk, s in scores.items() if kk != k)
    runner_up = -others[-1][1] if others else None
    choice = KChoice(
        k=k,
        rule=rule,
        score=scores[k],
        runner_up=runner_up,
        runner_up_score=scores[runner_up] if runner_up is not None else None,
        scores=scores,
    )
    labels, centres = runs[k]
    ordered = _relabel(labels, centres)
    out: IntArray = np.empty(n, dtype=np.int64)
    out[order] = ordered
    group_centres = np.array([coords[out == g].mean(axis=0) for g in range(k)])
    remembered = tuple((float(x), float(y)) for x, y in group_centres)
    return out, group_centres, choice, KState(k, challenger, streak, remembered)
