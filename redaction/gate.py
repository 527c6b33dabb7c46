"""The leak gate: every reason a text may not be released. It fails closed.

`leak_findings` is meant for text about to leave the room (a summary, an export). It reports roster
identifiers, exact and fuzzy; other personal data; descriptors that fewer than k people share;
stable pseudonyms; and sentences a human must confirm (self-identification, unknown names).
An empty list is the only pass.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import AnalyzerEngine

from .descriptors import DescriptorChecker
from .engine import ENTITY_KINDS, build_analyzer
from .flags import FlagFinder
from .lexicon import NUMBER_WORDS, PSEUDONYM_NOUNS
from .matcher import RosterMatcher
from .nearmiss import RosterMatch
from .results import LeakFinding
from .roster import Roster

_NOUNS = "|".join(PSEUDONYM_NOUNS)
_PSEUDONYM_NUMBER = re.compile(
    rf"\b(?:{_NOUNS})s?\s*(?:#|no\.?|number)?\s*(?:\d{{1,3}}|{'|'.join(NUMBER_WORDS)})\b(?!\s*(?:%|per\s*cent|percent))",
    re.I,
)
# "Participant B" (not "participant I": that is the pronoun).
_PSEUDONYM_LETTER = re.compile(
    rf"\b(?:{_NOUNS}|{'|'.join(n.capitalize() for n in PSEUDONYM_NOUNS)})\s+[A-HJ-Z]\b(?![.'’]?\w)"
)

_ROSTER_MESSAGES = {
    "participant": "matches a participant's name; write \u201ca participant\u201d or remove it",
    "organisation": "names a participant's organisation; write \u201can organisation\u201d or generalise",
    "role": "is a position fewer than {k} people in the room held, so it identifies them; generalise it",
    "email": "is a participant's email address; remove it",
    "phone": "is a participant's phone number; remove it",
    "contact": "is a participant's handle; remove it",
}
_PII_LABELS = {
    "email": "an email address",
    "phone": "a phone number",
    "contact": "a social-media handle",
    "url": "a link (links can lead to a person or an organisation)",
    "account": "a bank, card or wallet number",
    "ip-address": "an IP address",
}


# A decision cannot make these releasable: an email or phone number is removed, not argued about.
_NOT_DISMISSIBLE = frozenset({"email", "phone", "contact", "pii"})
_IDENTIFIER_KINDS = frozenset(
    {
        "name",
        "name_fuzzy",
        "ambiguous_name",
        "organisation",
        "role",
        "email",
        "phone",
        "contact",
        "pii",
        "pseudonym",
    }
)


@dataclass(frozen=True)
class _Gate:
    matcher: RosterMatcher
    analyzer: AnalyzerEngine
    descriptors: DescriptorChecker
    flags: FlagFinder


@lru_cache(maxsize=16)
def _gate(roster: Roster, k: int) -> _Gate:
    matcher = RosterMatcher(roster, k)
    descriptors = DescriptorChecker(roster, k)
    known = frozenset(w for form in matcher.party_forms for w in form.split())
    return _Gate(matcher, build_analyzer(), descriptors, FlagFinder(descriptors, known))


def _roster_finding(text: str, match: RosterMatch, k: int) -> LeakFinding:
    found = text[match.start : match.end]
    if match.ambiguous:
        message = (
            f"\u201c{found}\u201d is also a participant's name; {match.ambiguous} - confirm it does not "
            "refer to the person, or reword"
        )
        return LeakFinding("ambiguous_name", found, match.start, match.end, message)
    if match.fuzzy:
        message = (
            f"\u201c{found}\u201d is close to a participant's name (a misspelling or another "
            "transliteration?); remove it or confirm it is someone else"
        )
        return LeakFinding("name_fuzzy", found, match.start, match.end, message)
    kind = "name" if match.kind == "participant" else match.kind
    message = f"\u201c{found}\u201d " + _ROSTER_MESSAGES[match.kind].format(k=k)
    return LeakFinding(kind, found, match.start, match.end, message)


def leak_findings(text: str, roster: Roster, k: int, *, dismissed: Collection[str] = ()) -> list[LeakFinding]:
    """Every reason `text` may not be released under the Chatham House Rule, by position.

    Kinds: name, name_fuzzy, ambiguous_name, organisation, role, email, phone, contact (roster
    identifiers); pii (other personal data); descriptor (k rule); pseudonym; self_identifying and
    unknown_name (a human must look).

    `dismissed` holds keys (LeakFinding.key) a facilitator has recorded a decision on; findings with
    those keys are left out. Contacts and other personal data cannot be dismissed: they are removed.
    """
    gate = _gate(roster, k)
    findings = [_roster_finding(text, m, k) for m in gate.matcher.find(text, fuzzy="all", ambiguous=True)]
    taken = [(f.start, f.end) for f in findings] + gate.matcher.figure_spans(text)
    for result in gate.analyzer.analyze(text, language="en"):
        if any(a < result.end and result.start < b for a, b in taken):
            continue
        label = _PII_LABELS.get(ENTITY_KINDS.get(result.entity_type, ""), "personal data")
        found = text[result.start : result.end]
        findings.append(
            LeakFinding(
                "pii", found, result.start, result.end, f"\u201c{found}\u201d looks like {label}; remove it"
            )
        )
        taken.append((result.start, result.end))
    for pattern in (_PSEUDONYM_NUMBER, _PSEUDONYM_LETTER):
        for m in pattern.finditer(text):
            message = (
                f"\u201c{m.group()}\u201d is a stable pseudonym: it lets a reader link statements into a "
                "profile; write \u201ca participant\u201d"
            )
            findings.append(LeakFinding("pseudonym", m.group(), m.start(), m.end(), message))
            taken.append(m.span())
    for hit in gate.descriptors.find(text, taken):
        message = (
            f"\u201c{hit.text}\u201d describes {hit.what}: {hit.count} people in the room fit, fewer than "
            f"k={k}; drop the affiliation or the sector (\u201ca participant\u201d)"
        )
        findings.append(LeakFinding("descriptor", hit.text, hit.start, hit.end, message))
    for flag in gate.flags.find(text, taken, descriptors=False):
        found = text[flag.start : flag.end]
        findings.append(
            LeakFinding(flag.kind, found, flag.start, flag.end, f"{flag.reason}: \u201c{flag.sentence}\u201d")
        )
    kept = _outermost(findings)
    if dismissed:
        allowed = set(dismissed)
        kept = [f for f in kept if f.kind in _NOT_DISMISSIBLE or f.key not in allowed]
    return kept


def _outermost(findings: list[LeakFinding]) -> list[LeakFinding]:
    """Drop identifier findings inside a longer one: the name inside an email is one leak."""
    kept: list[LeakFinding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end, f.kind)):
        inside = any(
            k.kind in _IDENTIFIER_KINDS and k.start <= finding.start and finding.end <= k.end for k in kept
        )
        if finding.kind in _IDENTIFIER_KINDS and inside:
            continue
        if not any((k.kind, k.start, k.end) == (finding.kind, finding.start, finding.end) for k in kept):
            kept.append(finding)
    return kept
