"""`manage.py openapi_schema [--output docs/openapi.json] [--check]`: the API's OpenAPI document.

Writes exactly what `/api/v1/openapi.json` serves (pretty-printed, keys in the API's own order), to
stdout or to a file. `--check` writes nothing and fails when the file differs: a test does the same, so
an API change without a regenerated `docs/openapi.json` (`make openapi`) fails CI.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


def openapi_document() -> str:
    from config.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print or write the HTTP API's OpenAPI document (what /api/v1/openapi.json serves)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", help="Write to this file instead of stdout.")
        parser.add_argument("--check", action="store_true", help="Fail if --output differs; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        document = openapi_document()
        output = options.get("output")
        if not output:
            if options["check"]:
                raise CommandError("--check needs --output, the file to compare with.")
            self.stdout.write(document, ending="")
            return
        path = Path(output)
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != document:
                raise CommandError(f"{path} is out of date; regenerate it with `make openapi`.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(document, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
