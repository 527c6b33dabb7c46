"""Public figures who share a name with a participant: "Kim Jong Un", "President Aliyev".

A participant called Kim, Aliyev or Barghouti must not turn "Kim Jong Un" into "[participant] Jong
Un": that damages the public figure's name and tells the reader a participant carries it. The
shipped list (data/public_figures.txt: heads of state and government, foreign ministers, envoys,
party and movement leaders of the regions Parley serves) is matched first, longest name first, as
full names, other names, and a figure's own titles before the family name ("President Aliyev",
"Chairman Kim"). Roster matches inside such a mention are dropped. A lone family name ("Aliyev
said") is not protected: it may be the participant, and a leak costs more than a lost surname.

A figure whose full name is also a participant's full name is left out: the text may mean either,
and redaction fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .lexicon import PARTICLES
from .text import FoldedText, fold, words

_DATA = Path(__file__).resolve().parent / "data" / "public_figures.txt"


@dataclass(frozen=True)
class Figure:
    name: str
    titles: tuple[str, ...]
    aliases: tuple[str, ...]


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split(",") if part.strip())


@cache
def public_figures() -> tuple[Figure, ...]:
    figures = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, titles, aliases = (*line.split("|"), "", "")[:3]
        figures.append(Figure(name.strip(), _split(titles), _split(aliases)))
    return tuple(figures)


def _compact(text: str) -> str:
    return "".join(words(fold(text)))


class FigureIndex:
    """Compact (separator-free, folded) forms of every public figure's mentions."""

    def __init__(self, participant_names: frozenset[str]) -> None:
        self.forms: set[str] = set()
        for figure in public_figures():
            if _compact(figure.name) in participant_names:
                continue
            for name in (figure.name, *figure.aliases):
                if (compact := _compact(name)) and len(words(fold(name))) > 1:
                    self.forms.add(compact)
            tokens = [t for t in words(fold(figure.name)) if t not in PARTICLES]
            # Family name last ("President Aliyev") or first ("Chairman Kim", "President Xi").
            for family in {tokens[0], tokens[-1]} if tokens else set():
                for title in figure.titles:
                    self.forms.add(_compact(title) + family)
        self.prefixes = frozenset(f[:i] for f in self.forms for i in range(1, len(f) + 1))

    def token_ranges(
        self,
        ft: FoldedText,
        spans: list[tuple[int, int]],
        tokens: list[str],
        gap_ok: Callable[[str, str], bool],
    ) -> list[tuple[int, int]]:
        """(first, last) token indices of every public-figure mention, longest match first."""
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            compact, j, best = tokens[i], i, -1
            while compact in self.prefixes:
                if compact in self.forms:
                    best = j
                j += 1
                if j >= len(tokens) or not gap_ok(ft.folded[spans[j - 1][1] : spans[j][0]], tokens[j - 1]):
                    break
                compact += tokens[j]
            if best >= 0:
                found.append((i, best))
                i = best + 1
            else:
                i += 1
        return found
