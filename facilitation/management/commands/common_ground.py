"""`manage.py common_ground --votes VOTES.csv [--parties PARTIES.csv] [--moderated IDS.csv]
[--polis-compatible] [--k-min N] [--public]`"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground import (
    AnalysisError,
    InputFileError,
    analyze,
    public_view,
    read_parties_csv,
    read_statement_ids,
    read_votes_table,
)


class Command(BaseCommand):
    help = (
        "Run the common-ground analysis on a CSV of participant,statement,vote rows and print its JSON: "
        "groups, consensus, party consensus, bridging, representative and divisive statements, who was "
        "left out and why, and how the number of groups was chosen. The default output names "
        "participants: it is for facilitators. --public prints the k-anonymous view instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--votes", required=True, help="CSV of participant,statement,vote (1, -1, 0).")
        parser.add_argument("--parties", help="CSV of participant,party.")
        parser.add_argument(
            "--moderated", help="File of moderated-out statement ids, one per line (header optional)."
        )
        parser.add_argument(
            "--polis-compatible",
            action="store_true",
            help="Handle moderated statements as Pol.is does: zero columns that count toward each "
            "participant's vote total (see docs/common-ground.md).",
        )
        parser.add_argument(
            "--k-min",
            type=int,
            default=None,
            help="Smallest bucket shown in the public view (default: settings.PARLEY_K_ANONYMITY).",
        )
        parser.add_argument(
            "--public", action="store_true", help="Print the public view (no participant ids) instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        k_min = options["k_min"] if options["k_min"] is not None else settings.PARLEY_K_ANONYMITY
        if k_min < 1:
            raise CommandError(f"--k-min must be at least 1, got {k_min}")
        try:
            votes = read_votes_table(options["votes"])
            parties = read_parties_csv(options["parties"]) if options["parties"] else None
            moderated = read_statement_ids(options["moderated"]) if options["moderated"] else []
        except InputFileError as exc:
            raise CommandError(str(exc)) from exc
        if not len(votes):
            raise CommandError(f"{options['votes']}: no votes in the file")
        try:
            analysis = analyze(
                votes, parties, k_min=k_min, moderated=moderated, polis_compatible=options["polis_compatible"]
            )
        except AnalysisError as exc:
            raise CommandError(str(exc)) from exc
        result = public_view(analysis) if options["public"] else analysis.report()
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
