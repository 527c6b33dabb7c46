"""Who is in the room: the roster every redaction and leak check is built from.

A roster comes from a JSON file (`roster_from_json`, for the `redact` command and tests) or from a
dialogue's members, past and present (`participants.roster.roster_for_dialogue`). Both give the same
frozen, hashable `Roster`, so built matchers can be cached per roster.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


class RosterError(ValueError):
    """The roster input is malformed; the message says where and how to fix it."""


@dataclass(frozen=True)
class RosterPerson:
    name: str
    title: str = ""
    aliases: tuple[str, ...] = ()
    organisation: str = ""
    organisation_aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    # Only for the k rule: a Profile.sector code ("former_official", "academic", ...) and the party.
    sector: str = ""
    party: str = ""


@dataclass(frozen=True)
class Roster:
    people: tuple[RosterPerson, ...]
    parties: tuple[str, ...] = ()
    # Other ways a party is written ("Turkish", "Türkiye"), as (party, aliases) pairs.
    party_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def all_parties(self) -> tuple[str, ...]:
        seen = dict.fromkeys([*self.parties, *(p.party for p in self.people if p.party)])
        return tuple(seen)


_SECTOR_SYNONYMS = {
    "former_official": "former_official",
    "former official": "former_official",
    "official": "former_official",
    "government": "former_official",
    "academic": "academic",
    "academia": "academic",
    "ngo": "ngo",
    "ngo / civil society": "ngo",
    "civil society": "ngo",
    "business": "business",
    "media": "media",
    "journalist": "media",
    "other": "other",
    "": "",
}


def normalise_sector(value: str) -> str:
    """Map a sector code or label to a Profile.sector code; unknown values raise RosterError."""
    key = " ".join(value.strip().lower().replace("-", " ").split())
    if key not in _SECTOR_SYNONYMS:
        allowed = ", ".join(sorted({v for v in _SECTOR_SYNONYMS.values() if v}))
        raise RosterError(f"unknown sector {value!r}; use one of: {allowed}")
    return _SECTOR_SYNONYMS[key]


_LIST_FIELDS = {f.name for f in fields(RosterPerson) if f.type == "tuple[str, ...]"}
_TEXT_FIELDS = {f.name for f in fields(RosterPerson)} - _LIST_FIELDS


# Generous bounds that no real roster reaches, so a pasted document or a runaway list is an error
# that says where, instead of a matcher that takes minutes to build.
MAX_TEXT = 200
MAX_ITEMS = 100


def _text(value: Any, where: str, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise RosterError(f"{where} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise RosterError(f"{where} must not be empty")
    if len(value.strip()) > MAX_TEXT:
        raise RosterError(f"{where} is longer than {MAX_TEXT} characters")
    if required and not any(ch.isalpha() for ch in value):
        raise RosterError(f"{where} has no letters")
    return value.strip()


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RosterError(f"{where} must be a list of strings, not {type(value).__name__}")
    if len(value) > MAX_ITEMS:
        raise RosterError(f"{where} has more than {MAX_ITEMS} entries")
    return tuple(t for i, item in enumerate(value) if (t := _text(item, f"{where}[{i}]")))


def _person(data: Any, where: str) -> RosterPerson:
    if not isinstance(data, Mapping):
        raise RosterError(f'{where} must be an object with at least a "name"')
    unknown = sorted(set(data) - _LIST_FIELDS - _TEXT_FIELDS)
    if unknown:
        allowed = ", ".join(sorted(_LIST_FIELDS | _TEXT_FIELDS))
        raise RosterError(f"{where} has unknown field(s) {', '.join(unknown)}; allowed: {allowed}")
    if "name" not in data:
        raise RosterError(f'{where} has no "name"')
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _LIST_FIELDS:
            values[key] = _texts(value, f"{where}.{key}")
        else:
            values[key] = _text(value, f"{where}.{key}", required=key == "name")
    if "sector" in values:
        try:
            values["sector"] = normalise_sector(values["sector"])
        except RosterError as exc:
            raise RosterError(f"{where}.sector: {exc}") from None
    return RosterPerson(**values)


def roster_from_json(data: Any) -> Roster:
    """Build a Roster from the parsed ROSTER.json document (see docs/redaction.md).

    Raises RosterError naming the offending entry, e.g. "people[2].emails must be a list of strings".
    """
    if not isinstance(data, Mapping):
        raise RosterError('the roster must be a JSON object with a "people" list')
    unknown = sorted(set(data) - {"people", "parties"})
    if unknown:
        raise RosterError(f"unknown top-level field(s) {', '.join(unknown)}; allowed: people, parties")
    people = data.get("people")
    if not isinstance(people, list) or not people:
        raise RosterError('"people" must be a non-empty list of people')
    if len(people) > 10 * MAX_ITEMS:
        raise RosterError(f'"people" has more than {10 * MAX_ITEMS} entries')
    parsed = tuple(_person(item, f"people[{i}]") for i, item in enumerate(people))
    parties: list[str] = []
    aliases: list[tuple[str, tuple[str, ...]]] = []
    raw_parties = data.get("parties", [])
    if not isinstance(raw_parties, list):
        raise RosterError('"parties" must be a list of names or {"name", "aliases"} objects')
    for i, item in enumerate(raw_parties):
        where = f"parties[{i}]"
        if isinstance(item, Mapping):
            extra = sorted(set(item) - {"name", "aliases"})
            if extra or "name" not in item:
                raise RosterError(f'{where} must have a "name" and optional "aliases" only')
            name = _text(item["name"], f"{where}.name", required=True)
            aliases.append((name, _texts(item.get("aliases", []), f"{where}.aliases")))
        else:
            name = _text(item, where, required=True)
        parties.append(name)
    return Roster(people=parsed, parties=tuple(parties), party_aliases=tuple(aliases))
