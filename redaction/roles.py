"""Roles and affiliations written in other words than the roster's.

The roster says "Ambassador to Russia" and "University of Jaffna"; the room says "when I was
ambassador to Moscow", "the former deputy foreign minister", "my university in Jaffna", "our
institute". Exact role and organisation forms are matched by the roster matcher; this finds the
paraphrases that still single someone out:

- **role heads**: a roster role's head ("ambassador", "deputy foreign minister") followed by
  to/of/for/in/at and a capitalised place or body ("ambassador to Moscow"), when fewer than k
  people in the room held a role with that head; a head of two words or more alone; a one-word head
  alone only where the speaker says it was theirs ("when I was ambassador", "as the former envoy");
- **organisation paraphrases**: an organisation noun ("university", "institute", "ministry") with
  in/at/of/from and a distinctive word of a roster organisation ("my university in Jaffna" for the
  University of Jaffna);
- **own institution**: "my ministry", "our institute", when fewer than k people in the room work
  at an organisation of that kind.

Everything else that sounds like a position stays a flag for the facilitator (flags.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import FUNCTION_WORDS, ROLE_LEADING
from .roster import Roster
from .text import fold, words
from .variants import phrase_forms

ORG_NOUNS = frozenset(
    {
        "university", "institute", "institution", "ministry", "embassy", "department", "centre", "center",
        "foundation", "council", "college", "academy", "school", "agency", "office", "organisation",
        "organization", "ngo", "network", "forum", "association", "union", "party", "movement", "commission",
        "committee", "bank", "company", "firm", "newspaper", "paper", "channel", "magazine", "radio",
        "station", "think", "tank", "programme", "program", "initiative", "trust", "society", "group",
        "collective", "chamber", "federation", "service", "mission", "consulate", "faculty", "hospital",
        "church", "mosque",
    }
)  # fmt: skip
_PREPOSITIONS = ("to", "of", "for", "in", "at", "from", "on")
# A capitalised place or body; never the pronoun "I" ("Minister of Irrigation I would...").
_PLACE = r"(?:the\s+)?(?!I\b)[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+|al-?|el-?)?(?!I\b)[A-Z][\w'’-]*)*"
_OWN_CONTEXT = re.compile(
    r"(?:\bwhen\s+I\s+was|\bI\s+was|\bI\s+served\s+as|\bas\s+(?:the\s+|a\s+|an\s+)?(?:former\s+|then\s+|ex-)?"
    r"|\bmy\s+(?:time|years|days)\s+as|\bformer|\bex-)\s*(?:the\s+|a\s+|an\s+)?$",
    re.I,
)
_POSSESSIVE = r"\b(?:my|our)\s+(?:former\s+|old\s+|own\s+)?"


@dataclass(frozen=True)
class Paraphrase:
    start: int
    end: int
    kind: str  # "role" | "organisation"


def _head(form: tuple[str, ...]) -> tuple[str, ...]:
    for index, token in enumerate(form):
        if token in _PREPOSITIONS and index > 0:
            return form[:index]
    return form


def _phrase(tokens: tuple[str, ...]) -> str:
    return r"\s+".join(re.escape(t) for t in tokens)


class RoleParaphrases:
    def __init__(self, roster: Roster, k: int) -> None:
        heads: Counter[tuple[str, ...]] = Counter()
        for person in roster.people:
            heads.update({_head(f) for role in person.roles if (f := phrase_forms(role, ROLE_LEADING))})
        rare = sorted((h for h, count in heads.items() if count < k and h), key=len, reverse=True)
        long_heads = [h for h in rare if len(h) > 1]
        prepositions = "|".join(_PREPOSITIONS)
        self._alone: re.Pattern[str] | None = None
        self._own: re.Pattern[str] | None = None
        if long_heads:
            # "deputy foreign minister (of Ukraine)": specific enough anywhere. The place is
            # case-sensitive ("to Moscow", not "to meet").
            self._alone = re.compile(
                rf"\b(?i:{'|'.join(_phrase(h) for h in long_heads)})(?:\s+(?i:{prepositions})\s+{_PLACE})?\b"
            )
        if rare:
            # "ambassador (to Moscow)": a one-word head only where the speaker says it was theirs.
            self._own = re.compile(
                rf"\b(?i:{'|'.join(_phrase(h) for h in rare)})(?:\s+(?i:{prepositions})\s+{_PLACE})?\b"
            )
        # Organisations: each distinctive word of a roster organisation ("jaffna") with the kinds of
        # body it names ("university"), and how many people work at an organisation of each kind.
        self._distinctive: dict[str, set[str]] = {}
        kinds: Counter[str] = Counter()
        for person in roster.people:
            for organisation in filter(None, (person.organisation, *person.organisation_aliases)):
                org_words = set(words(fold(organisation)))
                nouns_here = org_words & ORG_NOUNS
                for w in org_words - ORG_NOUNS - FUNCTION_WORDS:
                    if len(w) > 2:
                        self._distinctive.setdefault(w, set()).update(nouns_here)
            kinds.update(set(words(fold(person.organisation))) & ORG_NOUNS)
        nouns = "|".join(sorted(ORG_NOUNS, key=len, reverse=True))
        # "university in Jaffna", "network in Ganja"; "the Kharkiv institute", "Cauca women's council".
        self._org_after = re.compile(rf"\b((?i:{nouns}))\s+(?i:in|at|of|from)\s+({_PLACE})")
        # A lookahead, so "The Shirak institute" is also tried from "Shirak" after failing from "The".
        self._org_before = re.compile(rf"\b(?=(([A-Z][\w'’-]*)(?:\s+[\w'’-]+){{0,2}}?\s+((?i:{nouns}))\b))")
        rare_kinds = [noun for noun, count in kinds.items() if count < k]
        self._own_org = (
            re.compile(rf"{_POSSESSIVE}((?:{'|'.join(rare_kinds)})s?)\b", re.I) if rare_kinds else None
        )

    def _names_org(self, word_text: str, noun: str) -> bool:
        """Some roster organisation has a distinctive word of `word_text` and is a `noun`."""
        noun = fold(noun)
        return any(noun in self._distinctive.get(w, ()) for w in words(fold(word_text)))

    def find(self, text: str) -> list[Paraphrase]:
        found: list[Paraphrase] = []
        if self._alone is not None:
            found += [Paraphrase(*m.span(), "role") for m in self._alone.finditer(text)]
        if self._own is not None:
            for m in self._own.finditer(text):
                if _OWN_CONTEXT.search(text, max(0, m.start() - 40), m.start()):
                    found.append(Paraphrase(*m.span(), "role"))
        for m in self._org_after.finditer(text):
            if self._names_org(m.group(2), m.group(1)):
                found.append(Paraphrase(*m.span(), "organisation"))
        for m in self._org_before.finditer(text):
            if self._names_org(m.group(2), m.group(3)):
                found.append(Paraphrase(*m.span(1), "organisation"))
        if self._own_org is not None:
            found += [Paraphrase(*m.span(1), "organisation") for m in self._own_org.finditer(text)]
        return found
