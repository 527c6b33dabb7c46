"""Print the current two-factor code of a demo account (so `make run` needs no phone)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from participants.accounts import stored_username
from participants.authenticators import Authenticator
from participants.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = (
        "Print the current 6-digit code of a demo account's demo authenticator (development settings only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="A demo account with the demo authenticator, e.g. facilitator.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "PARLEY_DEMO", False):
            raise CommandError("These are not the development settings: demo codes are for the demo only.")
        # The seed is encrypted (no lookup by it): the demo authenticator is the one holding the demo key.
        devices = Authenticator.objects.filter(
            user__username=stored_username(options["username"]), confirmed=True
        )
        device = next((d for d in devices if d.key == DEMO_TOTP_KEY), None)
        if device is None:
            raise CommandError(f"{options['username']!r} has no demo authenticator (run seed_demo first).")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
