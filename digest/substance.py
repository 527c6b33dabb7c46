"""Which contributions are substance: the rest (greetings, procedure, tests, one-liners) never become a
main point or a theme.

Chat around a real discussion is full of lines that are true but say nothing about the topic: "Hello
all", "Can you hear me?", "Typed while my connection was down.", "Double submit check". LexRank cannot tell
them apart from content (a short line shares words with everything), so they are filtered before the
engine sees them. The rules are deliberately plain and conservative about length: a contribution needs
`MIN_WORDS` words, and a short one that is mostly about the meeting itself (greeting, thanks, audio,
connection, testing the tool, moving on) is procedural.
"""

from __future__ import annotations

import re

#: Fewer words than this is a one-liner ("Agreed.", "Double submit check"): never a main point.
MIN_WORDS = 7
#: A procedural cue only disqualifies a contribution shorter than this (a long one is about something).
PROCEDURAL_UP_TO_WORDS = 20

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_GREETING = re.compile(
    r"^\W*(?:hello|hi|hey|good (?:morning|afternoon|evening)|welcome|greetings|thanks?|thank you|"
    r"many thanks|bye|goodbye|see you|cheers|sorry (?:i'?m|for being) late|apologies)\b",
    re.IGNORECASE,
)
_PROCEDURAL = re.compile(
    r"\b(?:test(?:ing)?|typed|typing|keyboard|double[- ]?submit|submit(?:ted)?|connection|"
    r"reconnect(?:ed|ing)?|disconnect(?:ed)?|offline|bandwidth|lag(?:ging)?|"
    r"(?:can|could) (?:you|everyone|anyone) (?:hear|see)|audio|microphone|mic|mute[ds]?|unmute|"
    r"camera|screen ?share|refresh(?:ed)?|reload(?:ed)?|browser|"
    r"next (?:item|point|speaker)|move on|coffee|lunch|housekeeping|raise(?:d)? (?:my|your) hand)\b",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_substantive(text: str) -> bool:
    """Whether `text` is a contribution worth summarising (not a greeting, procedure, test or one-liner).

    >>> is_substantive("Typed while my connection was down.")
    False
    >>> is_substantive("Dam releases must be published weekly so downstream farmers can plan planting.")
    True
    """
    words = word_count(text)
    if words < MIN_WORDS:
        return False
    if words <= PROCEDURAL_UP_TO_WORDS and (_GREETING.search(text) or _PROCEDURAL.search(text)):
        return False
    return True
