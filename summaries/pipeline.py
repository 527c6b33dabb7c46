"""The compile: sources in, an anonymized Markdown body and the facilitator's review flags out.

Order matters for confidentiality: every text (agenda titles, messages, captured items, statements) is
redacted and scrubbed of room pseudonyms before anything else reads it, so the summary engine, the
theme labels and the body only ever see redacted text. People are then described by counts only
("a participant", "several participants from different parties").
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from dialogues.languages import name_of
from digest import attribution_phrase, digest
from digest.substance import is_substantive
from facilitation.models import CaptureKind
from redaction import Redactor

from .actions import action_line
from .aggregate import CommonGround, common_ground, participation_lines
from .document import Document, Part, Section, inline, render_markdown
from .flags import FlagCollector
from .scrub import scrub_pseudonyms
from .sources import GENERAL, Sources
from .staff import name_roles

Progress = Callable[[int, str], None]

GENERAL_TITLE = "General"
NOTHING_SAID = "Nothing was said on the record in this session."
_CAPTURE_PARTS = {
    CaptureKind.KEY_POINT: "main_points",
    CaptureKind.PROPOSAL: "proposals",
    CaptureKind.AGREEMENT: "agreements",
    CaptureKind.DISAGREEMENT: "disagreements",
    CaptureKind.ACTION: "action_items",
    CaptureKind.QUESTION: "open_questions",
}
_RESOLVED = {CaptureKind.ACTION: "done", CaptureKind.QUESTION: "answered"}
# Share of the progress bar each stage takes, in order.
REDACT_FROM, REDACT_TO = 5, 60
SUMMARISE_TO = 90


@dataclass
class Compiled:
    body: str
    flags: list[dict[str, Any]]  # plain (not yet sealed) review flags, see `flags.FlagCollector`
    timings: dict[str, float] = field(default_factory=dict)
    # For the facilitator only: each main point with the ids of the messages it came from.
    provenance: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Item:
    title: str
    # Substantive contributions of participants only: what main points and themes are chosen from.
    texts: list[str] = field(default_factory=list)
    authors: list[int] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)
    # Per text: the language an interpreter rendered it from ("" unknown), or None when said as it reads.
    rendered_from: list[str | None] = field(default_factory=list)
    captures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    statements: list[tuple[int, str]] = field(default_factory=list)


def _noop(percent: int, note: str) -> None:
    return None


def compile_body(
    sources: Sources, redactor: Redactor, *, k: int, progress: Progress = _noop, max_points: int = 5
) -> Compiled:
    """Compile one session's summary body. `progress(percent, note)` is called as stages advance."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    flags = FlagCollector(redactor, sources.pseudonyms)
    items = _redact_all(sources, redactor, flags, progress)
    timings["redact"] = time.perf_counter() - started

    progress(REDACT_TO, "Summarising the discussion")
    started = time.perf_counter()
    ground = common_ground(sources.votes, [s.id for s in sources.statements], k)
    sections = [
        Section(
            title="Participation",
            items=[
                inline(line)
                for line in participation_lines(
                    messages=sources.messages,
                    participant_ids=sources.participant_ids,
                    party_of=sources.party_of,
                    parties=sources.parties,
                    votes=sources.votes,
                    k=k,
                )
            ],
        )
    ]
    keys = list(items)
    provenance: list[dict[str, Any]] = []
    for done, key in enumerate(keys, start=1):
        section = _section(items[key], sources, ground, max_points, k, provenance)
        if section.parts:
            sections.append(section)
        progress(
            REDACT_TO + (SUMMARISE_TO - REDACT_TO) * done // len(keys),
            f"Summarising: {done} of {len(keys)} sections done",
        )
    if len(sections) == 1:
        sections.append(Section(title="Discussion", text=NOTHING_SAID))
    timings["summarise"] = time.perf_counter() - started

    body = render_markdown(Document(sections=sections))
    started = time.perf_counter()
    progress(95, "Preparing the facilitator's review list")
    review = flags.finish(body)
    # Rapporteur notes: a speaker not on the roster was counted as a participant; the facilitator checks.
    review[:0] = [
        {
            "kind": "unknown_speaker",
            "reason": "This speaker in the notes is not on the roster; they were counted as a participant.",
            "sentence": name,
            "source": "rapporteur notes",
            "section": "",
            "in_draft": False,
        }
        for name in sources.unknown_speakers
    ]
    timings["flags"] = time.perf_counter() - started
    return Compiled(body=body, flags=review, timings=timings, provenance=provenance)


