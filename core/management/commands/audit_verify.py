"""`manage.py audit_verify`: walk the audit chain and report the first broken link (exit status 1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.audit import audit_verify


class Command(BaseCommand):
    help = "Check the hash chain of the audit log; report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(
                f"The audit chain is broken at entry {broken.seq}: {broken.why}. "
                f"Entries 1 to {broken.seq - 1} verify."
            )
        self.stdout.write(f"The audit chain verifies: {checked} entries, none changed, none missing.")
