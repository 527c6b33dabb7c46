"""People: profiles (what redaction needs to know), invitations, Chatham House consent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.crypto import EncryptedJSONField, EncryptedTextField, dialogue_scope, lookup_hash
from core.scopes import Scope
from dialogues.choices import Role


class Sector(models.TextChoices):
    ACADEMIC = "academic", gettext_lazy("Academic")
    NGO = "ngo", gettext_lazy("NGO / civil society")
    FORMER_OFFICIAL = "former_official", gettext_lazy("Former official")
    BUSINESS = "business", gettext_lazy("Business")
    MEDIA = "media", gettext_lazy("Media")
    OTHER = "other", gettext_lazy("Other")


class Profile(models.Model):
    """Identity of a person. Every field here is something a summary must never reveal, so every one is
    stored encrypted under the field key ring (core.crypto): a dump of the table shows no name."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = EncryptedTextField(max_length=150)
    title = EncryptedTextField(
        max_length=60, blank=True, help_text=gettext_lazy("Honorific or rank, e.g. Dr., Ambassador.")
    )
    sector = EncryptedTextField(max_length=20, choices=Sector.choices, default=Sector.OTHER)
    organisation = EncryptedTextField(max_length=200, blank=True)
    organisation_aliases = EncryptedJSONField(
        default=list, blank=True, help_text=gettext_lazy("Acronyms, short names.")
    )
    country = EncryptedTextField(max_length=120, blank=True, help_text=gettext_lazy("Country or community."))
    aliases = EncryptedJSONField(
        default=list, blank=True, help_text=gettext_lazy("Nicknames, transliterations.")
    )
    roles = EncryptedJSONField(
        default=list, blank=True, help_text=gettext_lazy("Positions held, e.g. former deputy minister.")
    )
    phones = EncryptedJSONField(default=list, blank=True)
    handles = EncryptedJSONField(default=list, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    # Interface language (a code from settings.LANGUAGES); empty: the browser's (participants/language.py).
    language = models.CharField(max_length=10, blank=True, default="")

    def __str__(self) -> str:
        return self.display_name


class Account(models.Model):
    """The sign-in identity of an account, sealed: `auth_user` keeps only a keyed hash of the login name
    (its `username`) and blank email and names (participants/accounts.py moves them here on save).

    The values are encrypted under the key ring; `email_hash` (core.crypto.lookup_hash) finds an account
    by its address (password reset, invitations, duplicate guard) without storing the address in clear.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="account"
    )
    login_name = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    full_name = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return f"account {self.pk}"


class Invitation(models.Model):
    """An emailed, single-use invitation. Only the SHA-256 of the token is stored; who is invited is
    sealed under the dialogue's data key (destroyed when the dialogue is purged), found by `email_hash`."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="invitations")
    email = EncryptedTextField()
    email_hash = models.CharField(max_length=64, db_index=True, default="")
    role = models.CharField(max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        "dialogues.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    display_name = EncryptedTextField(max_length=150, blank=True)
    # What the facilitator knows of the invitee (bulk invitations): prefilled at sign-up, where the
    # invitee confirms or corrects it; the roster that redaction uses is built from the result.
    organisation = EncryptedTextField(max_length=200, blank=True)
    sector = EncryptedTextField(max_length=20, choices=Sector.choices, blank=True)
    position = EncryptedTextField(
        max_length=200, blank=True, help_text=gettext_lazy("Role or position held.")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_both_accepted_and_revoked",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_accepted_has_user",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} → {self.dialogue_id} ({self.role})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email_hash = lookup_hash("email", self.email)
        fields = kwargs.get("update_fields")
        if fields is not None and "email" in fields:
            kwargs["update_fields"] = {*fields, "email_hash"}
        super().save(*args, **kwargs)

    def encryption_scope(self) -> str:
        return dialogue_scope(self.dialogue_id)

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.accepted_at:
            return "accepted"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class ApiToken(models.Model):
    """A personal API token (issue 6). Only its SHA-256 is stored; the secret is shown once."""

    Scope = Scope

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    # Typed by its owner (it may say what the token is for): under the key ring, as the rest of an account.
    name = EncryptedTextField(max_length=100)
    prefix = models.CharField(
        max_length=12, help_text=gettext_lazy("First characters of the token, to tell tokens apart.")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginSession(models.Model):
    """One signed-in browser session, for the person's own list of sessions ("sign out everywhere").

    Keyed by the Django session key (the session itself lives in the database, shared by every server
    process). Only what the list shows is kept: no IP address, because where a participant connects
    from is itself sensitive.
    """

    session_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"session of {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"


class Throttle(models.Model):
    """A counter of attempts in a fixed window, shared by every server process (password-reset
    requests, wrong API tokens). `key` is an HMAC of the scope and the address, email or token prefix,
    so the table holds no addresses or emails in clear."""

    key = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=32)
    count = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now, db_index=True)
    window_ends_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.scope}: {self.count} until {self.window_ends_at:%Y-%m-%d %H:%M}"


# Two-factor devices live in their own module (their secrets are sealed; see its docstring); imported here
# so Django registers them with this app.
from .authenticators import Authenticator as Authenticator  # noqa: E402
from .authenticators import RecoveryCode as RecoveryCode  # noqa: E402
from .authenticators import RecoveryDevice as RecoveryDevice  # noqa: E402
