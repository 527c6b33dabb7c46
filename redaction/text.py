"""Text folding with an offset map, word tokens, and the sentence around a position.

Matching runs on a *folded* copy of the text: lowercase, diacritics and zero-width characters
removed, typographic apostrophes and dashes unified. Every folded character remembers which
original character it came from, so a match on the folded text maps back to an exact original span
(including any combining marks or soft hyphens inside it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Letters NFKD does not decompose, and punctuation variants that would split or hide a name.
_SPECIAL = {
    "ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ħ": "h",
    "ŀ": "l", "ŧ": "t", "ƒ": "f", "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'", "`": "'",
    "´": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "‧": "-", "·": "-",
}  # fmt: skip
_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf"})

WORD_RE = re.compile(r"[^\W_]+")


@cache
def fold_char(ch: str) -> str:
    """Fold one character; may return "" (dropped) or several characters ("ß" → "ss")."""
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.category(part) in _DROP_CATEGORIES:
            continue
        for low in part.casefold():
            out.append(_SPECIAL.get(low, low))
    return "".join(out)


def fold(text: str) -> str:
    """The folded form of a short string (a roster entry), without the offset map."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(ch) for ch in text)


@dataclass(frozen=True)
class FoldedText:
    """A text and its folded copy; `starts[i]` is the original index of folded character i."""

    original: str
    folded: str
    starts: tuple[int, ...] | None  # None: ASCII text, folded index == original index

    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Original (start, end) of the folded span [fstart, fend)."""
        if self.starts is None:
            return fstart, fend
        end = self.starts[fend] if fend < len(self.starts) else len(self.original)
        return self.starts[fstart], end


def fold_text(text: str) -> FoldedText:
    if text.isascii():
        return FoldedText(text, text.lower(), None)
    pieces: list[str] = []
    starts: list[int] = []
    for index, ch in enumerate(text):
        folded = fold_char(ch)
        pieces.append(folded)
        starts.extend([index] * len(folded))
    return FoldedText(text, "".join(pieces), tuple(starts))


def words(folded: str) -> list[str]:
    return WORD_RE.findall(folded)


def is_capitalised(text: str, start: int) -> bool:
    return text[start : start + 1].isupper()


_SENTENCE_END = frozenset('.!?:;\n"“(•*-[>')


def starts_sentence(text: str, start: int) -> bool:
    """True when nothing but opening punctuation separates `start` from a sentence boundary."""
    index = start - 1
    while index >= 0 and text[index] in " \t\"'“‘(":
        if text[index] in '"“(':
            return True
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def sentence_at(spans: list[tuple[int, int]], text: str, position: int) -> tuple[int, int, str]:
    """The sentence that contains `position`, stripped, with its original offsets."""
    for start, end in spans:
        if start <= position < end:
            break
    else:
        start, end = 0, len(text)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    sentence = raw.strip()
    return start + lead, start + lead + len(sentence), sentence
