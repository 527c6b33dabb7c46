"""Offline text primitives: sentence splitting, word tokens and the noise filter.

Nothing here downloads anything: sentences come from `pysbd` (rule-based, bundled rules), words from a
regular expression, stop words from the list bundled with sumy.
"""

from __future__ import annotations

import functools
import itertools
import re

import pysbd
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.common.standard import Standard
from sumy.utils import get_stop_words

# Letters only (no digits, no underscore), with inner apostrophes and hyphens kept: "don't", "cross-border".
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Placeholders left by the redaction step ("[PERSON]", "<PARTY_1>", "{{ORG}}") and addresses carry no topic;
# keeping them would let "person" or "https" become a theme label.
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]|<[^<>\n]{1,60}>|\{\{?[^{}\n]{1,60}\}?\}")
_PUNCTUATION = re.compile(r"[^\w\s'’\-]+")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+", re.IGNORECASE)
# A line with no terminator followed by more text is one sentence; only the others can need pysbd, which costs
# about 0.3 ms a line and would otherwise dominate the compile of a long session.
_INNER_BOUNDARY = re.compile(r"[.!?…‼⁇⁈⁉。！？]+[\"'”’»)\]]*\s+\S")
# Boundaries pysbd itself always splits at: a plain word of two or more letters ending in a lower-case letter,
# then ".", "!" or "?", white space and an ASCII capital. `_plain_chunks` rules out the contexts where pysbd
# decides otherwise (quotes, brackets, words on its abbreviation list such as "Dr.", "etc.", "St.").
_PLAIN_BOUNDARY = re.compile(r"(?<!\S)([^\W\d_]+[^\W\d_A-Z])([.!?])\s+(?=[A-Z])")
_ROMAN = re.compile(r"[ivxlcdm]+")
_QUOTES_OR_BRACKETS = re.compile(r"[\"“”‘«»()\[\]{}（）「」]|(?<![^\W\d_])['’]|['’](?![^\W\d_])")
_ABBREVIATIONS = frozenset(Standard.Abbreviation.ABBREVIATIONS)
_EXCLAMATION_WORDS = frozenset(w.rstrip("!").lower() for w in ExclamationWords.EXCLAMATION_WORDS)

# Chat reactions and discourse words: a sentence made only of these says nothing a summary should repeat,
# and none of them names a topic.
# fmt: off
FILLER_WORDS: frozenset[str] = frozenset(
    {
        "agree", "agreed", "agreeing", "agrees", "disagree", "disagreed", "yeah", "yep", "yup", "nope",
        "lol", "haha", "hmm", "noted", "fine", "good", "great", "nice", "cool", "absolutely", "totally",
        "fully", "completely", "ditto", "echo", "colleague", "colleagues", "question", "questions",
        "comment", "comments", "hear", "thing", "things", "idea", "true", "correct", "excellent", "wow",
        "interesting", "sounds", "lot", "bit", "kind", "sort", "sir", "madam", "chair",
    }
)
# fmt: on
STOP_WORDS: frozenset[str] = frozenset(get_stop_words("english")) | FILLER_WORDS

#: Sentences shorter than this many words are reactions, not points.
MIN_WORDS = 3
#: ... and they need at least this many content words (not stop or filler words).
MIN_CONTENT_WORDS = 2
#: Longer sentences are run-ons (pasted text, no punctuation): unreadable as a main point.
MAX_POINT_WORDS = 60


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[str]:
    """Split a chat message into sentences, offline and without losing text (see `sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of each sentence, without surrounding white space.

    Line breaks always end a sentence. Within a line, pysbd's English rules decide, so abbreviations
    ("Dr.", "U.N.", "e.g."), decimals ("3.5") and initials do not split. To keep long sessions fast, lines
    are first cut at boundaries pysbd would split anyway and only pieces with an ambiguous "." go to pysbd.
    Every non-space character of `text` lies in a span, in order: a piece pysbd rewrote is kept as the
    original text around it.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        base, offset = offset, offset + len(line)
        for start, end in _plain_chunks(line):
            chunk = line[start:end]
            if _INNER_BOUNDARY.search(chunk) is None:
                spans.append((base + start, base + end))
            else:
                pieces = _segmenter().processor(chunk).process()
                spans.extend((base + start + a, base + start + b) for a, b in _align(chunk, pieces))
    return spans


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`text[start:end]` without leading and trailing white space, as offsets; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _plain_chunks(line: str) -> list[tuple[int, int]]:
    bounds = [(0, len(line))]
    if _INNER_BOUNDARY.search(line) is not None and _QUOTES_OR_BRACKETS.search(line) is None:
        bounds, start = [], 0
        for match in _PLAIN_BOUNDARY.finditer(line):
            word, mark = match.group(1).lower(), match.group(2)
            if (
                _ROMAN.fullmatch(word)
                or (mark == "." and word in _ABBREVIATIONS)
                or word in _EXCLAMATION_WORDS
            ):
                continue
            bounds.append((start, match.end(2)))
            start = match.end()
        bounds.append((start, len(line)))
    return [span for a, b in bounds if (span := _stripped(line, a, b))]


def _align(line: str, pieces: list[str]) -> list[tuple[int, int]]:
    # Segmenter.segment() re-locates each piece with a freshly compiled regex (most of its cost, and it
    # thrashes the `re` cache) and silently drops pieces it cannot find; a forward str.find plus gap
    # filling is linear and loses nothing.
    found: list[tuple[int, int]] = []
    cursor = 0
    for raw_piece in pieces:
        piece = raw_piece.strip()
        start = line.find(piece, cursor) if piece else -1
        if start < 0:
            continue
        if gap := _stripped(line, cursor, start):
            found.append(gap)
        found.append((start, start + len(piece)))
        cursor = start + len(piece)
    if tail := _stripped(line, cursor, len(line)):
        found.append(tail)
    return found


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text`, ignoring redaction placeholders, URLs and e-mail addresses."""
    cleaned = _ADDRESS.sub(" ", _PLACEHOLDER.sub(" ", text))
    return [w.replace("’", "'") for w in _WORD.findall(cleaned.lower())]


def features(text: str) -> list[str]:
    """TF-IDF features of `text`: content words, and pairs of content words written side by side.

    A pair never spans punctuation or a stop word, so "releases of water" gives no "releases water" and
    labels read like the messages ("water sharing", "dam releases").
    """
    grams: list[str] = []
    for phrase in _PUNCTUATION.split(_ADDRESS.sub(" . ", _PLACEHOLDER.sub(" . ", text))):
        tokens = words(phrase)
        content = [w if w not in STOP_WORDS and len(w) > 1 else None for w in tokens]
        grams.extend(w for w in content if w is not None)
        grams.extend(f"{a} {b}" for a, b in itertools.pairwise(content) if a is not None and b is not None)
    return grams


def _content_words(tokens: list[str]) -> list[str]:
    return [w for w in tokens if w not in STOP_WORDS and len(w) > 1]


def is_noise(sentence: str) -> bool:
    """True for reactions ("agreed", "+1", "good point, thanks") and fragments too short to be a point."""
    return is_noise_tokens(words(sentence))


def is_noise_tokens(tokens: list[str]) -> bool:
    """`is_noise` for a sentence already split by `words`."""
    return len(tokens) < MIN_WORDS or len(_content_words(tokens)) < MIN_CONTENT_WORDS


class SumyTokenizer:
    """Tokenizer object for sumy (`to_sentences` / `to_words`) that needs no NLTK data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))
