"""Exports of a text and its whole history: JSON, Markdown, a standalone HTML page and PDF (fpdf2 with
the DejaVu fonts matplotlib ships, as the summaries' PDF). No export holds a rating, a ballot or a
criticism: only versions, the brackets each resolved, the rounds' dates and the package votes' results."""

from __future__ import annotations

import json
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify

from core.times import moment_in_words

from .models import SingleText, TextRelease
from .selectors import history, release_clauses

FORMATS = {
    "json": ("application/json", "JSON"),
    "md": ("text/markdown; charset=utf-8", "Markdown"),
    "html": ("text/html; charset=utf-8", "HTML"),
    "pdf": ("application/pdf", "PDF"),
}


def export_data(text: SingleText) -> dict[str, Any]:
    versions = []
    for view in history(text):
        versions.append(
            {
                "number": view.version.number,
                "created_at": view.version.created_at.isoformat(),
                "note": view.version.note,
                "clauses": [{"number": n, "text": c} for n, c in enumerate(view.clauses, start=1)],
                "open_brackets": view.open_brackets,
                "resolved_brackets": [r.as_dict() for r in view.resolved],
            }
        )
    rounds = [
        {
            "number": r.number,
            "version": r.version.number,
            "opened_at": r.opened_at.isoformat(),
            "deadline": r.deadline.isoformat(),
            "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        }
        for r in text.rounds.select_related("version").order_by("number")
    ]
    votes = [
        {
            "version": v.version.number,
            "opened_at": v.opened_at.isoformat(),
            "closed_at": v.closed_at.isoformat() if v.closed_at else None,
            "result": v.result,
            "accepted": v.accepted,
            "rejected": v.rejected,
        }
        for v in text.package_votes.select_related("version").order_by("opened_at", "id")
    ]
    return {
        "title": text.title,
        "status": text.status,
        "status_label": text.get_status_display(),
        "versions": versions,
        "rounds": rounds,
        "package_votes": votes,
    }


def export_json(text: SingleText) -> str:
    return json.dumps(export_data(text), indent=2, ensure_ascii=False)


def export_markdown(text: SingleText) -> str:
    data = export_data(text)
    lines = [f"# {data['title']}", "", f"Status: {data['status_label']}", ""]
    for version in reversed(data["versions"]):
        lines += [f"## Version {version['number']}", ""]
        if version["note"]:
            lines += [f"> {version['note']}", ""]
        lines += [f"{c['number']}. {c['text']}" for c in version["clauses"]]
        lines.append("")
        for r in version["resolved_brackets"]:
            chosen = f"kept “{r['chosen']}”" if r["chosen"] else "reworded"
            lines.append(f"- Resolved in clause {r['clause']}: {r['bracket']} ({chosen})")
        if version["resolved_brackets"]:
            lines.append("")
    for vote in data["package_votes"]:
        lines.append(f"Package vote on version {vote['version']}: {vote['result'].replace('_', ' ')}")
    return "\n".join(lines).rstrip() + "\n"


def export_html(text: SingleText) -> str:
    return render_to_string("singletext/export.html", {"data": export_data(text)})


def export_pdf(text: SingleText) -> bytes:
    return markdown_pdf(export_markdown(text))


def markdown_pdf(markdown: str) -> bytes:
    """Our own simple Markdown (headings, quotes, list lines) as an A4 PDF."""
    from fpdf import FPDF

    from .pdf_fonts import add_fonts, printable

    pdf = FPDF(format="A4")
    family = add_fonts(pdf)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for line in markdown.splitlines():
        if line.startswith("# "):
            pdf.set_font(family, "B", 16)
            line = line[2:]
        elif line.startswith("## "):
            pdf.set_font(family, "B", 13)
            line = line[3:]
        else:
            pdf.set_font(family, "", 11)
        pdf.multi_cell(0, 6, printable(line) or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def export_filename(text: SingleText, fmt: str) -> str:
    return f"single-text-{text.pk}-{slugify(text.title)[:40] or 'text'}.{fmt}"


def render(text: SingleText, fmt: str) -> str | bytes:
    if fmt == "pdf":
        return export_pdf(text)
    if fmt == "html":
        return export_html(text)
    if fmt == "md":
        return export_markdown(text)
    return export_json(text)


# --- a released text: what the liaisons received ---------------------------------------------------------


def release_data(release: TextRelease) -> dict[str, Any]:
    return {
        "title": release.text.title,
        "version": release.version.number,
        "agreed_ad_referendum": release.agreed,
        "released_at": release.released_at.isoformat(),
        "released_words": moment_in_words(release.released_at),
        "clauses": release_clauses(release),
    }


def release_markdown(release: TextRelease) -> str:
    data = release_data(release)
    status = "Agreed ad referendum" if data["agreed_ad_referendum"] else "Latest version, not agreed"
    lines = [
        f"# {data['title']}",
        "",
        f"{status}. Version {data['version']}, released {data['released_words']}.",
        "",
    ]
    for clause in data["clauses"]:
        lines.append(f"{clause['number']}. {clause['text']}")
        counts = clause["counts"]
        profile = (
            f"acceptable {counts['acceptable']}, can live with {counts['live_with']}, "
            f"cannot accept {counts['cannot']}"
            if counts
            else "not shown (too few raters)"
        )
        lines += [f"   - Acceptance: {profile}", ""]
    return "\n".join(lines).rstrip() + "\n"


def render_release(release: TextRelease, fmt: str) -> str | bytes:
    if fmt == "pdf":
        return markdown_pdf(release_markdown(release))
    if fmt == "html":
        return render_to_string("singletext/export_release.html", {"data": release_data(release)})
    if fmt == "md":
        return release_markdown(release)
    return json.dumps(release_data(release), indent=2, ensure_ascii=False)
