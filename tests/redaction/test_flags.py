"""Sentences returned to the facilitator for review: kept in the text, never silently dropped."""

from __future__ import annotations

import pytest

from redaction import Redactor


@pytest.mark.parametrize(
    "sentence",
    [
        "As the former minister of energy, I can tell you the pipeline was never viable.",
        "When I was consul in Baku we met every month.",
        "In my time at the ministry nobody read these reports.",
        "I served as chief negotiator in 2009.",
        "My embassy reported every meeting in detail.",
        "As the deputy minister, I signed that order myself.",
    ],
)
def test_self_identifying_sentences_are_flagged_and_kept(redactor: Redactor, sentence: str) -> None:
    result = redactor.redact(f"Thank you. {sentence} Next point.")
    flags = [f for f in result.flags if f.kind == "self_identifying"]
    assert len(flags) == 1
    assert flags[0].sentence == sentence
    assert flags[0].reason.startswith("the speaker")
    assert sentence in result.text  # flagged, not silently removed


def test_reporting_someone_else_is_not_self_identification(redactor: Redactor) -> None:
    result = redactor.redact("As the minister said, the pipeline was never viable. Next point.")
    assert [f for f in result.flags if f.kind == "self_identifying"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We spoke to President Karimov about it.", "Karimov"),
        ("Mr Sokolov wanted a second round.", "Sokolov"),
        ("Yesterday Petrosyan said the border was calm.", "Petrosyan"),
        ("According to Lindqvist the deal is off.", "Lindqvist"),
        ("General Abdullayev was not invited.", "Abdullayev"),
    ],
)
def test_unknown_names_near_cues_are_flagged(redactor: Redactor, text: str, name: str) -> None:
    result = redactor.redact(text)
    assert name in result.text  # not silently removed
    assert [f.kind for f in result.flags] == ["unknown_name"]
    assert name in result.flags[0].reason
    assert result.flags[0].sentence == text


def test_roster_names_and_generic_words_are_not_unknown(redactor: Redactor) -> None:
    result = redactor.redact(
        "Ambassador Okafor said yes. The President said no. Everyone said maybe. She said so."
    )
    assert [f for f in result.flags if f.kind == "unknown_name"] == []


def test_descriptor_below_k_is_redacted(redactor: Redactor) -> None:
    """Issue 13: a sector + party description fewer than k share is removed, not only flagged."""
    result = redactor.redact("A former official from Armenia disagreed strongly.")
    assert result.text == "A [affiliation] disagreed strongly."
    assert [f.kind for f in result.flags] == []


def test_sector_alone_below_k_is_flagged_and_kept(redactor: Redactor) -> None:
    result = redactor.redact("A journalist disagreed strongly.")
    assert [f.kind for f in result.flags] == ["descriptor"]
    assert "fewer than k=5" in result.flags[0].reason
    assert result.text == "A journalist disagreed strongly."


def test_plain_message_has_no_flags(redactor: Redactor) -> None:
    assert redactor.redact("We should return to the railway question after lunch.").flags == ()
