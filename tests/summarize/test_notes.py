"""Issue 14, item 10: rapporteur notes of an in-person session, through the app and `manage.py summarize`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.models import Session
from summaries.document import parse_markdown
from summaries.models import RapporteurNotes, SummaryStatus, SummaryVersion
from summaries.notes import NotesError, decode_notes, parse_notes

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
NOTES = EXAMPLES / "notes.txt"
ROSTER = EXAMPLES / "roster.json"


def summarize(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("summarize", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_format_items_speakers_outcomes_and_continuations() -> None:
    notes = parse_notes(
        "Facilitator: Welcome.\n\n## Water\nAmina Okafor: Releases matter.\nThey matter a lot.\n\n"
        "PROPOSAL: Publish weekly.\nACTION: Draft it; owner: the secretariat; due: 2026-12-15\n"
    )
    assert notes.items == ["Water"]
    assert notes.messages == [
        (None, "Facilitator", "Welcome."),
        (0, "Amina Okafor", "Releases matter. They matter a lot."),
    ]
    assert notes.captures == [
        (0, "proposal", "Publish weekly."),
        (0, "action_item", "Draft it; owner: the secretariat; due: 2026-12-15"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"", "no contribution"),
        (b"## Only a heading\n", "no contribution"),
        (b"just a sentence without a speaker.\n", "Line 1: expected 'Name: what they said'"),
        (b"PROPOSAL:\n", "Line 1: PROPOSAL: has no text"),
        (b"a\x00b: c\n", "NUL"),
    ],
)
def test_bad_notes_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(NotesError, match=message):
        parse_notes(decode_notes(data))


def test_the_worked_example_in_the_docs_is_what_the_command_prints() -> None:
    out, err = summarize("--notes", str(NOTES), "--roster", str(ROSTER))

    assert out == (EXAMPLES / "notes.draft.md").read_text(encoding="utf-8")
    assert "UNKNOWN SPEAKER (counted as a participant): Observer Lee" in err
    roster = json.loads(ROSTER.read_text(encoding="utf-8"))
    for person in roster["people"]:
        assert person["name"] not in out and person["organisation"] not in out
    sections = {s.title: s for s in parse_markdown(out).sections}
    water = sections["Water releases"]
    assert [p.key for p in water.parts][:5] == [
        "proposals",
        "agreements",
        "disagreements",
        "action_items",
        "open_questions",
    ]
    assert "owner: the facilitator; due 15 December 2026" in "\n".join(water.parts[3].items)
    assert "Good morning" not in out and "coffee" not in out and "Agreed." not in out


def test_json_format_and_k(tmp_path: Path) -> None:
    out, _ = summarize("--notes", str(NOTES), "--roster", str(ROSTER), "--format", "json", "--k", "2")
    document = json.loads(out)
    assert document["unknown_speakers"] == ["Observer Lee"]
    assert any(flag["kind"] == "unknown_speaker" for flag in document["flags"])
    assert "## Water releases" in document["body_markdown"]


@pytest.mark.parametrize(
    ("notes", "roster", "message"),
    [
        ("missing.txt", None, "cannot read notes file"),
        (None, "missing.json", "cannot read roster file"),
        ("bad.txt", None, "Line 1: expected"),
    ],
)
def test_command_errors_are_clear(
    tmp_path: Path, notes: str | None, roster: str | None, message: str
) -> None:
    (tmp_path / "bad.txt").write_text("no speaker here\n", encoding="utf-8")
    notes_path = str(tmp_path / notes) if notes else str(NOTES)
    roster_path = str(tmp_path / roster) if roster else str(ROSTER)
    with pytest.raises(CommandError, match=message):
        summarize("--notes", notes_path, "--roster", roster_path)
    with pytest.raises(CommandError, match="at least 1"):
        summarize("--notes", str(NOTES), "--roster", str(ROSTER), "--k", "0")


@pytest.mark.django_db
def test_a_facilitator_uploads_notes_and_the_same_pipeline_compiles_them(
    session: Session,
    facilitator: User,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = Client()
    client.force_login(facilitator)
    url = reverse("summaries:notes_upload", args=[session.pk])
    bad = client.post(url, {"notes": SimpleUploadedFile("n.txt", b"no speaker\n")})
    assert bad.status_code == 400 and "expected" in bad.content.decode()

    text = (
        "## Water releases\nPaula Participant: Dam releases should be published every week so farmers "
        "downstream can plan.\n\nStranger Person: Farmers downstream lose a harvest when releases stop "
        "without notice.\n\nPROPOSAL: Publish releases weekly.\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"notes": SimpleUploadedFile("n.txt", text.encode())})
    assert response.status_code == 302
    version = SummaryVersion.objects.get(session=session)
    assert version.status == SummaryStatus.DRAFT and RapporteurNotes.objects.filter(session=session).exists()
    assert "Publish releases weekly." in version.body and "Dam releases should be published" in version.body
    assert "Paula" not in version.body and "Stranger" not in version.body
    page = client.get(reverse("summaries:summary", args=[version.pk])).content.decode()
    assert "Speaker not on the roster" in page
