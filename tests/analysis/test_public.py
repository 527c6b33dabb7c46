"""The public view: the k rule, and no participant ids anywhere."""

from __future__ import annotations

import json

import pytest

from commonground import AnalysisError, analyze, public_view

from .planted import planted

HIDDEN = {"hidden": True, "reason": "too few to show"}


def _uneven() -> tuple[list[tuple[str, str, int]], dict[str, str]]:
    """Planted groups of 12, 9 and 4; parties of 14, 9 and 2 that cut across them."""
    data = planted(groups=3, per_group=[12, 9, 4], statements=20, noise=0.05, missing=0.1, seed=5)
    people = sorted(data.truth)
    parties = {p: "North" if i < 14 else "South" if i < 23 else "Islands" for i, p in enumerate(people)}
    return data.votes, parties


def test_small_groups_and_parties_are_hidden() -> None:
    votes, parties = _uneven()
    analysis = analyze(votes, parties, k_min=5)
    assert sorted(len(group.members) for group in analysis.groups) == [4, 9, 12]

    view = public_view(analysis)

    sizes = [group.get("size") for group in view["groups"]]
    assert sizes == [12, 9, None]
    assert view["groups"][2] == HIDDEN
    assert view["parties"]["Islands"] == HIDDEN
    assert view["parties"]["North"]["size"] == 14
    assert view["parties"]["South"]["size"] == 9


def test_k_min_can_be_raised_at_view_time() -> None:
    votes, parties = _uneven()
    analysis = analyze(votes, parties)

    view = public_view(analysis, k_min=10)

    assert [group == HIDDEN for group in view["groups"]] == [False, True, True]
    assert view["parties"]["South"] == HIDDEN
    assert view["k_min"] == 10
    with pytest.raises(AnalysisError):
        public_view(analysis, k_min=0)


def test_no_participant_id_appears_in_the_public_view() -> None:
    votes, parties = _uneven()
    renamed = {p: f"user-{p}@ministry.example" for p in parties}
    analysis = analyze(
        [(renamed[p], s, v) for p, s, v in votes], {renamed[p]: party for p, party in parties.items()}
    )

    text = json.dumps(public_view(analysis))

    assert "ministry.example" not in text
    assert all(pid not in text for pid in renamed.values())


def test_only_shown_groups_put_points_on_the_map_and_points_are_not_in_member_order() -> None:
    votes, parties = _uneven()
    analysis = analyze(votes, parties)
    view = public_view(analysis)

    shown = [group for group in view["groups"] if group != HIDDEN]
    assert sum(len(group["points"]) for group in shown) == 21  # 12 + 9; the group of 4 is left off
    for group in shown:
        assert group["points"] == sorted(group["points"])
        assert set(group) == {"label", "size", "centre", "points", "representative", "agreement"}


def test_cells_seen_by_fewer_than_k_people_are_hidden() -> None:
    votes = [(f"p{i}", f"s{j}", 1) for i in range(10) for j in range(8)]
    votes += [(f"p{i}", "rare", -1) for i in range(3)]  # only three people saw "rare"
    view = public_view(analyze(votes, {f"p{i}": "North" for i in range(10)}, k_min=5))

    assert view["groups"][0]["agreement"]["rare"] == HIDDEN
    assert view["parties"]["North"]["agreement"]["rare"] == HIDDEN
    shown = view["groups"][0]["agreement"]["s0"]
    assert shown == {"agree": 10, "disagree": 0, "pass": 0, "seen": 10, "pa": pytest.approx(11 / 12)}


def test_hidden_parties_do_not_shape_published_bridging() -> None:
    votes, parties = _uneven()
    analysis = analyze(votes, parties)
    view = public_view(analysis)

    shown = [party.agreement for party in analysis.parties if party.name != "Islands"]
    expected = sorted(analysis.statements, key=lambda s: (-min(b[s].pa for b in shown), s))
    assert [item["statement"] for item in view["bridging"]] == expected
    # The exact analysis, which includes the two-person party, ranks differently.
    assert [item.statement for item in analysis.bridging] != expected


def test_everything_hidden_when_the_whole_conversation_is_smaller_than_k() -> None:
    votes = [(f"p{i}", f"s{j}", (i + j) % 3 - 1) for i in range(4) for j in range(8)]
    view = public_view(analyze(votes, {f"p{i}": "North" for i in range(4)}))

    assert view["groups"] == [HIDDEN]
    assert view["parties"] == {"North": HIDDEN}
    assert view["consensus"] == []
    assert view["bridging"] == []
