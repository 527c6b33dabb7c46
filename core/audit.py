"""A tamper-evident audit log: append-only, hash-chained, holding ids and never names or text.

`audit_record(action, ...)` appends an entry in the caller's transaction (so an act that rolls back leaves
no entry, and an entry never outlives its act). Every writer, in any server process, takes the lock on
the single `AuditHead` row, so entries form one chain ordered by `seq`. Each entry's digest is an HMAC
over its fields and the previous digest, keyed from a secret that is not stored in the database: someone
with write access to the database alone can change or delete entries but cannot make the chain verify
again. `audit_verify()` (and `manage.py audit_verify`) walks the chain and reports the first broken link.

On PostgreSQL a trigger (core/migrations) refuses UPDATE and DELETE on the entries outright.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64

# What is audited (docs/security.md, "Audit log"). A fixed vocabulary, so the log can be read and checked.
ACTIONS = frozenset(
    {
        "transcript.read",
        "roster.read",
        "draft.read",
        "export.download",
        "summary.read",
        "summary.release",
        "gate.decision",
        "revocation",
        "purge",
        "account.erased",
        # singletext.models.AuditEntry.Kind, one action each
        *(
            f"single_text.{kind}"
            for kind in (
                "created",
                "version",
                "round_opened",
                "round_closed",
                "vote_opened",
                "vote_closed",
                "released",
                "release_refused",
                "read",
                "uptake",
                "exported",
            )
        ),
    }
)


@lru_cache(maxsize=1)
def _key(secret: str) -> bytes:
    return hashlib.sha256(b"parley-audit-chain\x00" + secret.encode()).digest()


def _digest(prev: str, fields: Mapping[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()
    key = _key(getattr(settings, "PARLEY_AUDIT_KEY", "") or settings.SECRET_KEY)
    return hmac.new(key, prev.encode() + b"\x00" + body, hashlib.sha256).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "action": entry.action,
        "actor": entry.actor_id,
        "dialogue": entry.dialogue_id,
        "target": entry.target,
        "detail": entry.detail,
    }


def audit_record(
    action: str,
    *,
    actor_id: int | None = None,
    dialogue_id: int | None = None,
    target: str = "",
    detail: Mapping[str, int | str | bool | None] | None = None,
) -> AuditEntry:
    """Append one entry. `detail` holds ids, counts and codes only: never a name or user text."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "digest": GENESIS})
            head = AuditHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            action=action,
            actor_id=actor_id,
            dialogue_id=dialogue_id,
            target=target[:60],
            detail=dict(detail or {}),
            prev_digest=head.digest,
        )
        # JSON round trip first, so the digest covers exactly what the database will give back.
        entry.detail = json.loads(json.dumps(entry.detail))
        entry.digest = _digest(entry.prev_digest, _fields(entry))
        entry.save()
        AuditHead.objects.filter(pk=1).update(seq=entry.seq, digest=entry.digest)
    return entry


@dataclass(frozen=True)
class Break:
    seq: int
    why: str


def audit_verify(batch: int = 2000) -> tuple[int, Break | None]:
    """Walk the chain: (entries checked, the first broken link or None)."""
    expected_seq, prev, checked = 1, GENESIS, 0
    for entry in _entries(batch):
        if entry.seq != expected_seq:
            return checked, Break(expected_seq, f"entry {expected_seq} is missing (next is {entry.seq})")
        if entry.prev_digest != prev:
            return checked, Break(entry.seq, "it does not point at the entry before it")
        if not hmac.compare_digest(entry.digest, _digest(prev, _fields(entry))):
            return checked, Break(entry.seq, "its content was changed after it was written")
        prev, expected_seq, checked = entry.digest, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.digest != prev):
        return checked, Break(checked + 1, f"the chain ends at {checked} but its head says {head.seq}")
    return checked, None


def _entries(batch: int) -> Iterator[AuditEntry]:
    after = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=after).order_by("seq")[:batch])
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def audit_entries(*, dialogue_id: int, limit: int = 500) -> list[AuditEntry]:
    """The newest entries about one dialogue, newest first (callers check who may see them)."""
    return list(AuditEntry.objects.filter(dialogue_id=dialogue_id).order_by("-seq")[:limit])
