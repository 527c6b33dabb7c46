"""Print what auth_user and django-axes store for a login name (a keyed hash), e.g. to unlock it:
`manage.py axes_reset_username "$(manage.py login_hash NAME)"`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from participants.accounts import stored_username


class Command(BaseCommand):
    help = "Print the stored (keyed-hash) form of a login name, as auth_user and the lockout record it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("login_name", help="The name (or email) a person signs in with.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(stored_username(options["login_name"]))
