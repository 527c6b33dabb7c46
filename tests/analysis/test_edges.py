"""Small, odd and bad inputs."""

from __future__ import annotations

import json
import random

import pytest

from commonground import AnalysisError, Vote, analyze

from .planted import planted


def _two_camps(people_per_camp: int, statements: int = 10) -> list[Vote]:
    """Camp "a" agrees with everything, camp "b" disagrees with everything."""
    votes: list[Vote] = []
    for camp, vote in (("a", 1), ("b", -1)):
        for i in range(people_per_camp):
            votes += [(f"{camp}{i}", f"s{j}", vote) for j in range(statements)]
    return votes


def test_fewer_than_eight_voters_form_one_group() -> None:
    votes = _two_camps(3) + [("c0", f"s{j}", 1) for j in range(10)]  # 7 voters in two clear camps
    analysis = analyze(votes)

    assert len(analysis.groups) == 1
    assert set(analysis.groups[0].members) == set(analysis.participants)
    assert len(analysis.participants) == 7
    assert analysis.groups[0].representative == ()  # nobody to be representative against
    assert analysis.to_json()["representative"] == {"0": []}


def test_the_clustering_threshold_is_a_parameter() -> None:
    votes = _two_camps(3)
    assert len(analyze(votes).groups) == 1
    split = analyze(votes, min_voters_for_clustering=4)
    assert sorted(sorted(group.members) for group in split.groups) == [["a0", "a1", "a2"], ["b0", "b1", "b2"]]


def test_a_statement_nobody_voted_on_is_kept_and_scores_the_prior() -> None:
    data = planted(seed=2)
    # "late": declared but unseen; "lurker": seen only by someone with too few votes to count.
    votes = [*data.votes, ("newcomer", "lurker", 1)]
    analysis = analyze(votes, statements=["late"])

    assert {"late", "lurker"} <= set(analysis.statements)
    assert "newcomer" in analysis.excluded
    for group in analysis.groups:
        assert group.agreement["late"].seen == 0
        assert group.agreement["lurker"].seen == 0
    scores = {item.statement: item.score for item in analysis.consensus}
    assert scores["late"] == pytest.approx(0.5 ** len(analysis.groups))
    assert [item.statement for item in analysis.consensus][:3] == [
        item.statement for item in analyze(data.votes).consensus[:3]
    ]


def test_everyone_passing_gives_one_group_and_ties_broken_by_statement_id() -> None:
    votes = [(f"p{i}", f"s{j}", 0) for i in range(12) for j in (3, 1, 2, 0, 4, 5, 6, 7)]
    analysis = analyze(votes)

    assert len(analysis.groups) == 1
    assert all(xy == (0.0, 0.0) for xy in analysis.coordinates.values())
    assert [item.statement for item in analysis.consensus] == ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"]
    assert analysis.consensus[0].score == pytest.approx(1 / 14)  # (0 agrees + 1) / (12 seen + 2)


def test_participants_below_the_vote_threshold_are_left_out_of_everything() -> None:
    data = planted(seed=1)
    sparse = [("drive-by", f"s{j:02d}", -1) for j in range(6)]  # 6 of 20 statements: under min(7, 20)
    analysis = analyze([*data.votes, *sparse])
    baseline = analyze(data.votes)

    assert analysis.excluded == ("drive-by",)
    assert "drive-by" not in analysis.coordinates
    assert all("drive-by" not in group.members for group in analysis.groups)
    assert analysis.to_json() == baseline.to_json()  # their votes changed no count and no ranking


def test_the_vote_threshold_is_the_number_of_statements_when_there_are_fewer_than_seven() -> None:
    votes = [(f"p{i}", f"s{j}", 1) for i in range(4) for j in range(5)]
    votes += [("partial", f"s{j}", 1) for j in range(4)]
    analysis = analyze(votes)

    assert analysis.min_votes == 5
    assert analysis.excluded == ("partial",)
    assert len(analysis.participants) == 4


def test_the_result_does_not_depend_on_vote_order() -> None:
    data = planted(seed=4)
    shuffled = list(data.votes)
    random.Random(1).shuffle(shuffled)

    assert analyze(shuffled).to_full_json() == analyze(data.votes).to_full_json()


def test_a_changed_vote_counts_once_with_its_latest_value() -> None:
    votes = [(f"p{i}", f"s{j}", 1) for i in range(3) for j in range(7)]
    votes += [("p0", "s0", -1)]  # p0 changes their mind on s0
    counts = analyze(votes).groups[0].agreement["s0"]

    assert (counts.agree, counts.disagree, counts.seen) == (2, 1, 3)


def test_no_votes_gives_an_empty_analysis() -> None:
    analysis = analyze([])

    assert analysis.to_json() == {"groups": [], "consensus": [], "bridging": [], "representative": {}}


def test_to_json_has_exactly_the_agreed_keys_and_is_serialisable() -> None:
    votes = planted(seed=0).votes
    parties = {f"p{i:03d}": "North" if i % 2 else "South" for i in range(30)}
    result = analyze(votes, parties).to_json()

    assert set(result) == {"groups", "consensus", "bridging", "representative"}
    assert all(set(group) == {"members"} for group in result["groups"])
    assert json.loads(json.dumps(result)) == result
    assert len(result["bridging"]) == 20


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ([("p1", "s1", 2)], "must be 1, -1 or 0"),
        ([("p1", "s1", "1")], "must be 1, -1 or 0"),
        ([("p1", "s1", True)], "must be 1, -1 or 0"),
        ([("p1", "s1", 0.5)], "must be 1, -1 or 0"),
        ([("", "s1", 1)], "participant id must be a non-empty string"),
        ([("p1", "   ", 1)], "statement id must be a non-empty string"),
        ([("p1", None, 1)], "statement id must be a non-empty string"),
        ([("p1", "s1")], "expected (participant, statement, vote)"),
    ],
)
def test_bad_votes_raise_a_clear_error(votes: list[Vote], message: str) -> None:
    with pytest.raises(AnalysisError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        analyze([("p0", "s0", 1), *votes])
    assert "vote 2" in str(info.value)  # which vote was wrong


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k_min": 0}, "k_min"),
        ({"min_voters_for_clustering": -1}, "min_voters_for_clustering"),
        ({"parties": {"p0": ""}}, "party of 'p0'"),
        ({"parties": {"": "North"}}, "participant ids"),
        ({"statements": [""]}, "statement id"),
    ],
)
def test_bad_parameters_raise_a_clear_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        analyze([("p0", "s0", 1)], **kwargs)  # type: ignore[arg-type]
