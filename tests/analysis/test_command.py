"""`manage.py common_ground` on CSV files."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from .planted import planted


def _run(*args: str) -> Any:
    out = StringIO()
    call_command("common_ground", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def votes_csv(tmp_path: Path) -> Path:
    data = planted(seed=0)
    path = tmp_path / "votes.csv"
    lines = ["participant,statement,vote"] + [f"{p},{s},{v}" for p, s, v in data.votes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def parties_csv(tmp_path: Path) -> Path:
    path = tmp_path / "parties.csv"
    rows = [f"p{i:03d},{'North' if i % 2 else 'South'}" for i in range(30)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")  # no header: it is optional
    return path


def test_prints_the_summary_json(votes_csv: Path, parties_csv: Path) -> None:
    result = _run("--votes", str(votes_csv), "--parties", str(parties_csv))

    assert set(result) == {
        *("groups", "consensus", "bridging", "representative"),
        *("party_consensus", "divisive", "excluded", "groups_chosen", "moderated", "polis_compatible"),
    }
    assert len(result["groups"]) == 3
    # Party consensus and the choice of k come without --public now.
    assert sorted(result["party_consensus"][:3]) == ["s00", "s01", "s02"]
    assert result["groups_chosen"]["k"] == 3 and result["groups_chosen"]["runner_up"] in {2, 4, 5}
    assert result["groups_chosen"]["score"] > result["groups_chosen"]["runner_up_score"]
    assert result["excluded"] == {"count": 0, "reasons": []}
    # Planted consensus statements are the least divisive; the most divisive split the groups.
    assert {d["statement"] for d in result["divisive"][-3:]} == {"s00", "s01", "s02"}
    assert sorted(result["consensus"][:3]) == ["s00", "s01", "s02"]
    assert len(result["bridging"]) == 20
    assert set(result["representative"]) == {"0", "1", "2"}


def test_without_parties_there_is_no_bridging(votes_csv: Path) -> None:
    result = _run("--votes", str(votes_csv))

    assert result["bridging"] == []
    assert sorted(m for g in result["groups"] for m in g["members"]) == [f"p{i:03d}" for i in range(30)]


def test_public_output_names_nobody_and_applies_k_min(votes_csv: Path, parties_csv: Path) -> None:
    out = StringIO()
    args = ["--votes", str(votes_csv), "--parties", str(parties_csv), "--k-min", "16", "--public"]
    call_command("common_ground", *args, stdout=out)
    text = out.getvalue()
    view = json.loads(text)

    assert "p0" not in text
    assert view["k_min"] == 16
    assert view["parties"] == {
        "North": {"hidden": True, "reason": "too few to show"},
        "South": {"hidden": True, "reason": "too few to show"},
    }


def _write(tmp_path: Path, text: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("participant,statement,vote\np1,s1,1\np2,s1\n", "line 3: expected 3 columns"),
        ("p1,s1,1\np1,s2,yes\n", "line 2: vote must be 1, -1 or 0, got 'yes'"),
        ("p1,s1,1\n\np1,s2,2\n", "line 3: vote must be 1, -1 or 0, got '2'"),
        ("p1,s1,1\n,s2,1\n", "line 2: participant and statement ids must not be empty"),
        ("p1,s1,1,extra\n", "line 1: expected 3 columns"),
        ("participant,statement,vote\n", "no votes"),
    ],
)
def test_bad_votes_files_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(CommandError) as info:
        _run("--votes", str(path))
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="file not found"):
        _run("--votes", str(tmp_path / "nope.csv"))


def test_bad_parties_file_names_the_line(tmp_path: Path, votes_csv: Path) -> None:
    parties = _write(tmp_path, "participant,party\np001,North\np002\n", "parties.csv")
    with pytest.raises(CommandError, match="line 3: expected 2 columns"):
        _run("--votes", str(votes_csv), "--parties", str(parties))

    clash = _write(tmp_path, "p001,North\np001,South\n", "clash.csv")
    with pytest.raises(CommandError, match="line 2: participant 'p001' is already in another party"):
        _run("--votes", str(votes_csv), "--parties", str(clash))


def test_non_utf8_file_is_refused_with_a_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("p1,s1,1\np2,caf\u00e9,1\n".encode("latin-1"))
    with pytest.raises(CommandError, match="line 2: not UTF-8 text"):
        _run("--votes", str(path))


def test_a_byte_order_mark_and_a_header_are_accepted(tmp_path: Path) -> None:
    rows = [f"p{i},s{j},{1 if i < 5 else -1}" for i in range(10) for j in range(8)]
    path = tmp_path / "bom.csv"
    path.write_text("\ufeffParticipant, Statement, Vote\n" + "\n".join(rows), encoding="utf-8")

    result = _run("--votes", str(path))
    assert sorted(m for g in result["groups"] for m in g["members"]) == sorted(f"p{i}" for i in range(10))


def test_left_out_participants_are_counted_with_the_reason(tmp_path: Path, votes_csv: Path) -> None:
    sparse = [f"late{i},s0{j},1" for i in range(4) for j in range(3)]  # 3 votes each, under 7
    path = _write(tmp_path, votes_csv.read_text(encoding="utf-8") + "\n".join(sparse) + "\n", "more.csv")
    result = _run("--votes", str(path))

    assert result["excluded"] == {
        "count": 4,
        "reasons": [
            {
                "reason": "too_few_votes",
                "explanation": "fewer than 7 votes on statements in the analysis",
                "count": 4,
            }
        ],
    }
    assert all(not m.startswith("late") for g in result["groups"] for m in g["members"])


def test_moderated_statements_leave_every_list(tmp_path: Path, votes_csv: Path) -> None:
    moderated = _write(tmp_path, "statement\ns00\ns05\n", "moderated.csv")
    for extra in ([], ["--polis-compatible"]):
        result = _run("--votes", str(votes_csv), "--moderated", str(moderated), *extra)
        assert result["moderated"] == ["s00", "s05"]
        assert result["polis_compatible"] == bool(extra)
        for key in ("consensus", "party_consensus"):
            assert "s00" not in result[key] and "s05" not in result[key]
        assert sorted(result["consensus"][:2]) == ["s01", "s02"]
        assert len(result["groups"]) == 3


def test_a_bad_moderation_file_names_the_line(tmp_path: Path, votes_csv: Path) -> None:
    moderated = _write(tmp_path, "s01\ns02,s03\n", "moderated.csv")
    with pytest.raises(CommandError, match="line 2: expected 1 columns"):
        _run("--votes", str(votes_csv), "--moderated", str(moderated))