def _redact_all(
    sources: Sources, redactor: Redactor, flags: FlagCollector, progress: Progress
) -> dict[Any, _Item]:
    labels = sources.pseudonyms
    # Chat repeats itself ("agreed", "+1", pasted lines): redact each distinct text once.
    cleaned: dict[str, str] = {}

    def clean(text: str, source: str, where: str) -> str:
        if text not in cleaned:
            result = redactor.redact(text)
            flags.add(result.flags, source=source, section=where)
            named = name_roles(text, result, sources.staff, sources.participant_names)
            cleaned[text] = scrub_pseudonyms(named, labels)
        return cleaned[text]

    items: dict[Any, _Item] = {}
    for entry in sources.agenda:
        items[entry.id] = _Item(title=clean(entry.title, "agenda item title", "agenda") or "Untitled item")
    items[GENERAL] = _Item(title=GENERAL_TITLE)
    total = len(sources.messages) + len(sources.captures) + len(sources.statements)
    step = max(1, total // 25)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            percent = REDACT_FROM + (REDACT_TO - REDACT_FROM) * done // max(total, 1)
            progress(percent, f"Removing names and identifiers ({done} of {total})")

    progress(REDACT_FROM, f"Removing names and identifiers (0 of {total})")
    for message in sources.messages:
        item = items[message.item_id]
        # Only participants' substantive contributions can become main points: greetings, procedure,
        # tests and one-liners never do, and the facilitator's words are captured as outcomes instead.
        if message.author_id in sources.participant_ids and is_substantive(message.text):
            item.texts.append(clean(message.text, "message", item.title))
            item.authors.append(message.author_id)
            item.message_ids.append(message.id)
            item.rendered_from.append(message.rendered_from)
        tick()
    for capture in sources.captures:
        item = items[capture.item_id]
        if capture.kind == CaptureKind.ACTION:
            text = action_line(
                capture.text,
                clean=partial(clean, source="captured item", where=item.title),
                done=capture.resolved,
            )
        else:
            text = inline(clean(capture.text, "captured item", item.title))
            if capture.resolved and capture.kind in _RESOLVED:
                text += f" *({_RESOLVED[CaptureKind(capture.kind)]})*"
        item.captures[_CAPTURE_PARTS[CaptureKind(capture.kind)]].append(text)
        tick()
    for statement in sources.statements:
        item = items[statement.item_id]
        item.statements.append((statement.id, clean(statement.text, "statement", item.title)))
        tick()
    return items


def _people(indices: Sequence[int], item: _Item, sources: Sources, k: int) -> str:
    authors = {item.authors[i] for i in indices}
    parties = {sources.party_of.get(a, "") for a in authors} - {""}
    return attribution_phrase(len(authors), len(parties), k=k)


def _section(
    item: _Item,
    sources: Sources,
    ground: CommonGround,
    max_points: int,
    k: int,
    provenance: list[dict[str, Any]],
) -> Section:
    section = Section(title=item.title)
    found = digest(item.texts, max_points=max_points) if item.texts else None
    points = []
    for p in found.main_points if found else ():
        origin = _interpreted(p.message_indices, item)
        points.append(
            f"{inline(p.text)} *(raised by {_people(p.message_indices, item, sources, k)}{origin})*"
        )
        ids = sorted({item.message_ids[i] for i in p.message_indices} - {0})
        provenance.append(
            {"section": item.title, "point": p.text, "message_ids": ids, "rendering": bool(origin)}
        )
    # Captured outcomes come first: they are what the session decided, main points what it discussed.
    for key, heading in (
        ("proposals", "Proposals"),
        ("agreements", "Points of agreement"),
        ("disagreements", "Points of disagreement"),
        ("action_items", "Action items"),
        ("open_questions", "Open questions"),
    ):
        if item.captures.get(key):
            section.parts.append(Part(key, heading, list(item.captures[key])))
    if item.statements:
        section.parts.append(_common_ground_part(item, ground))
    points += item.captures.get("main_points", [])
    if points:
        section.parts.append(Part("main_points", "Main points", points))
    if found and found.themes:
        themes = []
        for theme in found.themes:
            line = (
                f"**{inline(theme.label)}** "
                f"*(discussed by {_people(theme.message_indices, item, sources, k)})*"
            )
            if theme.sentences:
                line += f": {inline(theme.sentences[0])}"
            themes.append(line)
        section.parts.append(Part("themes", "Themes", themes))
    return section


def _interpreted(indices: Sequence[int], item: _Item) -> str:
    """The note '; interpreted from Arabic' when a point's text is an interpreter's rendering, else ''."""
    sources = {item.rendered_from[i] for i in indices if i < len(item.rendered_from)} - {None}
    if not sources:
        return ""
    named = sorted(name_of(code) for code in sources if code)
    return f"; interpreted from {', '.join(named)}" if named else "; from an interpreter's rendering"


def _common_ground_part(item: _Item, ground: CommonGround) -> Part:
    text_of = dict(item.statements)
    lines = [
        f"{inline(text_of[s.statement_id])} *({s.phrase()})*"
        for s in ground.supported
        if s.statement_id in text_of
    ]
    part = Part("common_ground", "Common ground", lines)
    if lines:
        return part
    if any(statement_id in ground.reportable for statement_id, _ in item.statements):
        part.text = "No statement put to a vote here found common ground."
    else:
        part.text = "Too few people voted here to report support under the k rule."
    return part
