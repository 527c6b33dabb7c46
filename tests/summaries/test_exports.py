"""Exports: each format carries the dialogue, session, date, version and SHA-256 content hash; JSON
follows docs/summary.schema.json; HTML is clean and prints; PDF renders non-Latin text or replaces it."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema_rs
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.models import AgendaItem, Session
from summaries import exports, services
from summaries.document import Document, Part, Section, parse_markdown, render_markdown
from summaries.models import SummaryVersion
from tests.summaries.helpers import Cast, compile_now, plenary, post

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "summary.schema.json").read_text())


@pytest.fixture
def version(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> SummaryVersion:
    # Late evening in Zurich is already the next day in UTC: the export uses the session's own date.
    session.starts_at = datetime(2025, 3, 14, 23, 30, tzinfo=ZoneInfo("Europe/Zurich"))
    session.save()
    room = plenary(session)
    post(
        room,
        people.by_party["Northvale"][0],
        "Dam releases must be published every week in the dry season.",
        items[1],
    )
    post(
        room,
        people.by_party["Southmark"][0],
        "Farmers downstream need two weeks notice of every release.",
        items[1],
    )
    return compile_now(session, people.facilitator, django_capture_on_commit_callbacks)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_markdown_carries_metadata_and_the_exact_body(version: SummaryVersion) -> None:
    text = exports.export_markdown(version)

    front, rest = text.split("\n---\n", 1)
    assert front.startswith("---\n")
    assert 'dialogue: "Basin dialogue"' in front and 'session: "First session"' in front
    assert "date: 2025-03-14" in front and f"version: {version.number}" in front
    assert f"content_hash: sha256:{_sha(version.body)}" in front
    assert "# Basin dialogue: First session" in rest and "**Draft: not released.**" in rest
    assert text.endswith(version.body)


def test_json_follows_the_schema_and_its_hash_verifies(version: SummaryVersion) -> None:
    data = json.loads(exports.export_json(version))

    jsonschema_rs.validate(SCHEMA, data)
    assert data["dialogue"] == {"title": "Basin dialogue"}
    assert data["session"] == {"title": "First session", "date": "2025-03-14"}
    assert data["version"] == {"number": 1, "status": "draft", "released_at": None}
    assert data["content_hash"] == "sha256:" + _sha(data["body_markdown"])
    titles = [s["title"] for s in data["sections"]]
    assert titles == ["Participation", "Water releases"]
    water = data["sections"][1]
    assert water["parts"][0]["key"] == "main_points"
    assert any("two weeks notice" in item for item in water["parts"][0]["items"])


def test_json_of_an_edited_free_form_body_still_follows_the_schema(
    version: SummaryVersion, facilitator: User
) -> None:
    edited = services.summary_edit(
        version=version,
        body="Intro line.\n\n# A heading\n\nText.\n\n### Odd part\n\n1. first\n2. second\n\n"
        "- loose\n  continued\n",
        user=facilitator,
    )
    data = exports.export_data(edited)

    jsonschema_rs.validate(SCHEMA, data)
    assert data["preamble"] == "Intro line."
    assert data["sections"][0]["parts"][0] == {
        "key": "other",
        "heading": "Odd part",
        "items": ["first", "second", "loose continued"],
        "text": "",
    }


def test_html_is_a_clean_reading_page_with_a_print_stylesheet(
    version: SummaryVersion, people: Cast, items: list[AgendaItem], facilitator: User
) -> None:
    hostile = services.summary_edit(
        version=version,
        body=version.body
        + "\n- <script>alert(1)</script> [link](javascript:alert(1)) <img src=x onerror=alert(1)>\n",
        user=facilitator,
    )
    html = exports.export_html(hostile)

    assert "@media print" in html and "@page" in html
    assert "<title>Basin dialogue: First session (version 2)</title>" in html
    assert '<dd><time datetime="2025-03-14">14 March 2025</time></dd>' in html
    assert f"sha256:{hostile.content_hash}" in html
    assert (
        "<script" not in html and "javascript:" not in html and "onerror" not in html and "<img" not in html
    )
    assert "Draft: not released" in html


def test_pdf_carries_the_metadata(version: SummaryVersion) -> None:
    pdf = exports.export_pdf(version)

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    info = _pdf_info(pdf)
    assert info["Title"] == "Basin dialogue: First session"
    assert info["Subject"] == "First session · 2025-03-14 · version 1 · draft"
    assert info["Keywords"] == f"sha256:{version.content_hash}"


def test_pdf_embeds_a_font_for_every_script_and_writes_dates_in_words(
    version: SummaryVersion, facilitator: User
) -> None:
    body = (
        "## Многоязычный раздел\n\n- Ελληνικά, Հայերեն, ქართული, Türkçe, Tiếng Việt\n"
        "- العربية: اتفق المشاركون\n- עברית: המשתתפים הסכימו\n- 中文 日本語 한국어\n- हिन्दी: प्रतिभागियों\n"
    )
    edited = services.summary_edit(version=version, body=body, user=facilitator)

    pdf = exports.export_pdf(edited)

    fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([A-Za-z-]+)", pdf))
    assert {
        b"NotoSans",
        b"NotoSansArabic",
        b"NotoSansHebrew",
        b"NotoSansDevanagari",
        b"NotoSansCJKSC",
    } <= fonts
    assert {b"NotoSansArmenian", b"NotoSansGeorgian"} <= fonts
    assert b"/FontFile2" in pdf  # embedded (and subset), not referenced
    assert "14 March 2025" in exports.export_meta(edited).date_words


def test_without_the_fonts_the_pdf_export_says_which_packages_to_install(
    version: SummaryVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summaries import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "_FONTS", {("noto", ""): (Path("/nonexistent/NotoSans-Regular.ttf"), 0)})
    pdf_module._check_fonts.cache_clear()
    try:
        with pytest.raises(pdf_module.FontsMissing, match="apt-get install fonts-noto-core fonts-noto-cjk"):
            exports.export_pdf(version)
    finally:
        pdf_module._check_fonts.cache_clear()


def test_export_urls_serve_each_format_with_its_hash(
    client: Client, facilitator: User, version: SummaryVersion
) -> None:
    client.force_login(facilitator)
    expected = {
        "md": "text/markdown",
        "json": "application/json",
        "html": "text/html",
        "pdf": "application/pdf",
    }
    for fmt, content_type in expected.items():
        response = client.get(reverse("summaries:summary_export", args=[version.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["X-Content-Hash"] == f"sha256:{version.content_hash}"
        assert f"summary-session-{version.session_id}-v1.{fmt}" in response["Content-Disposition"]
    assert client.get(reverse("summaries:summary_export", args=[version.pk, "docx"])).status_code == 404


def test_markdown_round_trips_through_the_structure() -> None:
    doc = Document(
        sections=[
            Section("Participation", items=["12 participants contributed on the record."]),
            Section(
                "Water releases",
                parts=[
                    Part("main_points", "Main points", ["One point *(raised by a participant)*", "Two"]),
                    Part("common_ground", "Common ground", [], text="Too few people voted here."),
                ],
            ),
        ]
    )
    back = parse_markdown(render_markdown(doc))
    assert back.sections == doc.sections
    assert back.preamble == doc.preamble


def _pdf_info(pdf: bytes) -> dict[str, str]:
    info: dict[str, str] = {}
    for key, hexed, literal in re.findall(
        rb"/(Title|Subject|Keywords) (?:<feff([0-9a-f]+)>|\(([^)]*)\))", pdf
    ):
        value = bytes.fromhex(hexed.decode()).decode("utf-16-be") if hexed else literal.decode("latin-1")
        info[key.decode()] = value
    return info


def _pdf_lines(pdf: bytes) -> list[tuple[float, float]]:
    """(font size, baseline from the top of the page in pt) of every line of text fpdf2 drew, in order."""
    import zlib

    lines: list[tuple[float, float]] = []
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            ops = zlib.decompress(stream.group(1))
        except zlib.error:
            continue  # an embedded font, not a page
        size = 0.0
        for m in re.finditer(rb"/F\d+ ([\d.]+) Tf|BT ([\d.]+) ([\d.]+) Td", ops):
            if m.group(1):
                size = float(m.group(1))
            elif not lines or lines[-1] != (size, 842 - float(m.group(3))):
                lines.append((size, 842 - float(m.group(3))))
    return lines


def test_pdf_headings_sit_right_above_their_text(version: SummaryVersion, facilitator: User) -> None:
    """Issue 14: the PDF had large gaps after headings. Each heading's first line of text follows within
    about one and a half lines (body text is 10.5 pt on 5 mm lines)."""
    body = (
        "## Water releases\n\nThe basin authority publishes the calendar.\n\n### Proposals\n\n"
        "- Publish the gauges daily.\n- Share the calendar a month ahead.\n\n"
        "## General\n\nA closing remark.\n"
    )
    edited = services.summary_edit(version=version, body=body, user=facilitator)
    lines = _pdf_lines(exports.export_pdf(edited))
    body_size = 10.5
    headings = [i for i, (size, _) in enumerate(lines) if size in (13.0, 11.0)]
    assert len(headings) == 3, lines
    for i in headings:
        after = next((y for size, y in lines[i + 1 :] if size == body_size), None)
        assert after is not None
        assert 0 < after - lines[i][1] <= 20, f"a gap of {after - lines[i][1]:.1f} pt after a heading"
