"""Create the demo dialogue (idempotent) and print how to log in."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participants.demo import demo_totp_secret, seed_demo, seed_load


class Command(BaseCommand):
    help = "Create (or complete) the demo dialogue and print its logins. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even outside the development settings.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object for tools.")
        parser.add_argument(
            "--participants",
            type=int,
            default=0,
            metavar="N",
            help="Also create a load-test room holding N consented participants.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "PARLEY_DEMO", False) and not options["force"]:
            raise CommandError(
                "These are not the development settings: this looks like a real deployment, and the demo "
                "accounts have published passwords. Use --force if you really want them here."
            )
        if options["participants"] < 0 or options["participants"] > 100_000:
            raise CommandError("--participants must be between 0 and 100000.")
        result = seed_demo()
        if options["participants"]:
            seed_load(options["participants"], result)
        if options["json"]:
            self.stdout.write(json.dumps({"users": result.users, "rooms": result.rooms}))
            return
        self.stdout.write(self.style.SUCCESS("Demo dialogue ready. Log in at /accounts/login/ with:"))
        width = max(len(u["username"]) for u in result.users if not u.get("load"))
        for u in result.users:
            if not u.get("load"):
                self.stdout.write(
                    f"  {u['username']:<{width}}  {u['password']}   {u['role']:<12} {u['display_name']}"
                )
        self.stdout.write(
            "Two-factor sign-in: facilitator and liaison also need a code. Add this key to an authenticator "
            f"app (time-based, 6 digits): {demo_totp_secret()}\n"
            "  or print the current code with: python manage.py demo_totp_code facilitator"
        )
        load = [u for u in result.users if u.get("load")]
        if load:
            self.stdout.write(
                f"  plus {len(load)} load-test participants load00001… (password {load[0]['password']})"
            )
