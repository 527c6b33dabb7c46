"""Each matching rule of the redactor, as a facilitator would see it in the output."""

from __future__ import annotations

import pytest

from redaction import Redactor, RosterError, build_redactor, roster_from_json


def redact(redactor: Redactor, text: str) -> str:
    return redactor.redact(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amina Okafor spoke first.", "[participant] spoke first."),
        ("Amina spoke first.", "[participant] spoke first."),
        ("Okafor spoke first.", "[participant] spoke first."),
        ("Okafor Amina spoke first.", "[participant] spoke first."),  # family name first
        ("A. Okafor spoke first.", "[participant] spoke first."),  # initial
        ("Mina spoke first.", "[participant] spoke first."),  # alias
        ("Aleksandr Kovalenko and Oleksandr Petrovych agreed.", "[participant] and [participant] agreed."),
        (
            "Wang Xiaoming, Xiaoming Wang and Wang agreed.",
            "[participant], [participant] and [participant] agreed.",
        ),
        ("García Medina and María José agreed.", "[participant] and [participant] agreed."),
    ],
)
def test_names_given_family_full_and_aliases(redactor: Redactor, text: str, expected: str) -> None:
    assert redact(redactor, text) == expected


@pytest.mark.parametrize(
    "mention",
    [
        "Ambassador Okafor",
        "Dr. Okafor",
        "Dr.Okafor",
        "Gen. Okafor",
        "Minister Okafor",
        "the former Deputy Foreign Minister Okafor",
        "H.E. Ambassador Dr. Amina Okafor",
        "Prof. Amina Okafor",
    ],
)
def test_titles_go_with_the_name(redactor: Redactor, mention: str) -> None:
    out = redact(redactor, f"We heard {mention} on the border question.")
    assert out.startswith("We heard ") and out.endswith(" on the border question.")
    assert "Okafor" not in out and "Dr" not in out and "Ambassador" not in out and "Minister" not in out
    assert out.count("[participant]") == 1


def test_possessive_leaves_no_fragment(redactor: Redactor) -> None:
    assert redact(redactor, "Dr. Amina Okafor's proposal") == "[participant]'s proposal"
    assert redact(redactor, "Okafor’s proposal") == "[participant]’s proposal"


@pytest.mark.parametrize("spelling", ["Muller", "Müller", "MÜLLER", "Mueller", "muller"])
def test_diacritics_and_case_are_ignored(redactor: Redactor, spelling: str) -> None:
    assert redact(redactor, f"{spelling} disagreed.") == "[participant] disagreed."


@pytest.mark.parametrize("spelling", ["Celik", "Çelik", "ÇELİK", "celik"])
def test_turkish_letters_fold(redactor: Redactor, spelling: str) -> None:
    assert redact(redactor, f"I agree with {spelling}.") == "I agree with [participant]."


@pytest.mark.parametrize(
    "spelling", ["Abu-Bakr", "Abu Bakr", "AbuBakr", "abu bakr", "Abu‐Bakr", "al-Masri", "Al Masri", "Bakr"]
)
def test_hyphenation_and_spacing(redactor: Redactor, spelling: str) -> None:
    assert (
        redact(redactor, f"As {spelling} noted, water matters.") == "As [participant] noted, water matters."
    )


def test_spaced_out_and_zero_width_names(redactor: Redactor) -> None:
    assert redact(redactor, "O k a f o r agreed.") == "[participant] agreed."
    assert redact(redactor, "Oka\u200bfor agreed.") == "[participant] agreed."
    assert redact(redactor, "Oka\u00adfor agreed.") == "[participant] agreed."


def test_capitalised_misspelling_is_caught(redactor: Redactor) -> None:
    assert redact(redactor, "Then Okafro replied.") == "Then [participant] replied."


def test_contacts(redactor: Redactor) -> None:
    out = redact(
        redactor,
        "Mail amina.okafor@example.org or AMINA.OKAFOR@EXAMPLE.ORG, call 0803 555 0142, ping @aokafor.",
    )
    assert out == "Mail [email] or [email], call [phone], ping [contact]."


def test_organisation_and_acronym(redactor: Redactor) -> None:
    assert redact(redactor, "She works at the International Crisis Group (ICG).") == (
        "She works at the [organisation] ([organisation])."
    )


def test_acronyms_are_case_sensitive(redactor: Redactor) -> None:
    # "icg" in lower case is left: all-caps aliases are matched as written (see docs).
    assert redact(redactor, "ICG and I.C.G. agreed") == "[organisation] and [organisation] agreed"


