"""A single text, its versions and clauses, rating rounds, the package vote, releases, liaisons' uptake
per clause, and the append-only audit trail.

Text is encrypted under the dialogue's data key (core.crypto) and erased with it at the purge
(summaries.retention); what a release hands to liaisons (the text's title, the released version's note
and clauses) is moved under the key ring as it is released, because releases outlive the purge.
Ratings and ballots carry no account: `rater` / `voter` are keyed hashes per round / vote (see
selectors.person_hash), so a database dump cannot link a rating to a person, and two rounds cannot be
joined by the hash.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.crypto import EncryptedTextField, dialogue_scope


class SingleText(models.Model):
    class Status(models.TextChoices):
        DRAFTING = "drafting", gettext_lazy("Drafting")
        AGREED = "agreed", gettext_lazy("Agreed ad referendum")
        NOT_AGREED = "not_agreed", gettext_lazy("Not agreed")

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.CASCADE, related_name="single_texts")
    title = EncryptedTextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFTING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"single text {self.pk}"

    def encryption_scope(self) -> str:
        return dialogue_scope(self.dialogue_id)


class TextVersion(models.Model):
    """One version of the text; never edited (a revision is the next version)."""

    text = models.ForeignKey(SingleText, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = EncryptedTextField(blank=True)  # the facilitator's covering note to the parties
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text", "number"]
        constraints = [models.UniqueConstraint(fields=["text", "number"], name="singletext_version_number")]

    def __str__(self) -> str:
        return f"v{self.number} of single text {self.text_id}"

    def encryption_scope(self) -> str:
        return dialogue_scope(self.text.dialogue_id)


class Clause(models.Model):
    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveIntegerField()
    body = EncryptedTextField()

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="singletext_clause_number")]

    def __str__(self) -> str:
        return f"clause {self.number} of {self.version_id}"

    def encryption_scope(self) -> str:
        return dialogue_scope(self.version.text.dialogue_id)


class Round(models.Model):
    """A round of criticism on one version, open until its deadline or until the facilitator closes it."""

    text = models.ForeignKey(SingleText, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    opened_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["text", "number"]
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="singletext_round_number"),
            # At most one round without a close per text; one past its deadline is closed on first look.
            models.UniqueConstraint(
                fields=["text"], condition=Q(closed_at__isnull=True), name="singletext_one_open_round"
            ),
        ]

    def __str__(self) -> str:
        return f"round {self.number} of single text {self.text_id}"


class Rating(models.Model):
    class Value(models.TextChoices):
        ACCEPTABLE = "acceptable", gettext_lazy("Acceptable")
        LIVE_WITH = "live_with", gettext_lazy("Can live with")
        CANNOT = "cannot", gettext_lazy("Cannot accept")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ratings")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="ratings")
    rater = models.CharField(max_length=64)
    party = models.ForeignKey(
        "dialogues.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    value = models.CharField(max_length=12, choices=Value.choices)
    criticism = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clause", "rater"], name="singletext_one_rating")]

    def __str__(self) -> str:
        return f"rating on clause {self.clause_id}"

    def encryption_scope(self) -> str:
        return dialogue_scope(self.round.text.dialogue_id)


class PackageVote(models.Model):
    """One acceptance vote on a whole version. The result is decided when it closes."""

    class Result(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        AGREED = "agreed", gettext_lazy("Agreed ad referendum")
        NOT_AGREED = "not_agreed", gettext_lazy("Not agreed")
        TOO_FEW = "too_few", gettext_lazy("Too few votes to declare a result")

    text = models.ForeignKey(SingleText, on_delete=models.CASCADE, related_name="package_votes")
    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="package_votes")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=12, choices=Result.choices, default=Result.OPEN)
    accepted = models.PositiveIntegerField(null=True, blank=True)  # stored at close, only when >= k voted
    rejected = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["text", "opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["text"], condition=Q(closed_at__isnull=True), name="singletext_one_open_vote"
            )
        ]

    def __str__(self) -> str:
        return f"package vote on {self.version_id}"


class Ballot(models.Model):
    vote = models.ForeignKey(PackageVote, on_delete=models.CASCADE, related_name="ballots")
    voter = models.CharField(max_length=64)
    accept = models.BooleanField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "voter"], name="singletext_one_ballot")]

    def __str__(self) -> str:
        return f"ballot in {self.vote_id}"


class TextRelease(models.Model):
    """A version handed to the dialogue's liaisons with its k-safe acceptance profile; immutable."""

    text = models.ForeignKey(SingleText, on_delete=models.CASCADE, related_name="releases")
    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="releases")
    agreed = models.BooleanField(default=False)
    # Per clause: counts of the last closed round on this version, or null below k raters.
    profile = models.JSONField(default=list)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-released_at", "-id"]

    def __str__(self) -> str:
        return f"release of {self.version_id}"


class ClauseUptake(models.Model):
    """How a liaison's government took up one clause of a released text. Appended, never edited."""

    class Status(models.TextChoices):
        NOTED = "noted", gettext_lazy("Noted")
        CONSIDERING = "under_consideration", gettext_lazy("Under consideration")
        TAKEN_FORWARD = "taken_forward", gettext_lazy("Taken forward")
        DECLINED = "declined", gettext_lazy("Declined")

    release = models.ForeignKey(TextRelease, on_delete=models.CASCADE, related_name="uptakes")
    clause = models.PositiveIntegerField()
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=24, choices=Status.choices)
    comment = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.status} on clause {self.clause}"


class AppendOnly(Exception):
    pass


class AuditEntry(models.Model):
    """What happened to a text, who did it and when: appended, never changed or removed one by one."""

    class Kind(models.TextChoices):
        CREATED = "created", gettext_lazy("Text created")
        VERSION = "version", gettext_lazy("Version drafted")
        ROUND_OPENED = "round_opened", gettext_lazy("Round opened")
        ROUND_CLOSED = "round_closed", gettext_lazy("Round closed")
        VOTE_OPENED = "vote_opened", gettext_lazy("Package vote opened")
        VOTE_CLOSED = "vote_closed", gettext_lazy("Package vote closed")
        RELEASED = "released", gettext_lazy("Released to liaisons")
        RELEASE_REFUSED = "release_refused", gettext_lazy("Release refused by the leak gate")
        READ = "read", gettext_lazy("Read by a liaison")
        UPTAKE = "uptake", gettext_lazy("Uptake recorded")
        EXPORTED = "exported", gettext_lazy("Exported")

    text = models.ForeignKey(SingleText, on_delete=models.CASCADE, related_name="audit")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    detail = models.CharField(max_length=200, blank=True)  # ids and numbers only, never text
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.text_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit entries are never removed")
