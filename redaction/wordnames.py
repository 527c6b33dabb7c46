"""Names that are also words: when a capitalised "Hope", "Grace" or "Amir" reads as the word.

The strictness rules in variants.py already keep "we hope" (lower case) and "May I add" (a function
word opening a sentence). This is the context test for a capitalised lone name that is also an
English word: "the Amir of Qatar" and "Amazing Grace" are the word or part of another name, "Hope is
a word we use carefully" may be the word (the redactor keeps it; the gate asks a human), and
"Grace raised the issue" or "I agree with Hope" are the person.
"""

from __future__ import annotations

import re

from .lexicon import TITLE_WORDS
from .text import fold, starts_sentence

# "the Amir", "a Hope"; not "our Bibi", which is how a room speaks of its own people.
_ARTICLE_BEFORE = re.compile(r"(?<![^\W_])(?:the|a|an|this|that)\s+$", re.I)
_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_CAPITAL_BEFORE = re.compile(r"(?<![^\W_])([A-Z][a-z]+)\s+$")
_TITLES = frozenset(TITLE_WORDS)
# Words after a sentence-initial "Hope" / "Justice" that read as the abstract noun, not a person.
_NOUN_FOLLOWERS = frozenset(
    {"is", "was", "remains", "matters", "lies", "alone", "itself", "and", "or", "of", "for", "in", "must",
     "needs", "requires", "means", "delayed", "denied", "deferred", "springs", "dies", "comes", "without"}
)  # fmt: skip


def word_use(text: str, start: int, end: int, following: str) -> str:
    """ "skip" when the capitalised name at text[start:end] plainly reads as the word (or as part of
    another name), a reason when it may, "" when it reads as the name. `following` is the next
    word, folded."""
    before = text[max(0, start - 30) : start]
    if _ARTICLE_BEFORE.search(before) or _OF_PLACE.match(text, end):
        return "skip"  # "the Amir of Qatar", "a Hope", "Bank of England"
    if (
        (m := _CAPITAL_BEFORE.search(before))
        and fold(m.group(1)) not in _TITLES
        and not starts_sentence(text, start - len(before) + m.start(1))
    ):
        return "skip"  # part of a longer proper name or a title: "Amazing Grace", "Good Hope"
    if starts_sentence(text, start) and following in _NOUN_FOLLOWERS:
        return "it may be the word here"  # "Hope is a word we use carefully"; "Grace raised" is Grace
    return ""
