"""Proposal keys: stable for the same wording, so responses follow a proposal into a correction."""

from __future__ import annotations

from summaries.liaison.proposals import proposal_key, proposals_of
from tests.liaison.helpers import BODY, COMMISSION, GAUGES


def test_proposals_and_recommendations_are_found_in_document_order() -> None:
    found = proposals_of(BODY)
    assert [p.plain for p in found] == [
        COMMISSION,
        "Upstream reservoirs notify downstream users two days before any release.",
        GAUGES,
    ]
    assert [p.heading for p in found] == ["Proposals", "Proposals", "Recommendations"]
    assert found[2].section == "General"
    # Main points and action items are not proposals.
    assert not any("secretariat" in p.plain or "Dam releases" in p.plain for p in found)


def test_a_section_of_recommendations_counts_too() -> None:
    body = "## Recommendations to governments\n\n- Share the flow data.\n- Meet twice a year.\n"
    assert [p.plain for p in proposals_of(body)] == ["Share the flow data.", "Meet twice a year."]


def test_keys_are_stable_and_survive_a_correction_that_keeps_the_wording() -> None:
    first = {p.plain: p.key for p in proposals_of(BODY)}
    corrected = BODY.replace("two days", "three days").replace("## General", "## Other business")
    second = {p.plain: p.key for p in proposals_of(corrected)}
    assert second[COMMISSION] == first[COMMISSION]
    assert second[GAUGES] == first[GAUGES]  # the section was renamed, the wording kept
    changed = "Upstream reservoirs notify downstream users three days before any release."
    assert second[changed] not in first.values()


def test_key_ignores_markup_spacing_case_and_the_attribution() -> None:
    plain = proposal_key("A joint commission publishes figures.")
    assert proposal_key("A  **joint** commission publishes   figures.") == plain
    assert proposal_key("a joint commission publishes figures.") == plain
    assert proposal_key("A joint commission publishes figures. *(raised by two participants)*") == plain
    assert proposal_key("A joint commission publishes other figures.") != plain
    assert plain.startswith("p-") and len(plain) <= 40


def test_the_same_wording_twice_gets_distinct_keys() -> None:
    body = "## A\n\n### Proposals\n\n- Share data.\n\n## B\n\n### Proposals\n\n- Share data.\n"
    keys = [p.key for p in proposals_of(body)]
    assert len(set(keys)) == 2 and keys[1] == keys[0] + "-2"


def test_an_edited_body_without_conventions_has_no_proposals_and_does_not_fail() -> None:
    assert proposals_of("Just a paragraph.\n\n* and a list\n") == []
    assert proposals_of("") == []
