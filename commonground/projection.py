"""The opinion map: PCA on the vote matrix, then k-means with k chosen by silhouette."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.metrics import silhouette_score

from .matrix import FloatMatrix, VoteMatrix

K_RANGE = range(2, 6)
# Below this total variance every participant voted alike: there is no axis to find.
_FLAT = 1e-12


def project(matrix: VoteMatrix) -> FloatMatrix:
    """Participants' 2-D coordinates (n × 2).

    Missing votes take the statement's mean (a statement nobody voted on becomes 0) before PCA.
    Each projection is then multiplied by sqrt(statements / votes cast by that participant): PCA of
    mean-filled rows pulls sparse voters toward the centre, and this undoes that pull, as in the
    Pol.is paper. The axes have no meaning beyond "people close together voted alike".
    """
    n_participants, n_statements = matrix.values.shape
    coords = np.zeros((n_participants, 2))
    if n_participants < 2 or n_statements == 0:
        return coords
    filled = SimpleImputer(strategy="mean", keep_empty_features=True).fit_transform(matrix.values)
    centred = filled - filled.mean(axis=0)
    if float(np.sum(centred**2)) < _FLAT:
        return coords
    n_components = min(2, n_participants, n_statements)
    projected = PCA(n_components=n_components, svd_solver="full").fit_transform(filled)
    coords[:, :n_components] = projected
    votes_cast = np.maximum(matrix.votes_cast(), 1)
    scale: FloatMatrix = np.sqrt(n_statements / votes_cast)  # `shape` is typed Any, so say what this is
    return coords * scale[:, np.newaxis]


def cluster(coords: FloatMatrix, *, min_voters: int, seed: int) -> npt.NDArray[np.int64]:
    """Group labels 0..k-1 for the rows of `coords`, numbered largest group first.

    With fewer than `min_voters` participants, or when everyone sits at one point, all are one
    group: splitting a handful of people reveals more than it explains. Otherwise k-means runs for
    k = 2..5 and the k with the best silhouette wins (the smaller k on a tie).
    """
    n = len(coords)
    labels = np.zeros(n, dtype=np.int64)
    distinct = len(np.unique(np.round(coords, 9), axis=0)) if n else 0
    if n < max(min_voters, 3) or distinct < 2:
        return labels
    best_score = -np.inf
    for k in K_RANGE:
        # silhouette needs 2 <= k <= n - 1, and k-means cannot make more groups than distinct points
        if k > min(distinct, n - 1):
            break
        candidate = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(coords)
        if len(np.unique(candidate)) < 2:
            continue
        score = float(silhouette_score(coords, candidate))
        if score > best_score + 1e-12:
            best_score, labels = score, candidate.astype(np.int64)
    return _canonical(labels)


def _canonical(labels: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Renumber groups by size (largest first), then by their first row, so numbering is stable."""
    groups = sorted(np.unique(labels), key=lambda g: (-int(np.sum(labels == g)), int(np.argmax(labels == g))))
    mapping = {int(old): new for new, old in enumerate(groups)}
    return np.array([mapping[int(label)] for label in labels], dtype=np.int64)
