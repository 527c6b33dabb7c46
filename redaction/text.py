"""Text folding with an offset map, word tokens, and the sentence around a position.

Matching runs on a *folded* copy of the text: lowercase ASCII where possible, diacritics and
zero-width characters removed, typographic apostrophes and dashes unified, and every other script
romanised with ICU's `Any-Latin; Latin-ASCII` (Cyrillic, Greek, Armenian, Georgian, Arabic, Hebrew,
Hangul, Han, Tamil, Devanagari...; anyascii for the few scripts ICU leaves as they are, such as
Sinhala). Every folded character remembers the original characters it came from, so a match on the
folded text maps back to an exact original span (including any combining marks or soft hyphens
inside it).

Han and Hangul are romanised one character (syllable) at a time with spaces around, so "王小明说"
reads "wang xiao ming shuo" and a name inside it is a run of words. Abugidas (Indic scripts) are
romanised a whole word at a time: their vowel signs change the consonant before them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import icu
from anyascii import anyascii

# Letters NFKD does not decompose, and punctuation variants that would split or hide a name.
_SPECIAL = {
    "ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ħ": "h",
    "ŀ": "l", "ŧ": "t", "ƒ": "f", "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'", "`": "'",
    "´": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "‧": "-", "·": "-",
}  # fmt: skip
_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf"})

WORD_RE = re.compile(r"[^\W_]+")

# Scripts whose characters are romanised alone and written as separate words (syllables).
SYLLABIC = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u3040-\u30ff]")
# Scripts romanised a word at a time: Cyrillic (the BGN/PCGN romanisation people use in English,
# which depends on the letter's place in the word: "Евгений" Yevgeniy) and the abugidas (Devanagari
# ... Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer), whose vowel signs change the consonant before.
_CYRILLIC = "\u0400-\u052f"
_ABUGIDA = "\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff"
_WORD_SCRIPT = re.compile(rf"[{_CYRILLIC}{_ABUGIDA}]")
_WORD_RUN = re.compile(rf"[{_CYRILLIC}\u0300-\u036f]+|[{_ABUGIDA}\u200c\u200d]+")
_SERBIAN = re.compile("[ђћљњџјЂЋЉЊЏЈ]")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_ASCII_RUN = re.compile(r"[\x00-\x5f\x61-\x7f]+")  # ASCII without the backquote (an apostrophe)
_GLOTTAL = str.maketrans({"ʿ": "a", "ʾ": "a", "'": "a", "ʼ": "a", "’": "a", "`": "a"})


@cache
def _transliterator(rule: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(rule)


@cache
def romanise(text: str) -> str:
    """ASCII romanisation of a word in any script (ICU first, anyascii for what ICU leaves)."""
    rule = "Any-Latin; Latin-ASCII"
    if re.search(f"[{_CYRILLIC}]", text):
        language = (
            "Serbian" if _SERBIAN.search(text) else "Ukrainian" if _UKRAINIAN.search(text) else "Russian"
        )
        rule = f"{language}-Latin/BGN; Any-Latin; Latin-ASCII"
    out = _transliterator(rule).transliterate(text)
    if not out.isascii():
        out = "".join(ch if ch.isascii() else anyascii(ch) for ch in out)
    return out


def _fold_latin(ch: str) -> str:
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.category(part) in _DROP_CATEGORIES:
            continue
        for low in part.casefold():
            out.append(_SPECIAL.get(low, low))
    return "".join(out)


@cache
def fold_char(ch: str) -> str:
    """Fold one character; may return "" (dropped) or several characters ("ß" → "ss", "Ж" → "zh")."""
    low = ch.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    folded = _fold_latin(ch)
    if folded.isascii() or not any(c.isalpha() for c in folded):
        return folded
    roman = romanise(ch)
    if SYLLABIC.match(ch):
        return f" {roman.lower()} " if roman.strip() else ""
    # The Arabic and Hebrew ayin and alef romanise to "ʿ"/"ʾ"/"'"; in Latin spellings they are
    # vowels ("عباس" Abbas, "علي" Ali, "שמעון" Shimon), so they become one, and stay in the word.
    roman = roman.lower().translate(_GLOTTAL)
    return "".join(c for c in roman if c.isalnum() or c == "-")


def fold(text: str) -> str:
    """The folded form of a short string (a roster entry), without the offset map."""
    if text.isascii():
        return text.lower()
    return fold_text(text).folded


@dataclass(frozen=True)
class FoldedText:
    """A text and its folded copy; folded character i came from original[starts[i]:ends[i]]."""

    original: str
    folded: str
    starts: tuple[int, ...] | None  # None: ASCII text, folded index == original index
    ends: tuple[int, ...] | None = None

    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Original (start, end) of the folded span [fstart, fend)."""
        if self.starts is None or self.ends is None:
            return fstart, fend
        if fend <= fstart:
            return self.starts[fstart], self.starts[fstart]
        return self.starts[fstart], self.ends[fend - 1]


@lru_cache(maxsize=64)
def fold_text(text: str) -> FoldedText:
    """The folded copy of `text` with its offset map. Cached: the redactor, the figure list, the
    descriptors and the flags all read the same message."""
    if text.isascii():
        return FoldedText(text, text.lower(), None)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    length = len(text)
    while index < length:
        if (plain := _ASCII_RUN.match(text, index)) is not None:
            # Most of a message is ASCII even when a name in it is not: fold it in one go.
            end = plain.end()
            pieces.append(plain.group().lower())
            starts.extend(range(index, end))
            ends.extend(range(index + 1, end + 1))
            index = end
            continue
        ch = text[index]
        if _WORD_SCRIPT.match(ch) and (run := _WORD_RUN.match(text, index)):
            end = run.end()
            folded = "".join(c for c in romanise(run.group()).lower() if c.isalnum())
        else:
            end = index + 1
            folded = fold_char(ch)
        if folded:
            pieces.append(folded)
            starts.extend([index] * len(folded))
            ends.extend([end] * len(folded))
        else:
            # A dropped character (a combining mark, a soft hyphen) belongs to what precedes it.
            back = len(ends) - 1
            while back >= 0 and ends[back] == index:
                ends[back] = end
                back -= 1
        index = end
    return FoldedText(text, "".join(pieces), tuple(starts), tuple(ends))


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


# A sentence ends at ".", "!", "?" or "…" (and closing quotes) before white space and a capital, digit
# or other script, or at a line break. Not after an abbreviation or an initial ("Dr. Okafor",
# "L.K. Lee"). pysbd's rules (digest.text) are finer but cost ~150 ms on a 1,000-word message; a
# flag's sentence only has to be the right one for a human to read.
_BOUNDARY = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[]?[^\W_a-z])|\s*\n\s*")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "maj", "sgt", "adm", "st", "vs", "etc",
     "amb", "hon", "sen", "rep", "gov", "jr", "sr", "rev", "fr", "mt", "ft", "approx", "dept", "univ", "inc",
     "ltd", "co", "corp", "e.g", "i.e", "cf", "al", "h.e", "u.s", "u.n", "u.k", "e.u"}
)  # fmt: skip
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]$")


@lru_cache(maxsize=64)
def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group()[:1] == "." and (word := _LAST_WORD.search(text, max(0, m.start() - 12), m.start() + 1)):
            last = word.group(1).lower()
            if len(last) == 1 or last in _ABBREVIATIONS or (last.count(".") >= 1 and len(last) <= 5):
                continue  # "Dr. Okafor", "L. K. Lee", "U.N. staff"
        spans.append((start, m.start() + 1 if m.group()[:1] in ".!?…" else m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if piece.strip():
            out.append((a + lead, a + trail))
    return out
