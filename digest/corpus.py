"""The shared TF-IDF view of one agenda item: informative messages and de-duplicated candidate sentences.

Both the themes and the main points work on it, so the text is split and vectorized once. Every step is
linear in the size of the input (one pass to split, one dictionary to de-duplicate, one sparse fit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import MAX_POINT_WORDS, features, is_noise_tokens, split_sentences, words

#: With fewer messages, a term used once can still label a theme; above it a label term needs two messages.
_MIN_DF_FROM = 10


@dataclass
class Candidate:
    """One distinct sentence that could be a main point; `support` lists every message that said it."""

    text: str
    message_index: int
    support: list[int] = field(default_factory=list)


@dataclass
class Corpus:
    """Rows of `message_vectors` follow `message_indices`; rows of `candidate_vectors` follow `candidates`.
    `distinct_rows` are the rows of the first copy of each distinct message (reposts repeat a row).

    Vectors are sparse, L2-normalised TF-IDF rows (so a dot product is a cosine similarity).
    """

    message_indices: list[int]
    message_vectors: Any
    distinct_rows: list[int]
    candidates: list[Candidate]
    candidate_vectors: Any
    vocabulary: list[str]


def _vectorizer(n_docs: int, *, prune: bool) -> TfidfVectorizer:
    many = prune and n_docs >= _MIN_DF_FROM
    return TfidfVectorizer(
        analyzer=features,
        min_df=2 if many else 1,
        max_df=0.9 if many else 1.0,
        sublinear_tf=True,
        dtype=np.float64,
    )


def similarity_matrix(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Cosine similarities of a few texts over all their terms, rare ones included.

    The corpus vectors drop terms used by one message only, which makes two sentences that differ in their
    details look identical; duplicate detection needs those details.
    """
    try:
        vectors = _vectorizer(len(texts), prune=False).fit_transform(texts)
    except ValueError:
        return np.eye(len(texts))
    return np.asarray((vectors @ vectors.T).toarray())


def build_corpus(messages: Sequence[str]) -> Corpus | None:
    """Split, filter and vectorize `messages`; None when nothing in them is more than a reaction."""
    informative: list[int] = []
    distinct_rows: dict[str, int] = {}
    by_key: dict[str, Candidate] = {}
    long_ones: dict[str, Candidate] = {}
    for index, message in enumerate(messages):
        message_tokens: list[str] = []
        for sentence in split_sentences(message):
            tokens = words(sentence)
            if is_noise_tokens(tokens):
                continue
            message_tokens.extend(tokens)
            # Same words in the same order is the same point, whatever the case or punctuation.
            key = " ".join(tokens)
            pool = by_key if len(tokens) <= MAX_POINT_WORDS else long_ones
            candidate = pool.get(key)
            if candidate is None:
                candidate = pool[key] = Candidate(sentence, index)
            if not candidate.support or candidate.support[-1] != index:
                candidate.support.append(index)
        if message_tokens:
            distinct_rows.setdefault(" ".join(message_tokens), len(informative))
            informative.append(index)
    if not informative:
        return None
    # A discussion made only of run-on sentences still deserves main points.
    candidates = list(by_key.values()) or list(long_ones.values())
    texts = [messages[i] for i in informative]
    vectorizer = _vectorizer(len(texts), prune=True)
    try:
        message_vectors = vectorizer.fit_transform(texts)
    except ValueError:
        # Pruning removed every term (e.g. everyone posted the same sentence): keep them all.
        vectorizer = _vectorizer(len(texts), prune=False)
        try:
            message_vectors = vectorizer.fit_transform(texts)
        except ValueError:
            return None
    return Corpus(
        message_indices=informative,
        message_vectors=message_vectors.tocsr(),
        distinct_rows=sorted(distinct_rows.values()),
        candidates=candidates,
        candidate_vectors=vectorizer.transform([c.text for c in candidates]).tocsr(),
        vocabulary=[str(t) for t in vectorizer.get_feature_names_out()],
    )
