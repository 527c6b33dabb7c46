"""A version as a file: Markdown, JSON (docs/summary.schema.json), HTML (a reading page that prints
cleanly) and PDF. Each carries the dialogue, session, date, version and the SHA-256 of the body.

These are pure functions of a version: they check no permission. Callers decide who may have which
version (facilitators any; liaisons released ones, see `selectors.access_current_release`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.times import moment_in_words

from .document import PART_HEADINGS, content_hash, parse_markdown
from .models import SummaryStatus, SummaryVersion

SCHEMA_ID = "https://parley.invalid/schemas/summary/1"
_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "code", "pre"}
# No "a": user text and placeholders never become links in any rendering (a placeholder followed by
# "(" was a Markdown link); a link a facilitator writes shows as its text.
_TAGS |= {"blockquote", "br", "hr"}


@dataclass(frozen=True)
class ExportMeta:
    dialogue: str
    session: str
    date: str  # the session's date (ISO 8601) in the session's own time zone
    version: int
    status: str
    released_at: str | None
    content_hash: str  # "sha256:<hex>" of the body as stored (UTF-8, LF line endings)
    date_words: str = ""  # the session's date in words ("14 March 2025")
    released_words: str = ""  # the release time in words, in the reader's zone with its abbreviation

    @property
    def is_released(self) -> bool:
        return self.status == SummaryStatus.RELEASED


def export_meta(version: SummaryVersion) -> ExportMeta:
    session = version.session
    try:
        zone = ZoneInfo(session.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    # The day the session was held (planned, if it never went live), where it was held.
    when = (session.started_at or session.starts_at).astimezone(zone)
    return ExportMeta(
        dialogue=version.cover_title or session.dialogue.title,
        session=session.title,
        date=when.date().isoformat(),
        version=version.number,
        status=version.status,
        released_at=version.released_at.isoformat() if version.released_at else None,
        content_hash=f"sha256:{version.content_hash or content_hash(version.body or '')}",
        date_words=f"{when.day} {when:%B %Y}",
        # A moment, in the reader's zone with its abbreviation (the date above is a day, where it was held).
        released_words=moment_in_words(version.released_at) if version.released_at else "",
    )


def body_html(body: str) -> SafeString:
    """The body as sanitised HTML (Markdown rendered, then cleaned by nh3: no scripts, no styles,
    no images, no links: their text stays)."""
    html = markdown.markdown(body or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(html, tags=_TAGS, attributes={}, link_rel=None)
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above


def line_html(line: str) -> SafeString:
    """One line of a body as sanitised inline HTML (a heading or list marker shown as plain text), for
    the read-back page, where participants flag lines one by one."""
    text = line.lstrip("#").strip()
    if text.startswith(("- ", "* ", "+ ")):
        text = text[2:]
    html = markdown.markdown(text, output_format="html")
    cleaned = nh3.clean(html, tags={"strong", "em", "code"}, attributes={}, link_rel=None)
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above


def export_markdown(version: SummaryVersion) -> str:
    """Front matter with the metadata (JSON-quoted values, valid YAML), a title, then the body."""
    meta = export_meta(version)
    front = [
        "---",
        f"dialogue: {json.dumps(meta.dialogue, ensure_ascii=False)}",
        f"session: {json.dumps(meta.session, ensure_ascii=False)}",
        f"date: {meta.date}",
        f"version: {meta.version}",
        f"status: {meta.status}",
        *([f"released_at: {meta.released_at}"] if meta.released_at else []),
        f"content_hash: {meta.content_hash}",
        "---",
        "",
        f"# {meta.dialogue}: {meta.session}",
        "",
    ]
    if not meta.is_released:
        front += ["**Draft: not released.**", ""]
    return "\n".join(front) + (version.body or "")


def export_data(version: SummaryVersion) -> dict[str, Any]:
    """The JSON document as a dict (schema: docs/summary.schema.json)."""
    meta = export_meta(version)
    doc = parse_markdown(version.body or "")
    return {
        "$schema": SCHEMA_ID,
        "dialogue": {"title": meta.dialogue},
        "session": {"title": meta.session, "date": meta.date},
        "version": {
            "number": meta.version,
            "status": meta.status,
            "released_at": meta.released_at,
        },
        "content_hash": meta.content_hash,
        "preamble": doc.preamble,
        "sections": [
            {
                "title": section.title,
                "text": section.text,
                "items": section.items,
                "parts": [asdict(part) for part in section.parts],
            }
            for section in doc.sections
        ],
        "part_keys": list(PART_HEADINGS),
        "body_markdown": version.body or "",
    }


def export_json(version: SummaryVersion) -> str:
    return json.dumps(export_data(version), ensure_ascii=False, indent=2) + "\n"


def export_html(version: SummaryVersion) -> str:
    """A standalone reading page: styles inline (screen and print), no scripts, nothing fetched."""
    return render_to_string(
        "summaries/export.html", {"meta": export_meta(version), "body": body_html(version.body)}
    )


def export_pdf(version: SummaryVersion) -> bytes:
    from .pdf import render_pdf

    meta = export_meta(version)
    return render_pdf(meta, version.body or "")


def export_filename(version: SummaryVersion, extension: str) -> str:
    return f"summary-session-{version.session_id}-v{version.number}.{extension}"
