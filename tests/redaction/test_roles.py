"""Issue 13, items 6-7: roles and affiliations in other words than the roster's, and handles after a
messenger's name."""

from __future__ import annotations

import pytest

from redaction import Redactor, build_redactor, roster_from_json

ROSTER = roster_from_json(
    {
        "parties": ["Russia", "Ukraine"],
        "people": [
            {
                "name": "Amina Okafor",
                "roles": ["Ambassador to Russia", "Deputy Foreign Minister of Ukraine"],
                "organisation": "University of Jaffna",
                "sector": "former_official",
                "party": "Ukraine",
            },
            {"name": "Bo Li", "organisation": "Ministry of Foreign Affairs", "sector": "academic"},
        ],
    }
)


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return build_redactor(ROSTER, k=5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("When I was ambassador to Moscow we met weekly.", "When I was [role] we met weekly."),
        ("As the former deputy foreign minister, I signed it.", "As the [role], I signed it."),
        ("The deputy foreign minister of Ukraine agreed.", "The [role] agreed."),
        ("My university in Jaffna hosted it.", "My [organisation] hosted it."),
        ("My ministry objected.", "My [organisation] objected."),
        ("A former official from Ukraine objected.", "A [affiliation] objected."),
    ],
)
def test_roles_and_affiliations_that_single_someone_out_are_redacted(
    redactor: Redactor, text: str, expected: str
) -> None:
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "The ambassador of France spoke to the press.",
        "The University of Colombo published the data.",
        "Our institute agreed to host the next round.",
    ],
)
def test_other_roles_and_institutions_are_kept(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text).text == text


def test_kept_self_descriptions_are_flagged_with_a_reason(redactor: Redactor) -> None:
    result = redactor.redact("Our institute agreed to host the next round.")
    assert [f.kind for f in result.flags] == ["self_identifying"]
    assert "their own institution" in result.flags[0].reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My Signal is mina.o if you need me.", "My Signal is [contact] if you need me."),
        ("WeChat: wangxm88", "WeChat: [contact]"),
        ("Find me on X as okafor_a.", "Find me on X as [contact]."),
        ("Telegram @amina_ok works too.", "Telegram [contact] works too."),
        (
            "We use Signal for everything and WhatsApp groups.",
            "We use Signal for everything and WhatsApp groups.",
        ),
    ],
)
def test_handles_after_messenger_names(redactor: Redactor, text: str, expected: str) -> None:
    assert redactor.redact(text).text == expected


def test_where_someone_comes_from_is_flagged_with_a_reason(redactor: Redactor) -> None:
    """Issue 13, item 6: "the colleague from Gaza City" cannot be counted against the roster, so a
    human is asked, and the flag says why."""
    result = redactor.redact("The colleague from Gaza City disagreed with the plan.")
    descriptor = [f for f in result.flags if f.kind == "descriptor"]
    assert len(descriptor) == 1
    assert "says where a person comes from" in descriptor[0].reason
    assert result.text == "The colleague from Gaza City disagreed with the plan."
