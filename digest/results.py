"""What the engine returns. Indices point into the caller's message list and must never be rendered:
they exist so the caller can count distinct authors and phrase sizes with `participants_phrase`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MainPoint:
    """A sentence taken verbatim from the messages.

    `score` is its LexRank centrality, raised for points several messages repeated (higher is more central;
    only the order is meaningful). `message_indices` are the messages that said it or a near-duplicate.
    """

    text: str
    score: float
    message_indices: tuple[int, ...] = ()


@dataclass(frozen=True)
class Theme:
    """A cluster of messages: a label of its distinctive terms ("water sharing · dam releases"), its size in
    messages, one or two representative sentences, and the messages it holds."""

    label: str
    size: int
    sentences: tuple[str, ...]
    message_indices: tuple[int, ...] = ()


@dataclass(frozen=True)
class ItemDigest:
    """Main points (most central first) and themes (largest first) of one agenda item."""

    main_points: tuple[MainPoint, ...]
    themes: tuple[Theme, ...]
