"""A small roster shared by the unit tests: names from several naming traditions."""

from __future__ import annotations

import pytest

from redaction import Redactor, Roster, build_redactor, roster_from_json

ROSTER_JSON = {
    "parties": ["Armenia", "Azerbaijan", {"name": "Türkiye", "aliases": ["Turkish"]}],
    "people": [
        {
            "name": "Amina Okafor",
            "title": "Dr.",
            "aliases": ["Mina"],
            "organisation": "International Crisis Group",
            "organisation_aliases": ["ICG"],
            "emails": ["amina.okafor@example.org"],
            "phones": ["+234 803 555 0142"],
            "handles": ["@aokafor"],
            "roles": ["former Deputy Foreign Minister"],
            "sector": "former_official",
            "party": "Armenia",
        },
        {"name": "Yusuf Abu-Bakr al-Masri", "sector": "academic", "party": "Azerbaijan"},
        {"name": "Hans Müller", "sector": "business", "party": "Türkiye"},
        {"name": "Ahmet Çelik", "sector": "academic", "party": "Türkiye"},
        {"name": "Oleksandr Petrovych Kovalenko", "aliases": ["Aleksandr Kovalenko"], "sector": "academic"},
        {"name": "Wang Xiaoming", "sector": "media", "party": "Azerbaijan"},
        {"name": "María José García Medina", "sector": "ngo", "party": "Armenia"},
        {"name": "Hope Mensah", "sector": "ngo", "party": "Armenia"},
        {"name": "May Levi", "sector": "media", "party": "Armenia"},
        {"name": "Gohar Sargsyan", "sector": "former_official", "party": "Armenia", "roles": ["Ambassador"]},
        {"name": "Ruben Avetisyan", "sector": "former_official", "party": "Armenia", "roles": ["Ambassador"]},
    ],
}


@pytest.fixture(scope="session")
def roster() -> Roster:
    return roster_from_json(ROSTER_JSON)


@pytest.fixture(scope="session")
def redactor(roster: Roster) -> Redactor:
    return build_redactor(roster, k=5)
