"""Main points: LexRank (sumy) over a capped, pre-selected set of candidate sentences.

LexRank compares every pair of sentences, so running it on the ~20,000 sentences of a long session would be
quadratic. Instead:

1. exact repeats are already merged by the corpus (their messages count as support);
2. each candidate gets a cheap centrality score, the cosine of its sparse TF-IDF vector with the centroid of
   its theme, and each theme keeps its best candidates in proportion to its size, `LEXRANK_CAP` in all
   (linear, plus an n log n sort), so a minority topic still reaches the ranking;
3. near-duplicates among those (cosine over all their terms >= `NEAR_DUPLICATE`) are merged into the better
   one, pooling their support;
4. sumy's LexRank ranks the survivors; the score is multiplied by 1 + ½·ln(support) so a point many
   messages repeated ranks higher, sentences linked to no other get 0, and the final pick skips sentences
   too similar to one already chosen.

Everything is deterministic (stable sorts, no randomness).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer

from .corpus import Corpus, similarity_matrix
from .results import MainPoint
from .text import STOP_WORDS, SumyTokenizer

#: Most sentences LexRank sees (its cost grows with the square of this: ~0.2 s for 200 here).
LEXRANK_CAP = 200
#: Cosine at or above which two sentences say the same thing.
NEAR_DUPLICATE = 0.8
#: A sentence needs this cosine with at least one other to count as linked (sumy's LexRank threshold).
LINKED = 0.1
#: Cosine at or above which a main point is too close to one already chosen.
REDUNDANT = 0.5
#: A theme needs this many candidate sentences (and a tenth of them all) to be sure of a main point.
COVERAGE_MIN_CANDIDATES = 3
_LEXRANK_EPSILON = 1e-3

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int_]


@functools.cache
def _summarizer() -> LexRankSummarizer:
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = STOP_WORDS
    # sumy's default (0.1) stops the power method early enough to tie sentences that differ.
    summarizer.epsilon = _LEXRANK_EPSILON
    return summarizer


def rank_main_points(corpus: Corpus, strata: Ints, *, max_points: int) -> tuple[MainPoint, ...]:
    """The `max_points` most central, mutually distinct candidate sentences, most central first."""
    candidates = corpus.candidates
    if max_points <= 0 or not candidates:
        return ()
    vectors = corpus.candidate_vectors
    boost = 1.0 + 0.5 * np.log(np.array([len(c.support) for c in candidates], dtype=float))
    shortlist = _preselect(vectors, strata, boost)
    similarity = similarity_matrix([candidates[i].text for i in shortlist])
    kept, support = _merge_near_duplicates(similarity, [candidates[i].support for i in shortlist])
    similarity = similarity[np.ix_(kept, kept)]
    ranked = [shortlist[k] for k in kept]
    boosted = 1.0 + 0.5 * np.log(np.array([len(s) for s in support], dtype=float))
    scores = _steady(lexrank([candidates[i].text for i in ranked]) * boosted)
    # sumy's LexRank has no damping, so a sentence similar to no other keeps the average score by itself:
    # an aside ("the catering was excellent") would outrank real but peripheral points. Rank those last.
    if len(ranked) > 1:
        np.fill_diagonal(similarity, 0.0)
        scores[similarity.max(axis=1) < LINKED] = 0.0
    chosen: list[int] = []
    for position in _coverage_order(scores, strata[ranked], strata):
        if any(similarity[position, c] >= REDUNDANT for c in chosen):
            continue
        chosen.append(position)
        if len(chosen) == max_points:
            break
    chosen.sort(key=lambda c: (-scores[c], c))
    return tuple(
        MainPoint(candidates[ranked[c]].text, float(scores[c]), tuple(sorted(support[c]))) for c in chosen
    )


def _coverage_order(scores: Floats, kept_strata: Ints, strata: Ints) -> list[int]:
    """Positions to try: first the best of each sizeable theme (largest first), then the rest by score.

    Without the first round, variations on the largest theme can fill every slot and hide a smaller topic.
    """
    by_score = [int(p) for p in np.argsort(-scores, kind="stable")]
    themes, sizes = np.unique(strata, return_counts=True)
    sizeable = max(COVERAGE_MIN_CANDIDATES, len(strata) // 10)
    leaders: list[int] = []
    for theme in themes[np.argsort(-sizes, kind="stable")]:
        if sizes[themes == theme][0] < sizeable:
            continue
        best = next((p for p in by_score if kept_strata[p] == theme), None)
        if best is not None:
            leaders.append(best)
    return leaders + [p for p in by_score if p not in leaders]


def lexrank(texts: Sequence[str]) -> Floats:
    """LexRank centrality of each text (sumy, with the offline tokenizer, English stemmer and stop words)."""
    if len(texts) <= 1:
        return np.ones(len(texts))
    tokenizer = SumyTokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(t, tokenizer) for t in texts])])
    rated: list[Any] = []

    def keep_all(infos: list[Any]) -> list[Any]:
        # sumy hands the rated sentences to a callable `sentences_count`: keeping them all gives every score.
        rated.extend(infos)
        return infos

    # An all-zero similarity matrix (texts sharing no term) makes sumy divide 0 by 0; those NaNs become 0.
    with np.errstate(invalid="ignore", divide="ignore"):
        _summarizer()(document, keep_all)
    rating = {str(info.sentence): float(info.rating) for info in rated}
    return _steady(np.nan_to_num(np.array([rating.get(t.strip(), 0.0) for t in texts], dtype=np.float64)))


def _steady(scores: Floats) -> Floats:
    """Scores rounded to 12 decimals before anything is ranked by them.

    Sentences that are equally central get scores equal in exact arithmetic, but the last bits of the
    floats depend on the CPU: OpenBLAS picks its kernels and numpy its vectorised `log` per processor, so
    the same notes ranked two tied sentences in opposite orders on two machines. Rounded, a tie is an exact
    tie everywhere and the stable sorts break it by position."""
    return np.round(scores, 12)


def _centrality(vectors: Any, strata: Ints) -> Floats:
    scores = np.zeros(vectors.shape[0])
    for stratum in np.unique(strata):
        rows = np.flatnonzero(strata == stratum)
        centroid = np.asarray(vectors[rows].mean(axis=0)).ravel()
        scores[rows] = np.asarray(vectors[rows] @ centroid).ravel()
    return scores


def _preselect(vectors: Any, strata: Ints, boost: Floats) -> list[int]:
    """Candidate positions worth ranking, best first: all of them when few, else per-theme quotas."""
    total = vectors.shape[0]
    scores = _steady(_centrality(vectors, strata) * boost)
    if total <= LEXRANK_CAP:
        return [int(i) for i in np.argsort(-scores, kind="stable")]
    picked: list[int] = []
    for stratum in np.unique(strata):
        rows = np.flatnonzero(strata == stratum)
        quota = max(1, LEXRANK_CAP * len(rows) // total)
        best = rows[np.argsort(-scores[rows], kind="stable")[:quota]]
        picked.extend(int(i) for i in best)
    picked.sort(key=lambda i: (-scores[i], i))
    return picked


def _merge_near_duplicates(similarity: Floats, supports: list[list[int]]) -> tuple[list[int], list[set[int]]]:
    """Keep the first (best) of each group of near-duplicates and pool the groups' support.

    Returns positions in the shortlist and, for each, the messages that said it or a near-duplicate.
    """
    kept: list[int] = []
    support: list[set[int]] = []
    for position, said_by in enumerate(supports):
        if kept:
            closeness = similarity[position, kept]
            twin = int(np.argmax(closeness))
            if closeness[twin] >= NEAR_DUPLICATE:
                support[twin].update(said_by)
                continue
        kept.append(position)
        support.append(set(said_by))
    return kept, support
