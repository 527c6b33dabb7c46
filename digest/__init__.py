"""The summary text engine: extractive main points and themes of one agenda item, offline.

Public API::

    digest(messages, *, max_points=5, max_themes=4) -> ItemDigest
    split_sentences(text) -> list[str]
    participants_phrase(n_people) -> str
    parties_phrase(n_parties) -> str
    attribution_phrase(n_people, n_parties) -> str
    MainPoint, Theme, ItemDigest  (frozen dataclasses)

Inputs are plain strings that the redaction step has already cleaned; the engine never sees who wrote what.
`bench_compile` (in `digest.bench`) times it on synthetic text.
"""

from __future__ import annotations

from .engine import digest
from .phrasing import attribution_phrase, participants_phrase, parties_phrase
from .results import ItemDigest, MainPoint, Theme
from .text import split_sentences

__all__ = [
    "ItemDigest",
    "MainPoint",
    "Theme",
    "attribution_phrase",
    "digest",
    "participants_phrase",
    "parties_phrase",
    "split_sentences",
]