def test_unique_role_is_redacted_but_shared_role_below_k_too(redactor: Redactor) -> None:
    out = redact(redactor, "The former Deputy Foreign Minister said no.")
    assert out == "The [role] said no."
    # Two people were ambassadors: fewer than k=5, so the role still identifies.
    assert redact(redactor, "The Ambassador said no.") == "The [role] said no."


def test_role_held_by_k_people_is_kept() -> None:
    people = [{"name": f"Person Number{i}", "roles": ["Ambassador"]} for i in range(5)]
    redactor = build_redactor(roster_from_json({"people": people}), k=5)
    assert redactor.redact("The Ambassador said no.").text == "The Ambassador said no."


def test_placeholders_are_neutral_not_pseudonyms(redactor: Redactor) -> None:
    out = redact(redactor, "Okafor answered Kovalenko, then Kovalenko answered Okafor.")
    assert out == "[participant] answered [participant], then [participant] answered [participant]."


def test_common_word_names_need_capitals(redactor: Redactor) -> None:
    assert redact(redactor, "We hope for peace.") == "We hope for peace."
    assert redact(redactor, "We agree with Hope on this.") == "We agree with [participant] on this."
    assert redact(redactor, "Hope said the same.") == "[participant] said the same."


def test_function_word_names_need_capitals_mid_sentence(redactor: Redactor) -> None:
    assert redact(redactor, "May I add something?") == "May I add something?"
    assert redact(redactor, "I agree with May here.") == "I agree with [participant] here."
    assert redact(redactor, "May, your view?") == "[participant], your view?"
    assert redact(redactor, "Ms. May agreed.") == "[participant] agreed."
    assert redact(redactor, "We may agree.") == "We may agree."


def test_month_in_a_date_is_kept(redactor: Redactor) -> None:
    assert redact(redactor, "We met in May 2024 and on 3 May.") == "We met in May 2024 and on 3 May."


def test_decoys_are_kept(redactor: Redactor) -> None:
    text = (
        "In the West Bank, transitional justice, the Ministry of Justice; Abu Dhabi; the Ho Chi Minh trail."
    )
    assert redact(redactor, text) == text


def test_party_names_are_not_redacted(redactor: Redactor) -> None:
    text = "Trade between Armenia and Türkiye resumed; Turkish ports reopened."
    assert redact(redactor, text) == text


def test_other_personal_data(redactor: Redactor) -> None:
    out = redact(
        redactor,
        "Write to j.doe@mailbox.example.com or see https://example.org/x; IBAN GB82WEST12345698765432, "
        "card 4111 1111 1111 1111, server 192.0.2.44, phone +44 20 7946 0958, @someone_else.",
    )
    assert out == (
        "Write to [email] or see [url]; IBAN [account], card [account], server [ip-address], "
        "phone [phone], [contact]."
    )


def test_plain_numbers_and_dates_are_kept(redactor: Redactor) -> None:
    text = "The budget is 12,000,000 over 2019-2024, per Resolution 2334, from 01.05.2024 at 14:30."
    assert redact(redactor, text) == text


def test_spans_report_what_was_replaced(redactor: Redactor) -> None:
    result = redactor.redact("Dr. Okafor wrote to amina.okafor@example.org")
    assert [(s.kind, s.text) for s in result.spans] == [
        ("participant", "Dr. Okafor"),
        ("email", "amina.okafor@example.org"),
    ]


def test_bad_roster_json_is_explained() -> None:
    with pytest.raises(RosterError, match=r"people\[0\]\.emails must be a list of strings"):
        roster_from_json({"people": [{"name": "A B", "emails": 3}]})
    with pytest.raises(RosterError, match="non-empty list"):
        roster_from_json({"people": []})
    with pytest.raises(RosterError, match=r"unknown field\(s\) alias"):
        roster_from_json({"people": [{"name": "A B", "alias": ["x"]}]})
    with pytest.raises(RosterError, match="must not be empty"):
        roster_from_json({"people": [{"name": " "}]})
    with pytest.raises(RosterError, match="unknown sector"):
        roster_from_json({"people": [{"name": "A B", "sector": "astronaut"}]})


def test_prepositions_and_post_titles(redactor: Redactor) -> None:
    assert redact(redactor, "Under Okafor the talks stalled.") == "Under [participant] the talks stalled."
    assert redact(redactor, "Okafor Jr. and Çelik Bey agreed.") == "[participant] and [participant] agreed."


def test_line_breaks_are_kept(redactor: Redactor) -> None:
    assert redact(redactor, "Okafor\nMüller\n\nend") == "[participant]\n[participant]\n\nend"
