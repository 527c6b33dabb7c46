from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.decorators import login_required

        from . import accounts, sessions, signals

        accounts.connect()  # auth_user keeps hashes; names and addresses are sealed in Account
        sessions.connect()
        signals.connect()  # a new display name reaches the rooms (participants/signals.py)
        # The admin signs in through our login page too (password, then the second factor, with the
        # lockout), never through its own form, which would skip both.
        admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
