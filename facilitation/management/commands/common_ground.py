"""`manage.py common_ground --votes VOTES.csv [--parties PARTIES.csv] [--k-min N] [--public]`"""

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
    read_votes_csv,
)


class Command(BaseCommand):
    help = (
        "Run the common-ground analysis on a CSV of participant,statement,vote rows and print its JSON "
        "(groups, consensus, bridging, representative). The default output names participants: it is "
        "for facilitators. --public prints the k-anonymous view instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--votes", required=True, help="CSV of participant,statement,vote (1, -1, 0).")
        parser.add_argument("--parties", help="CSV of participant,party.")
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
            votes = read_votes_csv(options["votes"])
            parties = read_parties_csv(options["parties"]) if options["parties"] else None
        except InputFileError as exc:
            raise CommandError(str(exc)) from exc
        if not votes:
            raise CommandError(f"{options['votes']}: no votes in the file")
        try:
            analysis = analyze(votes, parties, k_min=k_min)
        except AnalysisError as exc:
            raise CommandError(str(exc)) from exc
        result = public_view(analysis) if options["public"] else analysis.to_json()
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
