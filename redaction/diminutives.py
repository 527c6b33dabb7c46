"""Nicknames, diminutives and kunyas a roster name is also called by.

"Sasha" for Aleksandr, "Bibi" for Binyamin, "Paco" for Francisco, "Abu Walid" for Khaled: people in
a room use these more than the names on the roster. English diminutives come from the `nicknames`
package (the Old Dominion / Carlton nickname list); the other traditions from data/nicknames.json,
looked up by the consonant skeleton of the given name, so Aleksandr, Alexander and Oleksandr share
one entry.

A kunya ("Abu Khaled", "Umm Khaled") names a parent after their eldest son, and in Arab naming the
eldest son usually carries his paternal grandfather's name: the participant's father's name, which is
the middle name of a name such as "Mahmoud Khaled Abbas". So "Abu/Umm + each middle name" is
generated for names of three parts or more, beside the conventional kunyas of the table.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from nicknames import NickNamer

from .lexicon import FUNCTION_WORDS, PARTICLES
from .spelling import loose_key
from .text import fold, words

_DATA = Path(__file__).resolve().parent / "data" / "nicknames.json"
_MIN_LENGTH = 3


@cache
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(diminutives, kunyas), each keyed by the consonant skeleton of the given name."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    diminutives: dict[str, list[str]] = {}
    kunyas: dict[str, list[str]] = {}
    for table, entries in data.items():
        if table.startswith("_"):
            continue
        target = kunyas if table == "arabic_kunya" else diminutives
        for given, nicknames in entries.items():
            target.setdefault(loose_key(given.replace(" ", "")), []).extend(nicknames)
    return (
        {k: tuple(dict.fromkeys(v)) for k, v in diminutives.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in kunyas.items()},
    )


@cache
def _english() -> NickNamer:
    return NickNamer()


def _usable(nickname: str) -> bool:
    folded = fold(nickname)
    return len(folded.replace(" ", "")) >= _MIN_LENGTH and folded not in FUNCTION_WORDS


@cache
def nickname_aliases(name: str) -> tuple[str, ...]:
    """Other names the person called `name` may go by: diminutives of the given name, alone and with
    the family name, and kunyas. Empty for a one-word name."""
    tokens = [t for t in words(fold(name)) if t not in PARTICLES]
    if len(tokens) < 2:
        return ()
    given, family = tokens[0], tokens[-1]
    diminutives, kunyas = _tables()
    found: list[str] = []
    # Two-word given names ("Maria Jose", "Jose Maria") have their own diminutives ("Majo", "Chema"),
    # and a second given name has its own ("José Ignacio" is also "Nacho").
    for key in (loose_key(given + tokens[1]), *(loose_key(t) for t in tokens[:-1])):
        found += diminutives.get(key, ())
    found += sorted(_english().nicknames_of(given))
    aliases = [nick for nick in dict.fromkeys(found) if _usable(nick)]
    aliases += [f"{nick} {family}" for nick in aliases if " " not in nick]
    kunya = [*kunyas.get(loose_key(given), ())]
    if len(tokens) >= 3:
        kunya += [f"{parent} {middle}" for middle in tokens[1:-1] for parent in ("abu", "umm")]
    return tuple(dict.fromkeys([*aliases, *kunya]))
