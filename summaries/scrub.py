"""Room pseudonyms ("Participant 4") out of redacted text, before it reaches a summary.

The redactor removes roster identities; a veiled room adds its own labels, which people quote ("as
Participant 4 said"). A stable label lets a reader link statements into a profile, so it becomes the
same neutral placeholder as a name. The leak gate reports any that slip through; this keeps them from
reaching the draft in the first place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from redaction.lexicon import NUMBER_WORDS, PSEUDONYM_NOUNS

PLACEHOLDER = "[participant]"


@lru_cache(maxsize=32)
def _pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    nouns = "|".join(PSEUDONYM_NOUNS)
    numbers = "|".join(NUMBER_WORDS)
    generic = (
        rf"\b(?:{nouns})s?\s*(?:#|no\.?\s*|number\s+)?(?:\d{{1,3}}|(?:{numbers}))\b"
        r"(?!\s*(?:%|per\s*cent|percent))"
    )
    # The session's own labels first and longest first, so "Participant 12" is not cut at "Participant 1".
    exact = [
        re.escape(label) for label in sorted(labels, key=len, reverse=True) if any(c.isdigit() for c in label)
    ]
    return re.compile("|".join([*(rf"\b{e}\b" for e in exact), generic]), re.IGNORECASE)


def scrub_pseudonyms(text: str, labels: Iterable[str] = ()) -> str:
    """`text` with the session's pseudonym labels and any "<noun> <number>" label made "[participant]"."""
    return _pattern(tuple(sorted(set(labels)))).sub(PLACEHOLDER, text)
