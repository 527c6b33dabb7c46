"""The audit log: the only models in `core`, because every app below and above writes to it."""

from __future__ import annotations

import secrets

from django.db import models


class AuditEntry(models.Model):
    """One audited act: a read of something confidential, a release, a gate decision, a revocation, a purge.

    Append-only and hash-chained (see core.audit): each entry's `digest` covers its own fields and the
    previous entry's digest, keyed with a secret that is not in the database. It holds ids, never names or
    text, so it survives a person's erasure and leaks nothing in a dump.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    action = models.CharField(max_length=40)
    actor_id = models.BigIntegerField(null=True, blank=True)
    dialogue_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    target = models.CharField(max_length=60, blank=True, help_text="What was acted on, as kind:id.")
    detail = models.JSONField(default=dict, blank=True)
    prev_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target}"


class AuditHead(models.Model):
    """The chain's newest link, one row: writers lock it, so entries from every process form one chain."""

    seq = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head at #{self.seq}"


def _new_ref() -> str:
    return secrets.token_hex(12)


class DataKey(models.Model):
    """One scope's own data key (a dialogue's: `dialogue:<id>`), stored wrapped by the field key ring.

    Text belonging to the scope is encrypted under this key (core.crypto). Deleting the row destroys the
    key: every copy of that text anywhere — a replica, a backup, a dump — can no longer be decrypted.
    """

    scope = models.CharField(max_length=60, unique=True)
    # Named in every token it seals. Random, not the row id: an id can come back (SQLite after a rollback),
    # and a process holding the old key under it would misread the new one.
    ref = models.CharField(max_length=32, unique=True, default=_new_ref)
    wrapped = models.TextField(help_text="The data key, Fernet-encrypted under the field key ring.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"data key {self.pk} ({self.scope})"


class Retention(models.Model):
    """A dialogue's retention policy and purge state (summaries/retention.py). No row: the default policy.

    Keyed by the dialogue's id, not a foreign key, like the audit log: `core` sits below the apps, and the
    row must outlive everything the purge deletes.
    """

    DEFAULT_DAYS = 90

    dialogue_id = models.BigIntegerField(unique=True)
    days = models.PositiveIntegerField(
        default=DEFAULT_DAYS,
        help_text="Transcripts and drafts are kept this many days after the last release.",
    )
    # The purge's claim (compare-and-swap) and lease: a run whose worker died is taken over once it expires.
    purge_claimed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"retention of dialogue {self.dialogue_id}: {self.days} days"


class ErasureReceipt(models.Model):
    """What an erasure removed: kinds of data and row counts, when, under which policy. Never who.

    A dialogue's purge leaves one (its facilitators read it on the retention page); an account's deletion
    leaves one with no dialogue. Each is also an entry in the audit chain (`audit_seq`).
    """

    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", "A dialogue's transcripts and drafts"
        ACCOUNT = "account", "A person's account"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    dialogue_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    at = models.DateTimeField()
    policy = models.CharField(max_length=60, help_text="e.g. retention-90-days, purge-now, account-deleted")
    counts = models.JSONField(default=dict, help_text="Rows deleted (or anonymised) per kind of data.")
    key_destroyed = models.BooleanField(default=False)
    audit_seq = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"erasure receipt {self.pk} ({self.kind})"
