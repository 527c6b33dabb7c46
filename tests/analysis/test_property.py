"""Properties that must hold for any valid input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from commonground import Vote, analyze, public_view
from commonground.charts import agreement_bars_svg, opinion_map_svg

PEOPLE = [f"person-{i}-id" for i in range(14)]
STATEMENTS = [f"s{i}" for i in range(9)]


@st.composite
def votes_strategy(draw: st.DrawFn) -> list[Vote]:
    """A matrix of votes with gaps (None = unseen), so that many participants reach the vote
    threshold and clustering, representativeness and bridging all get exercised."""
    people = draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=len(PEOPLE)))
    cell = st.sampled_from([1, -1, 0, None])
    votes: list[Vote] = []
    for person in people:
        row = draw(st.lists(cell, min_size=len(STATEMENTS), max_size=len(STATEMENTS)))
        votes += [(person, sid, vote) for sid, vote in zip(STATEMENTS, row, strict=True) if vote is not None]
    return draw(st.permutations(votes)) if votes else votes


parties_strategy = st.dictionaries(st.sampled_from(PEOPLE), st.sampled_from(["North", "South", "Islands"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    votes=votes_strategy(),
    parties=parties_strategy,
    extra=st.lists(st.sampled_from(["u1", "u2"]), max_size=2),
    min_voters=st.integers(0, 10),
    k_min=st.integers(1, 6),
)
def test_analyze_never_raises_on_valid_input(
    votes: list[Vote], parties: dict[str, str], extra: list[str], min_voters: int, k_min: int
) -> None:
    analysis = analyze(votes, parties, statements=extra, min_voters_for_clustering=min_voters, k_min=k_min)

    statements = sorted({s for _, s, _ in votes} | set(extra))
    assert sorted(item.statement for item in analysis.consensus) == statements
    assert len(analysis.consensus) == len(statements)
    scores = [item.score for item in analysis.consensus]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)

    event(f"{len(analysis.groups)} group(s)")
    members = [m for group in analysis.groups for m in group.members]
    assert sorted(members) == sorted(analysis.participants)  # groups partition those in conversation
    assert set(analysis.participants).isdisjoint(analysis.excluded)
    assert 1 <= len(analysis.groups) <= 5 or not analysis.participants
    if analysis.parties:
        assert sorted(item.statement for item in analysis.bridging) == statements

    view = public_view(analysis)
    text = json.dumps(view)
    assert not any(person in text for person in PEOPLE)
    for svg in (opinion_map_svg(view), agreement_bars_svg(view), agreement_bars_svg(view, "party")):
        ET.fromstring(svg)
        assert not any(person in svg for person in PEOPLE)
