"""The summary as a document: typed sections, their Markdown, and the Markdown read back.

The facilitator reads and edits Markdown, so Markdown is the source of truth of a version. Exports need
structure (JSON), so `parse_markdown` reads it back: `## ` starts a section, `### ` a part, `- ` an item,
anything else is running text. It never fails: an edited body that drops the conventions comes back as
sections holding text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# Part keys in the order they appear, with the heading the Markdown uses for each.
PART_HEADINGS: dict[str, str] = {
    "proposals": "Proposals",
    "agreements": "Points of agreement",
    "disagreements": "Points of disagreement",
    "action_items": "Action items",
    "open_questions": "Open questions",
    "common_ground": "Common ground",
    "main_points": "Main points",
    "themes": "Themes",
}
_KEY_FOR_HEADING = {heading.casefold(): key for key, heading in PART_HEADINGS.items()}
OTHER_PART = "other"

PREAMBLE = (
    "*Compiled under the Chatham House Rule: it reports what was said, never who said it. Points are "
    "quoted from the discussion with names, affiliations and contact details removed.*"
)


@dataclass
class Part:
    key: str  # one of PART_HEADINGS, or "other" for a heading the facilitator wrote
    heading: str
    items: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Section:
    title: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


@dataclass
class Document:
    preamble: str = PREAMBLE
    sections: list[Section] = field(default_factory=list)


def content_hash(body: str) -> str:
    """SHA-256 (hex) of a body as stored: UTF-8, LF line endings, no trailing white space at the end."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


def normalise_body(body: str) -> str:
    """What is stored: LF line endings, trailing spaces stripped per line, one final newline."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


# A line of quoted discussion must stay one list item: these would make it a heading, a quote, a
# nested list, a rule or raw HTML when it starts the line, or a link or emphasis anywhere.
_LEADING_MARKUP = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|\d{1,9}[.)](?=\s|$)|={3,}|-{3,}|_{3,})")
_INLINE_MARKUP = re.compile(r"([\\`*_]|!?\[(?![a-z-]+\]))")
# A placeholder before "(", "[" or ":" would make a link or a link reference: its bracket is escaped.
_PLACEHOLDER_LINK = re.compile(r"\[(?=[a-z-]+\]\s*[(\[:])")


def inline(text: str) -> str:
    """One line of Markdown showing `text` literally (white space collapsed, markup escaped).

    Redaction placeholders such as "[participant]" are left as they are: without a link target they
    read as plain text; when something follows that could give them one ("(", "[" or ":"), their opening
    bracket is escaped.
    """
    flat = " ".join(text.split())
    flat = _INLINE_MARKUP.sub(r"\\\1", flat)
    flat = _PLACEHOLDER_LINK.sub(r"\\[", flat)
    # "<" as an entity: Markdown has no escape for it, and a backslash before it would be shown.
    flat = flat.replace("<", "&lt;")
    return _LEADING_MARKUP.sub(lambda m: "\\" + m.group(), flat)


def render_markdown(doc: Document) -> str:
    """The body Markdown of a document (see the module docstring for the conventions)."""
    out: list[str] = []
    if doc.preamble:
        out += [doc.preamble, ""]
    for section in doc.sections:
        out += [f"## {section.title}", ""]
        if section.text:
            out += [section.text, ""]
        if section.items:
            out += [f"- {item}" for item in section.items] + [""]
        for part in section.parts:
            out += [f"### {part.heading}", ""]
            if part.text:
                out += [part.text, ""]
            if part.items:
                out += [f"- {item}" for item in part.items] + [""]
    return normalise_body("\n".join(out))


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-+*]|\d{1,9}[.)])\s+(.*)$")


def parse_markdown(body: str) -> Document:
    """Read a body back into sections, parts and items. Lenient by design: it never raises.

    Text before the first `## ` heading is the preamble; a `# ` heading is treated like `## `; a part
    heading whose text is not one of PART_HEADINGS gets the key "other"; lines indented under an item
    continue it.
    """
    doc = Document(preamble="", sections=[])
    preamble: list[str] = []
    section: Section | None = None
    part: Part | None = None
    paragraph: list[str] = []
    last_items: list[str] | None = None

    def flush_paragraph() -> None:
        if not paragraph:
            return
        text = " ".join(line.strip() for line in paragraph).strip()
        paragraph.clear()
        if not text:
            return
        if part is not None:
            part.text = f"{part.text}\n\n{text}".strip()
        elif section is not None:
            section.text = f"{section.text}\n\n{text}".strip()
        else:
            preamble.append(text)

    for raw in normalise_body(body).split("\n"):
        heading = _HEADING.match(raw)
        if heading:
            flush_paragraph()
            last_items = None
            level, title = len(heading.group(1)), heading.group(2)
            if level <= 2 or section is None:
                section = Section(title=title)
                doc.sections.append(section)
                part = None
            else:
                key = _KEY_FOR_HEADING.get(title.casefold(), OTHER_PART)
                part = Part(key=key, heading=title)
                section.parts.append(part)
            continue
        item = _ITEM.match(raw)
        if item:
            flush_paragraph()
            target = part.items if part is not None else section.items if section is not None else None
            if target is None:
                preamble.append(raw.strip())
            else:
                target.append(item.group(1).strip())
                last_items = target
            continue
        if not raw.strip():
            flush_paragraph()
            last_items = None
            continue
        if last_items is not None and raw.startswith((" ", "\t")):
            last_items[-1] = f"{last_items[-1]} {raw.strip()}"
            continue
        last_items = None
        paragraph.append(raw)
    flush_paragraph()
    doc.preamble = "\n\n".join(preamble)
    return doc
