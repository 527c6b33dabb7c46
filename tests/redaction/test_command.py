"""`manage.py redact`: stdin in, redacted text out, flags on stderr, clear errors for bad rosters."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .conftest import ROSTER_JSON


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "roster.json"
    path.write_text(json.dumps(ROSTER_JSON), encoding="utf-8")
    return path


def run(roster: Path, text: str, *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("redact", "--roster", str(roster), *extra, stdin=io.StringIO(text), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_redacts_stdin_to_stdout(roster_file: Path) -> None:
    out, err = run(roster_file, "Dr. Amina Okafor met Müller.\nMail amina.okafor@example.org\n")
    assert out == "[participant] met [participant].\nMail [email]\n"
    assert err == ""


def test_flags_go_to_stderr_as_text(roster_file: Path) -> None:
    out, err = run(roster_file, "When I was consul in Baku, Okafor and I met.")
    assert out == "When I was consul in Baku, [participant] and I met."
    assert "FLAG self_identifying" in err and "When I was consul in Baku" in err


def test_flags_as_json(roster_file: Path) -> None:
    _, err = run(roster_file, "We spoke to President Karimov.", "--flags")
    flags = json.loads(err)["flags"]
    assert [f["kind"] for f in flags] == ["unknown_name"]
    assert flags[0]["sentence"] == "We spoke to President Karimov."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"people": [{"name": "A B", "emails": 3}]}', r"people\[0\]\.emails must be a list of strings"),
        ('{"people": []}', "non-empty list"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_bad_roster_is_a_command_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "roster.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(path, "text")


def test_missing_roster_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read roster file"):
        run(tmp_path / "missing.json", "text")


def test_input_that_is_not_utf8_is_a_command_error(roster_file: Path) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Okafor \xff\xfe met"), encoding="utf-8")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("redact", "--roster", str(roster_file), stdin=stdin, stdout=io.StringIO())


def test_a_party_written_with_a_hyphen_does_not_crash(tmp_path: Path) -> None:
    """Issue 13: roster party "Greek Cypriot", text "Greek-Cypriot" raised a KeyError traceback."""
    path = tmp_path / "roster.json"
    roster = {
        "parties": ["Greek Cypriot"],
        "people": [{"name": "Eleni Georgiou", "sector": "academic", "party": "Greek Cypriot"}],
    }
    path.write_text(json.dumps(roster), encoding="utf-8")
    out, _ = run(path, "A Greek-Cypriot academic objected.")
    assert out == "A [affiliation] objected."
