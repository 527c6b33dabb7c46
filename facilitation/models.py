"""What a session produces: captured outcomes, statement votes, and the summaries compiled from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.crypto import (
    PERSON_TAG_LENGTH,
    EncryptedTextField,
    dialogue_scope,
    person_open,
    person_seal,
    person_tag,
)


class CaptureKind(models.TextChoices):
    KEY_POINT = "key_point", gettext_lazy("Key point")
    PROPOSAL = "proposal", gettext_lazy("Proposal")
    AGREEMENT = "agreement", gettext_lazy("Point of agreement")
    DISAGREEMENT = "disagreement", gettext_lazy("Point of disagreement")
    ACTION = "action_item", gettext_lazy("Action item")
    QUESTION = "open_question", gettext_lazy("Open question")


class CapturedItem(models.Model):
    """An outcome the facilitator records. It never carries the author of the message it came from."""

    session = models.ForeignKey("dialogues.Session", on_delete=models.CASCADE, related_name="captured_items")
    agenda_item = models.ForeignKey(
        "dialogues.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="captured_items",
    )
    kind = models.CharField(max_length=20, choices=CaptureKind.choices)
    text = EncryptedTextField()
    # Only to avoid promoting the same message twice; the author is never copied.
    source_room = models.ForeignKey("dialogues.Room", on_delete=models.SET_NULL, null=True, blank=True)
    source_seq = models.PositiveBigIntegerField(null=True, blank=True)
    resolved = models.BooleanField(default=False, help_text="Action items done / questions answered.")
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_into"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_room", "source_seq", "kind"],
                condition=Q(source_seq__isnull=False, removed_at__isnull=True),
                name="promote_a_message_once_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in session {self.session_id}"

    def encryption_scope(self) -> str:
        """The text is encrypted under the dialogue's own data key (core.crypto)."""
        return dialogue_scope(self.session.dialogue_id)


class Statement(models.Model):
    """A short statement put up for an anonymous agree / disagree / pass vote."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open for votes")
        CLOSED = "closed", gettext_lazy("Closed")

    session = models.ForeignKey("dialogues.Session", on_delete=models.CASCADE, related_name="statements")
    agenda_item = models.ForeignKey(
        "dialogues.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    text = EncryptedTextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Kept for moderation only; never shown next to the statement. Sealed like a message's author
    # (core.crypto, "sealed links to a person"): a dump does not say who proposed what. Empty: unknown.
    proposer_tag = models.CharField(max_length=PERSON_TAG_LENGTH, blank=True, editable=False)
    proposer_seal = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"statement {self.pk} in session {self.session_id}"

    def encryption_scope(self) -> str:
        """The text is encrypted under the dialogue's own data key (core.crypto)."""
        return dialogue_scope(self.session.dialogue_id)

    @property
    def proposed_by_id(self) -> int | None:
        """Who proposed it, opened from the seal; None when not recorded."""
        if not self.proposer_seal:
            return None
        return person_open(self.proposer_tag, self.proposer_seal)

    @proposed_by_id.setter
    def proposed_by_id(self, user_id: int) -> None:
        scope = self.encryption_scope()  # needs the session: set it first
        self.proposer_tag = person_tag(scope, user_id)
        self.proposer_seal = person_seal(scope, user_id)


class Vote(models.Model):
    """One person's current vote on a statement, stored under a keyed hash instead of the account.

    `voter` is HMAC(secret, session, user): it lets a person change their vote and the analysis see
    each person's vector, while no screen, export or database dump links a vote to an account.
    """

    class Value(models.IntegerChoices):
        AGREE = 1, gettext_lazy("Agree")
        PASS = 0, gettext_lazy("Pass")
        DISAGREE = -1, gettext_lazy("Disagree")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    party = models.ForeignKey(
        "dialogues.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    value = models.SmallIntegerField(choices=Value.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "voter"], name="one_vote_per_person"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="vote_value_range"),
        ]

    def __str__(self) -> str:
        return f"vote on {self.statement_id}"
