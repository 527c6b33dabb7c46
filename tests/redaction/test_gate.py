"""The leak gate: every reason a text may not be released. An empty list is the only pass."""

from __future__ import annotations

import pytest

from redaction import LeakFinding, Roster, leak_findings, roster_from_json

CLEAN = (
    "Participants discussed the reopening of rail links and agreed that a joint technical committee "
    "should meet before the end of the year. Several participants stressed that sequencing matters "
    "less than credibility. There was broad support for a shared data portal."
)


def kinds(findings: list[LeakFinding]) -> list[str]:
    return [f.kind for f in findings]


def test_clean_summary_passes(roster: Roster) -> None:
    assert leak_findings(CLEAN, roster, 5) == []


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("One view came from Okafor.", "name", "Okafor"),
        ("One view came from Dr. Amina Okafor.", "name", "Dr. Amina Okafor"),
        ("One view came from MÜLLER.", "name", "MÜLLER"),
        ("One view came from Mueller.", "name", "Mueller"),
        ("One view came from Abu Bakr.", "name", "Abu Bakr"),
        ("One view came from O k a f o r.", "name", "O k a f o r"),
        ("One view came from the ICG.", "organisation", "ICG"),
        ("One view came from the former Deputy Foreign Minister.", "role", "former Deputy Foreign Minister"),
        ("Write to amina.okafor@example.org.", "email", "amina.okafor@example.org"),
        ("Call +234 803 555 0142.", "phone", "+234 803 555 0142"),
        ("Ask @aokafor.", "contact", "@aokafor"),
    ],
)
def test_roster_identifiers_are_found(roster: Roster, text: str, kind: str, found: str) -> None:
    findings = leak_findings(text, roster, 5)
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]
    assert findings[0].message  # something the facilitator can act on
    assert text[findings[0].start : findings[0].end] == found


@pytest.mark.parametrize("spelling", ["Okafro", "okaforr", "Kovalenco", "Xiaomin", "Oka fro"])
def test_fuzzy_spellings_are_found(roster: Roster, spelling: str) -> None:
    findings = leak_findings(f"Then {spelling} objected.", roster, 5)
    assert kinds(findings) == ["name_fuzzy"]
    assert "close to a participant's name" in findings[0].message


def test_descriptor_below_k_is_a_finding(roster: Roster) -> None:
    findings = leak_findings("A former official from Armenia warned against haste.", roster, 5)
    assert kinds(findings) == ["descriptor"]
    assert findings[0].text == "former official from Armenia"
    assert "fewer than k=5" in findings[0].message


def test_descriptor_shared_by_k_people_passes() -> None:
    people = [{"name": f"Person Number{i}", "sector": "academic", "party": "Armenia"} for i in range(5)]
    roster = roster_from_json({"people": people})
    assert leak_findings("An academic from Armenia warned against haste.", roster, 5) == []
    assert kinds(leak_findings("An academic from Armenia warned against haste.", roster, 6)) == ["descriptor"]


def test_sector_alone_and_party_alone_below_k(roster: Roster) -> None:
    assert kinds(leak_findings("A journalist warned against haste.", roster, 5)) == ["descriptor"]
    # Three people from Türkiye: "a Turkish participant" points at one of three.
    assert kinds(leak_findings("A Turkish participant warned against haste.", roster, 5)) == ["descriptor"]
    # A party as a topic, not a description of a person, is fine.
    assert leak_findings("Trade with Türkiye was discussed.", roster, 5) == []


@pytest.mark.parametrize(
    "pseudonym", ["Participant 4", "participant #12", "Observer 2", "Speaker B", "Delegate three"]
)
def test_pseudonyms_are_findings(roster: Roster, pseudonym: str) -> None:
    findings = leak_findings(f"{pseudonym} disagreed with the proposal.", roster, 5)
    assert kinds(findings) == ["pseudonym"]
    assert "a participant" in findings[0].message


def test_other_personal_data_is_a_finding(roster: Roster) -> None:
    findings = leak_findings("Details at j.doe@mailbox.example.com and +44 20 7946 0958.", roster, 5)
    assert kinds(findings) == ["pii", "pii"]


def test_self_identification_and_unknown_names_need_a_human(roster: Roster) -> None:
    text = "A participant said: when I was at the ministry we tried this. President Karimov disagreed."
    assert kinds(leak_findings(text, roster, 5)) == ["self_identifying", "unknown_name"]


def test_month_named_like_a_participant_fails_closed(roster: Roster) -> None:
    findings = leak_findings("The next round is in May 2025.", roster, 5)
    assert kinds(findings) == ["ambiguous_name"]
    assert "reads as a date" in findings[0].message


def test_placeholders_pass(roster: Roster) -> None:
    assert leak_findings("[participant] of [organisation], the [role], agreed.", roster, 5) == []


def test_findings_have_stable_keys_and_can_be_dismissed(roster: Roster) -> None:
    """Issue 13, item 8: a facilitator's recorded decision resolves a finding, here and in the next
    version of the text; contacts cannot be argued away."""
    first = leak_findings("Then Okafro objected. Mail amina.okafor@example.org", roster, 5)
    assert [f.key for f in first] == ["name_fuzzy:okafro", "email:amina okafor example org"]
    again = leak_findings("Later OKAFRO  objected.", roster, 5)
    assert [f.key for f in again] == ["name_fuzzy:okafro"]
    keys = {f.key for f in first}
    assert leak_findings("Later OKAFRO objected.", roster, 5, dismissed=keys) == []
    kept = leak_findings("Mail amina.okafor@example.org", roster, 5, dismissed=keys)
    assert [f.kind for f in kept] == ["email"]


def test_fuzzy_findings_never_fire_on_dictionary_words() -> None:
    roster = roster_from_json({"people": [{"name": "Felicity Facilitato"}, {"name": "Humit Rasheed"}]})
    text = "The facilitation team thanked the facilitators; it was humid and the reached plan held."
    assert leak_findings(text, roster, 5) == []
