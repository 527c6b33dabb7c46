"""Sentences a facilitator should look at before anything is released.

Three kinds, each with the sentence and the reason:
- self_identifying: the speaker describes their own position ("when I was ambassador ...");
- unknown_name: a capitalised word that is not on the roster next to a cue ("Mr", "Minister",
  "said"): there is no statistical NER offline, so such names are shown, not guessed at;
- descriptor: a sector/party description that fewer than k people in the room share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .descriptors import DescriptorChecker
from .lexicon import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    MONTHS,
    NAME_CUE_TITLES,
    NOT_NAMES,
    PSEUDONYM_NOUNS,
    SPEECH_VERBS,
    WEEKDAYS,
)
from .results import Flag
from .text import fold, sentence_at, sentences

_POSITION = (
    r"(?:(?:deputy|vice|acting|chief|senior|head|special|foreign|defen[cs]e|interior|prime|assistant)\s+)*"
    r"(?:minister|ambassador|envoy|general|commander|negotiator|consul|spokes(?:man|woman|person)"
    r"|director|governor|mayor|secretary|advis[oe]r|editor|professor|ceo|chair(?:man|woman)?"
    r"|president|officer|colonel|admiral|judge|member\s+of|head\s+of|representative|delegate)"
)
_SELF_ID: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (reason, re.compile(pattern, re.I), needs_first_person)
    for reason, pattern, needs_first_person in (
        (
            "the speaker names a former position of their own",
            r"\bas\s+(?:the\s+|a\s+|an\s+)?(?:former|ex-|retired|then|erstwhile|one-?time)\s+[\w-]+",
            False,
        ),
        ("the speaker names their own position", rf"\bas\s+(?:the\s+|a\s+|an\s+)?{_POSITION}\b", True),
        (
            "the speaker recalls a post they held",
            r"\bwhen\s+I\s+(?:was|served|worked|headed|led|ran|chaired|sat|represented|commanded)\b",
            False,
        ),
        (
            "the speaker refers to their own time in a post",
            r"\b(?:in|during)\s+my\s+(?:time|days|years|tenure|posting|term|stint|service|career|capacity)\b",
            False,
        ),
        (
            "the speaker says where they served",
            r"\bI\s+(?:served|worked)\s+(?:as|at|in|for|with|on)\b",
            False,
        ),
        (
            "the speaker states their position",
            rf"\bI\s+(?:was|am|used\s+to\s+be)\s+(?:the\s+|a\s+|an\s+)?(?:former\s+|then\s+)?{_POSITION}\b",
            False,
        ),
        (
            "the speaker describes something only they did",
            r"\bI\s+(?:personally\s+)?(?:led|headed|chaired|negotiated|drafted|signed|commanded|ran|founded)\b",
            False,
        ),
        (
            "the speaker refers to their own institution",
            r"\b(?:my|our)\s+(?:former\s+|old\s+|own\s+)?(?:ministry|embassy|department|delegation|agency|newspaper|university"
            r"|institute|institution|centre|center|foundation|college|faculty|think-tank|party|movement"
            r"|regiment|battalion|brigade|cabinet|company|organi[sz]ation|ngo|think[\s-]tank|students"
            r"|constituency|unit|paper|channel)\b",
            False,
        ),
        ("the speaker says whom they speak for", r"\bspeaking\s+(?:as|for)\s+(?:the|a|an|my)\b", False),
    )
)
_FIRST_PERSON = re.compile(r"\bI\b|\b[Mm](?:y|e|yself)\b")

_CAP_WORD = r"[^\W\d_][\w'’-]*"
_CANDIDATE = rf"\b{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}"
_AFTER_TITLE = re.compile(rf"\b(?:{'|'.join(NAME_CUE_TITLES)})\.?\s+({_CANDIDATE})", re.I)
_BEFORE_VERB = re.compile(rf"({_CANDIDATE})\s+(?:{'|'.join(SPEECH_VERBS)})\b")
_AFTER_VERB = re.compile(rf"\b(?i:said|told|asked|thanked|according\s+to|per)\s+({_CANDIDATE})")
_SKIP = NOT_NAMES | FUNCTION_WORDS | MONTHS | WEEKDAYS | COMMON_WORDS | frozenset(PSEUDONYM_NOUNS)


_WORD = re.compile(r"\S+")
# "the colleague from Gaza City", "a participant from Jaffna": a place that is not a roster party.
_FROM_PLACE = re.compile(
    r"\b(?i:(?:the|a|an|our|one|my)\s+(?:colleague|participant|friend|delegate|person|woman|man|gentleman"
    r"|lady|speaker|member|representative|expert|voice)s?\s+(?:from|of|in)\s+)"
    r"((?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
)


def _name_run(
    text: str, start: int, end: int, skip: frozenset[str], *, trailing: bool
) -> tuple[int, int] | None:
    """The run of capitalised, non-generic words at the start (or end) of text[start:end]."""
    found: list[tuple[int, int]] = []
    for m in _WORD.finditer(text, start, end):
        word = m.group().rstrip(".'’,")
        is_name = word[:1].isupper() and len(word) > 1 and fold(word.strip("'’-")) not in skip
        if is_name:
            found.append((m.start(), m.start() + len(word)))
        elif trailing:
            found = []
        else:
            break
    return (found[0][0], found[-1][1]) if found else None


class _Trigger(NamedTuple):
    kind: str
    reason: str
    start: int
    end: int
    needs_first_person: bool = False


class FlagFinder:
    def __init__(self, descriptors: DescriptorChecker, known: frozenset[str]) -> None:
        self._descriptors = descriptors
        # Party names and their demonyms are expected in the text, not unknown names.
        self._skip = _SKIP | known

    def find(self, text: str, redacted: Iterable[tuple[int, int]], *, descriptors: bool = True) -> list[Flag]:
        """Flags for `text`; `redacted` spans are already handled and never flagged as names."""
        covered = list(redacted)
        triggers: list[_Trigger] = []
        for reason, pattern, needs_first_person in _SELF_ID:
            for m in pattern.finditer(text):
                quoted = f"{reason} (\u201c{m.group()}\u201d)"
                triggers.append(_Trigger("self_identifying", quoted, m.start(), m.end(), needs_first_person))
        for pattern, trailing in ((_AFTER_TITLE, False), (_BEFORE_VERB, True), (_AFTER_VERB, False)):
            for m in pattern.finditer(text):
                run = _name_run(text, m.start(1), m.end(1), self._skip, trailing=trailing)
                if run and not any(a < run[1] and run[0] < b for a, b in covered):
                    name = text[run[0] : run[1]]
                    reason = f"\u201c{name}\u201d may be a person not on the roster; confirm before release"
                    triggers.append(_Trigger("unknown_name", reason, *run))
        for m in _FROM_PLACE.finditer(text):
            place = m.group(1)
            if not any(a < m.end() and m.start() < b for a, b in covered) and fold(place) not in self._skip:
                reason = (
                    f"\u201c{m.group()}\u201d says where a person comes from; the room cannot count who "
                    "else fits, so check it does not single someone out"
                )
                triggers.append(_Trigger("descriptor", reason, m.start(), m.end()))
        for hit in self._descriptors.find(text, covered) if descriptors else ():
            reason = (
                f"\u201c{hit.text}\u201d describes {hit.what}, which {hit.count} people in the room share "
                f"(fewer than k={self._descriptors.k})"
            )
            triggers.append(_Trigger("descriptor", reason, hit.start, hit.end))
        if not triggers:
            return []
        spans = sentences(text)
        # One self-identification flag per sentence; names and descriptors each get their own.
        flags: dict[tuple[str, int], Flag] = {}
        for trigger in sorted(triggers, key=lambda t: t.start):
            s_start, s_end, sentence = sentence_at(spans, text, trigger.start)
            if trigger.needs_first_person and not _FIRST_PERSON.search(text, s_start, s_end):
                continue
            key = (trigger.kind, s_start if trigger.kind == "self_identifying" else trigger.start)
            flags.setdefault(key, Flag(trigger.kind, trigger.reason, sentence, trigger.start, trigger.end))
        return list(flags.values())
