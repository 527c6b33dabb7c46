"""Themes: k-means over LSA-reduced TF-IDF message vectors, k chosen by silhouette on a capped sample.

Cost stays linear in the number of messages: the SVD and MiniBatchKMeans are linear passes, the silhouette
(quadratic) only ever sees `SAMPLE_SIZE` messages, and the final assignment is one `predict`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from .corpus import Corpus, similarity_matrix
from .results import Theme

#: Fewer informative messages than this form a single theme: there is no structure to find.
MIN_MESSAGES_TO_SPLIT = 8
#: k is chosen among 2..MAX_K, and so that themes average at least MESSAGES_PER_THEME distinct messages.
MAX_K = 6
MESSAGES_PER_THEME = 4
#: Messages used to choose k (silhouette is quadratic in this number).
SAMPLE_SIZE = 1000
#: Below this best silhouette the messages are treated as one theme.
MIN_SILHOUETTE = 0.02
#: A theme must hold at least this many messages (unless it is the only one).
MIN_THEME_MESSAGES = 2
LABEL_PHRASES = 2
REPRESENTATIVES = 2
_LSA_DIMS = 100
_NEAR_DUPLICATE = 0.8
_SEED = 0

Labels = npt.NDArray[np.int_]


def cluster_messages(corpus: Corpus, *, max_k: int = MAX_K) -> Labels:
    """One theme label per informative message (rows of `corpus.message_vectors`), from 0. Deterministic."""
    vectors = corpus.message_vectors
    n_docs, n_terms = vectors.shape
    distinct = np.asarray(corpus.distinct_rows, dtype=np.int_)
    single: Labels = np.zeros(n_docs, dtype=np.int_)
    n_components = min(_LSA_DIMS, n_terms - 1, len(distinct) - 1)
    max_k = min(max_k, len(distinct) // MESSAGES_PER_THEME)
    if max_k < 2 or len(distinct) < MIN_MESSAGES_TO_SPLIT or n_components < 2:
        return single
    # LSA first: k-means on raw sparse TF-IDF tends to put most messages in one cluster. Reposts are left
    # out of the fit: a pasted line repeated ten times would otherwise look like a tight theme of its own.
    svd = TruncatedSVD(n_components=n_components, random_state=_SEED)
    svd.fit(vectors[distinct])
    reduced = normalize(svd.transform(vectors))
    sample = reduced[distinct[_sample(len(distinct))]]
    best_model: MiniBatchKMeans | None = None
    best_score = MIN_SILHOUETTE
    for k in range(2, min(max_k, len(sample) - 1) + 1):
        model = MiniBatchKMeans(n_clusters=k, random_state=_SEED, n_init=3, batch_size=1024).fit(sample)
        if len(np.unique(model.labels_)) < 2:
            continue
        # Euclidean distance between unit vectors orders pairs like cosine distance.
        score = float(silhouette_score(sample, model.labels_))
        if score > best_score:
            best_model, best_score = model, score
    if best_model is None:
        return single
    labels: Labels = best_model.predict(reduced).astype(np.int_)
    return labels


def _sample(n_docs: int) -> npt.NDArray[np.int_]:
    if n_docs <= SAMPLE_SIZE:
        return np.arange(n_docs)
    chosen = np.random.default_rng(_SEED).choice(n_docs, size=SAMPLE_SIZE, replace=False)
    return np.sort(chosen)


def candidate_strata(corpus: Corpus, labels: Labels) -> Labels:
    """The theme label of each candidate sentence (that of the first message that said it)."""
    label_of = dict(zip(corpus.message_indices, labels.tolist(), strict=True))
    return np.array([label_of[c.message_index] for c in corpus.candidates], dtype=np.int_)


def describe_themes(corpus: Corpus, labels: Labels, *, max_themes: int) -> tuple[Theme, ...]:
    """Label, size and representative sentences of each cluster; the `max_themes` largest first."""
    if max_themes <= 0 or len(labels) == 0:
        return ()
    vectors = corpus.message_vectors
    strata = candidate_strata(corpus, labels)
    positions = np.asarray(corpus.message_indices)
    n_clusters = int(labels.max()) + 1
    found: list[tuple[int, int, Theme]] = []
    for cluster in range(n_clusters):
        inside = labels == cluster
        size = int(inside.sum())
        if size == 0 or (n_clusters > 1 and size < MIN_THEME_MESSAGES):
            continue
        mean_in = np.asarray(vectors[inside].mean(axis=0)).ravel()
        distinct = mean_in
        if not inside.all():
            distinct = mean_in - np.asarray(vectors[~inside].mean(axis=0)).ravel()
        used_by = np.asarray((vectors[inside] > 0).sum(axis=0)).ravel()
        members = positions[inside]
        theme = Theme(
            label=_label(distinct, used_by, corpus.vocabulary, min_messages=min(2, size)),
            size=size,
            sentences=_representatives(corpus, np.flatnonzero(strata == cluster), mean_in),
            message_indices=tuple(int(i) for i in members),
        )
        found.append((-size, int(members[0]), theme))
    found.sort(key=lambda row: row[:2])
    return tuple(theme for _, _, theme in found[:max_themes])


def _label(
    score: npt.NDArray[np.float64], used_by: npt.NDArray[np.int_], vocabulary: list[str], *, min_messages: int
) -> str:
    # A label term must be shared by several messages of the theme: a word from one message is neither a
    # theme nor safe (it could be someone's turn of phrase).
    order = np.argsort(-score, kind="stable")[:60]
    top = [int(i) for i in order if score[i] > 0 and used_by[i] >= min_messages][:16]
    bigrams = [j for j in top if " " in vocabulary[j]]
    phrases: list[str] = []
    for index in top:
        term = vocabulary[index]
        if " " not in term:
            # "water sharing" reads better than "water" when it is nearly as distinctive.
            wider = [j for j in bigrams if term in vocabulary[j].split() and score[j] >= 0.5 * score[index]]
            if wider:
                term = vocabulary[wider[0]]
        if any(set(term.split()) & set(p.split()) for p in phrases):
            continue
        phrases.append(term)
        if len(phrases) == LABEL_PHRASES:
            break
    return " · ".join(phrases) or "general discussion"


def _representatives(
    corpus: Corpus, rows: npt.NDArray[np.int_], centroid: npt.NDArray[np.float64]
) -> tuple[str, ...]:
    """The sentences closest to the theme's centroid, skipping near-duplicates of one already taken."""
    if len(rows) == 0:
        return ()
    closeness = np.asarray(corpus.candidate_vectors[rows] @ centroid).ravel()
    # Only the closest few are compared, so a flood of near-identical sentences costs nothing extra.
    closest = [corpus.candidates[int(rows[i])].text for i in np.argsort(-closeness, kind="stable")[:10]]
    similarity = similarity_matrix(closest)
    chosen: list[int] = []
    for position in range(len(closest)):
        if any(similarity[position, c] >= _NEAR_DUPLICATE for c in chosen):
            continue
        chosen.append(position)
        if len(chosen) == REPRESENTATIVES:
            break
    return tuple(closest[c] for c in chosen)
