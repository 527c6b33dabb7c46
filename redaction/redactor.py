"""The Redactor: roster and other personal data replaced by neutral placeholders, plus flags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult

from .descriptors import DescriptorChecker
from .engine import ENTITY_KINDS, PLACEHOLDERS, RosterRecognizer, build_analyzer, entities_for
from .flags import FlagFinder
from .lexicon import SECTOR_LABELS
from .matcher import RosterMatcher
from .results import RedactedSpan, RedactionResult
from .roster import Roster

# When spans overlap, the longest decides the placeholder; on a tie, the earlier kind here.
_PRIORITY = (
    "participant",
    "email",
    "phone",
    "contact",
    "url",
    "organisation",
    "role",
    "affiliation",
    "account",
    "ip-address",
)
_SECTOR_ONLY = frozenset(SECTOR_LABELS.values())
# A sector and a party further apart than this in a sentence ("Japan's position ... Prime Minister")
# are more likely two topics than one description: flagged, not replaced.
_DESCRIPTOR_REACH = 48
_URL_TRAILERS = frozenset(".,;:!?)]}'\"")
_OPERATORS = {kind: OperatorConfig("replace", {"new_value": value}) for kind, value in PLACEHOLDERS.items()}


# One person, not a group or a topic: "a former official from Armenia", "an Azerbaijani journalist",
# "an Armenian participant" are replaced; "Turkish officers", "participants from Israel", "a Turkish
# NGO" and "business interest on the Turkish side" stay flags.
_ONE_PERSON = re.compile(
    r"\b(?:a|an|the|one|this|that)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:official|diplomat|ambassador|minister|officer|envoy|consul|general|civil\s+servant|academic|scholar"
    r"|professor|researcher|lecturer|activist|humanitarian|journalist|reporter|editor|correspondent"
    r"|broadcaster|columnist|businessman|businesswoman|businessperson|entrepreneur|executive|industrialist"
    r"|banker|investor|participant|colleague|delegate|member|speaker|representative|person|man|woman"
    r"|veteran|expert|interlocutor)\b",
    re.I,
)


def _one_person(text: str, start: int, end: int) -> bool:
    """The description at text[start:end] is of one person: a singular person noun with an article,
    overlapping it or right after it."""
    window_start = max(0, start - 24)
    return any(
        m.end() > start and m.start() < end + 16
        for m in _ONE_PERSON.finditer(text, window_start, min(len(text), end + 24))
    )


def default_k() -> int:
    """settings.PARLEY_K_ANONYMITY when Django is configured, else the usual cell size of 5."""
    try:
        from django.conf import settings

        return int(getattr(settings, "PARLEY_K_ANONYMITY", 5)) if settings.configured else 5
    except ImportError:  # pragma: no cover - Django is always installed here
        return 5


def merge_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Union overlapping spans, so no fragment of a mention survives between two placeholders; then
    join same-kind spans separated only by spaces ("Amina" + "Okafor" → one [participant])."""
    merged: list[tuple[int, int, str, int]] = []  # start, end, kind, length of the span that set kind
    rank = {kind: i for i, kind in enumerate(_PRIORITY)}
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            m_start, m_end, m_kind, m_len = merged[-1]
            better = (end - start, -rank.get(kind, 99)) > (m_len, -rank.get(m_kind, 99))
            merged[-1] = (m_start, max(m_end, end), kind if better else m_kind, max(m_len, end - start))
        elif merged and kind == merged[-1][2] and not text[merged[-1][1] : start].strip(" \t"):
            m_start, _, m_kind, m_len = merged[-1]
            merged[-1] = (m_start, end, m_kind, m_len + end - start)
        else:
            merged.append((start, end, kind, end - start))
    return [(s, e, k) for s, e, k, _ in merged]


class Redactor:
    """Build with `build_redactor(roster)` once per roster and reuse for every message."""

    def __init__(self, roster: Roster, k: int) -> None:
        self.roster = roster
        self.k = k
        self.matcher = RosterMatcher(roster, k)
        self._analyzer = build_analyzer((RosterRecognizer(self.matcher),))
        self._anonymizer = AnonymizerEngine()
        known = frozenset(w for form in self.matcher.party_forms for w in form.split())
        self._descriptors = DescriptorChecker(roster, k)
        self._flags = FlagFinder(self._descriptors, known)

    def find_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Merged (start, end, kind) spans to replace, without replacing them."""
        spans = []
        for r in self._analyzer.analyze(text, language="en", entities=entities_for(text)):
            kind = ENTITY_KINDS.get(r.entity_type, r.entity_type)
            end = r.end
            if kind == "url":  # Presidio's URL pattern swallows the sentence's closing punctuation
                while end > r.start + 1 and text[end - 1] in _URL_TRAILERS:
                    end -= 1
            spans.append((r.start, end, kind))
        # A description fewer than k people share ("a former official from Armenia") points at
        # them as surely as a name: it is replaced too (the gate reports what is left).
        taken = [(start, end) for start, end, _ in spans] + self.matcher.figure_spans(text)
        # A sector alone ("the minister") is too common a word to remove: it stays a flag.
        spans += [
            (hit.start, hit.end, "affiliation")
            for hit in self._descriptors.find(text, taken)
            if hit.what not in _SECTOR_ONLY
            and hit.end - hit.start <= _DESCRIPTOR_REACH
            and _one_person(text, hit.start, hit.end)
        ]
        return merge_spans(text, spans)

    def redact(self, text: str) -> RedactionResult:
        spans = self.find_spans(text)
        redacted = text
        if spans:
            redacted = self._anonymizer.anonymize(
                text,
                [AnonymizerResult(kind, start, end, 1.0) for start, end, kind in spans],
                operators=_OPERATORS,
                merge_entities_with_spaces=False,
            ).text
        covered = [(s, e) for s, e, _ in spans] + self.matcher.figure_spans(text)
        flags = self._flags.find(text, covered)
        return RedactionResult(
            text=redacted,
            spans=tuple(RedactedSpan(s, e, kind, text[s:e]) for s, e, kind in spans),
            flags=tuple(flags),
        )

    def redact_many(self, texts: Iterable[str]) -> list[RedactionResult]:
        return [self.redact(text) for text in texts]


def build_redactor(roster: Roster, *, k: int | None = None) -> Redactor:
    """A Redactor for `roster` (k defaults to settings.PARLEY_K_ANONYMITY).

    Cached per (roster, k): calling it once per task or per message costs a dictionary lookup.
    """
    return _cached_redactor(roster, default_k() if k is None else k)


@lru_cache(maxsize=16)
def _cached_redactor(roster: Roster, k: int) -> Redactor:
    return Redactor(roster, k)
