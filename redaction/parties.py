"""Parties (countries, communities) as they are written: "Armenia", "Armenian", "Armenians"."""

from __future__ import annotations

import re

from .roster import Roster
from .text import fold, words

_GENERIC_TAIL = frozenset({"community", "communities", "side", "delegation", "government", "people", "party"})
_SUFFIXES = ("", "s", "n", "ns", "i", "is", "ian", "ians", "ese", "ish")
_VOWEL_SUFFIXES = ("an", "ans", "ian", "ians", "ese", "i", "is")


def _surface(name: str) -> set[str]:
    tokens = words(fold(name))
    while tokens and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _GENERIC_TAIL:
        tokens = tokens[:-1]
    if not tokens:
        return set()
    base = " ".join(tokens)
    forms = {base + suffix for suffix in _SUFFIXES}
    if base[-1] in "aeiouy" and len(base) > 3:
        forms |= {base[:-1] + suffix for suffix in _VOWEL_SUFFIXES}
    return forms


def party_forms(roster: Roster) -> dict[str, str]:
    """Folded surface form → party name, for every party of the roster (demonyms by heuristic)."""
    forms: dict[str, str] = {}
    aliases = dict(roster.party_aliases)
    for party in roster.all_parties():
        for alias in (party, *aliases.get(party, ())):
            for form in _surface(alias):
                forms.setdefault(form, party)
            if alias != party:
                folded = " ".join(words(fold(alias)))
                forms.setdefault(folded, party)
                forms.setdefault(folded + "s", party)
    return forms


_SEPARATORS = re.compile(r"[\s-]+")


def party_key(matched: str) -> str:
    """The `party_forms` key of a `party_pattern` match: "greek-cypriot" and "greek  cypriot" are
    "greek cypriot" (the pattern accepts any run of spaces and hyphens between words)."""
    return _SEPARATORS.sub(" ", matched)


def party_pattern(forms: dict[str, str]) -> re.Pattern[str] | None:
    """One regex over folded text for all party forms, longest first."""
    if not forms:
        return None
    alternatives = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(form).replace(r"\ ", r"[\s-]+") for form in alternatives)
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")
