"""`manage.py redact --roster ROSTER.json < in.txt > out.txt`: redact text against a roster.

The redacted text goes to stdout; flags for the facilitator go to stderr, as readable lines or,
with --flags, as one JSON document.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from redaction import RosterError, build_redactor, roster_from_json


class Command(BaseCommand):
    help = "Redact stdin against a roster file; write the text to stdout and flags to stderr."
    stealth_options = ("stdin",)
    # A filter over stdin: Django's system checks would import every URL conf and view (about a
    # second of start-up) for a command that touches neither the database nor the web stack.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--roster", required=True, help="Path to the roster JSON file.")
        parser.add_argument("--flags", action="store_true", help="Write the flags to stderr as JSON.")
        parser.add_argument("--k", type=int, default=None, help="Cell size (default PARLEY_K_ANONYMITY).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["roster"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            roster = roster_from_json(data)
        except OSError as exc:
            raise CommandError(f"cannot read roster file {path}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"roster file {path} is not valid JSON: {exc.msg} (line {exc.lineno})"
            ) from None
        except RosterError as exc:
            raise CommandError(f"roster file {path}: {exc}") from None
        if options["k"] is not None and options["k"] < 1:
            raise CommandError("--k must be at least 1")
        stdin = options.get("stdin") or sys.stdin
        try:
            text = stdin.read()
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"the input is not UTF-8 text (byte {exc.start}: {exc.reason}); convert it first, e.g. "
                "with iconv -t UTF-8"
            ) from None
        result = build_redactor(roster, k=options["k"]).redact(text)
        self.stdout.write(result.text, ending="")
        if options["flags"]:
            flags = [
                {"kind": f.kind, "reason": f.reason, "sentence": f.sentence, "start": f.start, "end": f.end}
                for f in result.flags
            ]
            self.stderr.write(json.dumps({"flags": flags}, ensure_ascii=False, indent=2))
        else:
            for flag in result.flags:
                self.stderr.write(f"FLAG {flag.kind}: {flag.reason}\n    {flag.sentence}")
