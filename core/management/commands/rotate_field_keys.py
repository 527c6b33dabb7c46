"""Re-encrypt every encrypted field under the first key of PARLEY_FIELD_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.crypto import FieldDecryptionError, rotate_all


class Command(BaseCommand):
    help = "Re-encrypt stored fields under the newest key, so older keys can be retired."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = rotate_all()
        except FieldDecryptionError as exc:
            raise CommandError(
                f"{exc}. Keep every key that was ever used in PARLEY_FIELD_KEYS, newest first."
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} values under the newest key."))
