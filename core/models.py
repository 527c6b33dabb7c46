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
