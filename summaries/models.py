"""Summaries of sessions and what government liaisons do with them: versions, uptake, reads.

These models moved here from the facilitation app; their tables keep the old names (see
migrations/0001_initial.py), so no data was copied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from core.crypto import EncryptedTextField, dialogue_scope


class SummaryStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Queued")
    COMPILING = "compiling", gettext_lazy("Compiling")
    DRAFT = "draft", gettext_lazy("Draft")
    APPROVED = "approved", gettext_lazy("Approved")
    RELEASED = "released", gettext_lazy("Released")
    FAILED = "failed", gettext_lazy("Failed")


class SummaryVersion(models.Model):
    """One version of a session's summary: compiled by the task, or edited by the facilitator.

    Released versions are immutable; a correction is a new version released after it.
    """

    session = models.ForeignKey(
        "dialogues.Session", on_delete=models.CASCADE, related_name="summary_versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=SummaryStatus.choices, default=SummaryStatus.QUEUED)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    # Markdown the facilitator reads and edits; structured sections are parsed from it for exports.
    body = EncryptedTextField(blank=True)
    flags = models.JSONField(default=list, blank=True, help_text="Sentences redaction flagged for review.")
    # The review list in full (sentences and reasons, as JSON): encrypted, because it quotes what was
    # said, and rotated with the other fields. `flags` keeps only each flag's kind and whether its
    # sentence is in the body, for counting without decrypting.
    review = EncryptedTextField(blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    compiled_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The title on the summary's cover (blank: the dialogue's title). Checked by the gate when written.
    # Under the version's key, as the body: the dialogue's for a draft, the ring once released.
    cover_title = EncryptedTextField(max_length=200, blank=True)
    # Four eyes: set when the only facilitator approved their own version, saying why (same key).
    solo_reason = EncryptedTextField(blank=True)
    # For the facilitator only: the message ids each main point came from (ids, never text).
    provenance = models.JSONField(default=list, blank=True)
    # The language main points were compiled in (docs/interpretation.md): an interpreter's rendering into
    # it stands in for a message where there is one. "": every message as it was said.
    language = models.CharField(max_length=8, blank=True, default="")

    class Meta:
        db_table = "facilitation_summaryversion"
        ordering = ["session", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="summary_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"summary v{self.number} of session {self.session_id}"

    def encryption_scope(self) -> str:
        """A draft (and its review list) is the dialogue's, under its data key, and goes with it at the
        purge. A released version is kept for its liaisons after the purge, so its text is under the key
        ring: `summary_release` re-encrypts it there as it releases (docs/data-lifecycle.md)."""
        if self.status == SummaryStatus.RELEASED:
            return ""
        return dialogue_scope(self.session.dialogue_id)


class Uptake(models.Model):
    """How a liaison records a released proposal was taken up. Rows are appended, never edited."""

    class Status(models.TextChoices):
        NOTED = "noted", gettext_lazy("Noted")
        CONSIDERING = "under_consideration", gettext_lazy("Under consideration")
        TAKEN_FORWARD = "taken_forward", gettext_lazy("Taken forward")
        DECLINED = "declined", gettext_lazy("Declined")

    version = models.ForeignKey(SummaryVersion, on_delete=models.CASCADE, related_name="uptakes")
    proposal_key = models.CharField(max_length=40)
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uptakes")
    status = models.CharField(max_length=24, choices=Status.choices)
    comment = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "facilitation_uptake"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.status} on {self.proposal_key}"


class ReleaseAccess(models.Model):
    """Who read or downloaded which released version, and when: the facilitator's handoff log."""

    class Kind(models.TextChoices):
        READ = "read", gettext_lazy("Read")
        PDF = "pdf", gettext_lazy("Downloaded PDF")
        MARKDOWN = "markdown", gettext_lazy("Downloaded Markdown")
        JSON = "json", gettext_lazy("Downloaded JSON")

    version = models.ForeignKey(SummaryVersion, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "facilitation_releaseaccess"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} v{self.version_id}"


class GateDecision(models.Model):
    """A facilitator's recorded decision on one leak-gate finding: who, when and why it may stand.

    Keyed by the finding (kind, where, text), so the decision holds for later versions that keep the
    same text; an edit that changes the text makes a new finding that needs its own decision. The text
    and reason can quote a name, so both are encrypted.
    """

    session = models.ForeignKey("dialogues.Session", on_delete=models.CASCADE, related_name="gate_decisions")
    version = models.ForeignKey(SummaryVersion, on_delete=models.CASCADE, related_name="gate_decisions")
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=40)
    where = models.CharField(max_length=40)
    text = EncryptedTextField()
    reason = EncryptedTextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "facilitation_gatedecision"
        ordering = ["-decided_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["session", "key"], name="gate_decision_once")]

    def __str__(self) -> str:
        return f"{self.kind} decided in v{self.version_id}"


class ReadBack(models.Model):
    """A window in which the session's participants read a draft and flag lines, anonymously."""

    version = models.OneToOneField(SummaryVersion, on_delete=models.CASCADE, related_name="read_back")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "facilitation_readback"

    def __str__(self) -> str:
        return f"read-back of v{self.version_id}"


class ReadBackFlag(models.Model):
    """A participant's "this could identify someone" on one line. Who flagged is never stored."""

    read_back = models.ForeignKey(ReadBack, on_delete=models.CASCADE, related_name="flags")
    line = models.PositiveIntegerField()
    line_text = EncryptedTextField()
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = EncryptedTextField(blank=True)

    class Meta:
        db_table = "facilitation_readbackflag"
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"flag on line {self.line}"

    def encryption_scope(self) -> str:
        # Quotes a draft and a participant's note: the dialogue's, erased with it at the purge.
        return dialogue_scope(self.read_back.version.session.dialogue_id)


class RapporteurNotes(models.Model):
    """A rapporteur's notes of an in-person session: compiled by the same pipeline as a room."""

    session = models.ForeignKey(
        "dialogues.Session", on_delete=models.CASCADE, related_name="rapporteur_notes"
    )
    text = EncryptedTextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "facilitation_rapporteurnotes"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"notes for session {self.session_id}"

    def encryption_scope(self) -> str:
        return dialogue_scope(self.session.dialogue_id)
