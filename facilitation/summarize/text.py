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
    """Split a chat message into sentences, offline and without losing text.

    Line breaks always end a sentence. Within a line, pysbd's English rules decide, so abbreviations
    ("Dr.", "U.N.", "e.g."), decimals ("3.5") and initials do not split. To keep long sessions fast, lines
    are first cut at boundaries pysbd would split anyway and only pieces with an ambiguous "." go to pysbd.
    Every non-space character of `text` appears in the result, in order: a piece pysbd rewrote is kept as
    the original text around it.
    """
    sentences: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        for chunk in _plain_chunks(line):
            if _INNER_BOUNDARY.search(chunk) is None:
                sentences.append(chunk)
            else:
                sentences.extend(_align(chunk, _segmenter().processor(chunk).process()))
    return sentences


def _plain_chunks(line: str) -> list[str]:
    if _INNER_BOUNDARY.search(line) is None or _QUOTES_OR_BRACKETS.search(line) is not None:
        return [line]
    chunks: list[str] = []
    start = 0
    for match in _PLAIN_BOUNDARY.finditer(line):
        word, mark = match.group(1).lower(), match.group(2)
        if _ROMAN.fullmatch(word) or (mark == "." and word in _ABBREVIATIONS) or word in _EXCLAMATION_WORDS:
            continue
        chunks.append(line[start : match.end(2)])
        start = match.end()
    chunks.append(line[start:])
    return [c.strip() for c in chunks if c.strip()]


def _align(line: str, pieces: list[str]) -> list[str]:
    # Segmenter.segment() re-locates each piece with a freshly compiled regex (most of its cost) and silently
    # drops pieces it cannot find; a forward str.find plus gap filling is linear and loses nothing.
    found: list[str] = []
    cursor = 0
    for raw_piece in pieces:
        piece = raw_piece.strip()
        start = line.find(piece, cursor) if piece else -1
        if start < 0:
            continue
        gap = line[cursor:start].strip()
        if gap:
            found.append(gap)
        found.append(piece)
        cursor = start + len(piece)
    tail = line[cursor:].strip()
    if tail:
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
