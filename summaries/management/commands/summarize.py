"""`manage.py summarize --notes NOTES.txt --roster ROSTER.json [--k 5] [--format markdown|json]`:
the draft summary of a rapporteur's notes, with the same pipeline and rules as the app.

The notes format is in docs/summaries.md (and `summaries.notes`); the roster is the one `redact`
reads. Speakers not on the roster count as participants and are listed on stderr (and in the JSON).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redaction import Roster, RosterError, build_redactor, roster_from_json


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {what} {path}: {exc.strerror or exc}") from None


def _roster(path: Path) -> Roster:
    try:
        return roster_from_json(json.loads(_read(path, "roster file").decode("utf-8-sig")))
    except UnicodeDecodeError:
        raise CommandError(f"roster file {path} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CommandError(f"roster file {path} is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except RosterError as exc:
        raise CommandError(f"roster file {path}: {exc}") from None


class Command(BaseCommand):
    help = "Print the draft summary of a rapporteur's notes (Markdown or JSON)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--notes", required=True, help="Path to the notes (UTF-8 text).")
        parser.add_argument("--roster", required=True, help="Path to the roster JSON file (as for redact).")
        parser.add_argument("--k", type=int, default=None, help="Cell size (default PARLEY_K_ANONYMITY).")
        parser.add_argument("--format", choices=("markdown", "json"), default="markdown")

    def handle(self, *args: Any, **options: Any) -> None:
        from summaries.flags import KIND_LABELS
        from summaries.notes import NotesError, decode_notes, notes_sources, parse_notes, roster_resolver
        from summaries.pipeline import compile_body

        k = options["k"] if options["k"] is not None else settings.PARLEY_K_ANONYMITY
        if k < 1:
            raise CommandError("--k must be at least 1")
        roster = _roster(Path(options["roster"]))
        notes_path = Path(options["notes"])
        try:
            parsed = parse_notes(decode_notes(_read(notes_path, "notes file")))
        except NotesError as exc:
            raise CommandError(f"notes file {notes_path}: {exc}") from None
        sources = notes_sources(parsed, roster_resolver(roster))
        sources.parties = roster.all_parties()
        compiled = compile_body(sources, build_redactor(roster, k=k), k=k)
        if options["format"] == "json":
            document = {
                "body_markdown": compiled.body,
                "unknown_speakers": list(sources.unknown_speakers),
                "flags": [
                    {key: flag[key] for key in ("kind", "reason", "sentence", "section", "in_draft")}
                    for flag in compiled.flags
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(compiled.body, ending="")
        for name in sources.unknown_speakers:
            self.stderr.write(f"UNKNOWN SPEAKER (counted as a participant): {name}")
        for flag in compiled.flags:
            label = KIND_LABELS.get(flag["kind"], flag["kind"])
            self.stderr.write(f"FLAG {label}: {flag['reason']}\n    {flag['sentence']}")
