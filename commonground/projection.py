"""The opinion map: PCA on the vote matrix, computed from its sparse entries.

Filling a missing vote with the statement's mean and then centring makes that cell exactly 0, so
the centred matrix has entries only where someone voted. Its 2 leading principal axes come from the
statements × statements covariance (sparse product, then a small dense eigendecomposition): the
same axes as PCA of the filled dense matrix, without ever building it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import linalg, sparse

from .matrix import FloatMatrix, VoteMatrix

# Below this total variance every participant voted alike: there is no axis to find.
_FLAT = 1e-12


def _axes(centred: sparse.csr_matrix, n_components: int) -> FloatMatrix:
    """The leading principal axes (statements × n_components), each signed so that its largest
    entry is positive (sklearn's convention), so the map never flips between runs."""
    covariance = (centred.T @ centred).toarray()
    size = covariance.shape[0]
    # Only the top eigenpairs: 600 statements take 30 ms this way, 200+ ms for the full spectrum.
    eigenvalues, eigenvectors = linalg.eigh(covariance, subset_by_index=[size - n_components, size - 1])
    order = np.argsort(eigenvalues)[::-1]
    axes: FloatMatrix = eigenvectors[:, order]
    biggest = np.argmax(np.abs(axes), axis=0)
    signs = np.sign(axes[biggest, np.arange(axes.shape[1])])
    signs[signs == 0] = 1.0
    signed: FloatMatrix = axes * signs
    return signed


def _align(
    axes: FloatMatrix, statements: tuple[str, ...], previous: Sequence[tuple[str, float, float]]
) -> FloatMatrix:
    """Swap and flip the axes to follow a live room's previous map (loadings on shared statements):
    an axis's sign is arbitrary, and two axes of near-equal variance can trade places."""
    before = {sid: (a, b) for sid, a, b in previous}
    shared = [j for j, sid in enumerate(statements) if sid in before]
    if not shared or axes.shape[1] < 2:
        return axes
    old = np.array([before[statements[j]] for j in shared])
    overlap = axes[shared].T @ old
    if abs(overlap[0, 1]) + abs(overlap[1, 0]) > abs(overlap[0, 0]) + abs(overlap[1, 1]):
        axes, overlap = axes[:, ::-1], overlap[::-1]
    signs = np.where(np.diag(overlap) < 0, -1.0, 1.0)
    aligned: FloatMatrix = axes * signs
    return aligned


def project(
    matrix: VoteMatrix, zero_columns: int = 0, previous: Sequence[tuple[str, float, float]] = ()
) -> tuple[FloatMatrix, tuple[tuple[str, float, float], ...]]:
    """Participants' 2-D coordinates (n × 2).

    Each projection is multiplied by sqrt(statements / votes cast by that participant): PCA of
    mean-filled rows pulls sparse voters toward the centre, and this undoes that pull, as in the
    Pol.is paper. `zero_columns` are extra statements every participant "voted" 0 on (Pol.is's
    moderated-out columns): they add nothing to the axes but count in both totals of that scale.
    Returns the coordinates and the axes as (statement, loading 1, loading 2), which a live room
    passes back as `previous` so that its map keeps its orientation.
    """
    n_participants, n_statements = matrix.shape
    coords = np.zeros((n_participants, 2))
    if n_participants < 2 or n_statements == 0:
        return coords, ()
    counts = np.bincount(matrix.cols, minlength=n_statements)
    sums = np.bincount(matrix.cols, weights=matrix.vals.astype(np.float64), minlength=n_statements)
    means = np.divide(sums, counts, out=np.zeros(n_statements), where=counts > 0)
    centred_vals = matrix.vals - means[matrix.cols]
    # The mean over all rows of the filled column is the mean over voters, so `centred_vals` is
    # already centred; the sum of squares of its entries is the total variance (times n).
    if float(np.sum(centred_vals**2)) < _FLAT:
        return coords, ()
    centred = sparse.csr_matrix(
        (centred_vals, (matrix.rows, matrix.cols)), shape=(n_participants, n_statements)
    )
    n_components = min(2, n_participants, n_statements)
    axes = _align(_axes(centred, n_components), matrix.statements, previous)
    coords[:, :n_components] = centred @ axes
    votes_cast = np.maximum(matrix.votes_cast() + zero_columns, 1)
    scale: FloatMatrix = np.sqrt((n_statements + zero_columns) / votes_cast)
    loadings = tuple(
        (sid, float(axes[j, 0]), float(axes[j, 1]) if n_components > 1 else 0.0)
        for j, sid in enumerate(matrix.statements)
    )
    return coords * scale[:, np.newaxis], loadings
