"""Revoking a person's access closes their open room sockets, on every server process, within 2 s.

Every revocation is a `Revocation` row written in the caller's transaction. On commit its notice goes
over the fan-out's control channel (immediate), and every process also reads new rows each second
(`live.runtime.RevocationPoller`), so a notice lost while Redis is down still arrives. A socket that
has not yet heard re-checks its access before it replays anything (`sync`, a catch-up after Redis
returns) and on every frame once its process has seen a newer revocation.

Reasons are the keys of `live.closing.EVICT_REASONS` (the socket's last error frame says why).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import audit_record

from . import events
from .live.control import EvictEvent
from .models import Revocation


def login_key(session_key: str) -> str:
    """How a sign-in is named in revocations and notices: a hash prefix, never the session key itself."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def _revoke(*, user_id: int | None, scope: str, target: str = "", reason: str) -> None:
    row = Revocation.objects.create(user_id=user_id, scope=scope, target=target, reason=reason)
    audit_record(
        "revocation",
        dialogue_id=int(target) if scope == Revocation.Scope.DIALOGUE else None,
        target=f"revocation:{row.pk}",
        # The login is named by its hash prefix only (login_key); the subject by id.
        detail={
            "scope": scope,
            "reason": reason,
            "subject": user_id,
            "session": int(target) if scope == Revocation.Scope.SESSION else None,
        },
    )
    notice = events.revocation_notice(row)
    transaction.on_commit(lambda: events.revoked(notice))


def user_revoked(*, user_id: int, reason: str) -> None:
    """All of the person's sockets, in every dialogue (password, deactivation, sign out everywhere)."""
    _revoke(user_id=user_id, scope=Revocation.Scope.EVERYWHERE, reason=reason)


def login_revoked(*, user_id: int, session_key: str, reason: str = "signed_out") -> None:
    """The sockets opened with one sign-in (that browser signed out)."""
    _revoke(user_id=user_id, scope=Revocation.Scope.LOGIN, target=login_key(session_key), reason=reason)


def dialogue_revoked(*, dialogue_id: int, reason: str, user_id: int | None = None) -> None:
    """One person's sockets in a dialogue (removal, consent, role), or everyone's (dialogue concluded)."""
    _revoke(user_id=user_id, scope=Revocation.Scope.DIALOGUE, target=str(dialogue_id), reason=reason)


def session_revoked(*, session_id: int, reason: str, user_id: int | None = None) -> None:
    """The person's sockets in one session (removed from it), or everyone's (the session ended)."""
    _revoke(user_id=user_id, scope=Revocation.Scope.SESSION, target=str(session_id), reason=reason)


def revocations_after(last_id: int, *, limit: int = 500) -> list[Revocation]:
    return list(Revocation.objects.filter(pk__gt=last_id).order_by("pk")[:limit])


def latest_revocation() -> int:
    return int(Revocation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)


def _targets(*, dialogue_id: int, session_id: int, login: str) -> dict[str, str | None]:
    return {
        Revocation.Scope.EVERYWHERE: None,
        Revocation.Scope.DIALOGUE: str(dialogue_id),
        Revocation.Scope.SESSION: str(session_id),
        Revocation.Scope.LOGIN: login,
    }


def notice_matches(
    notice: EvictEvent, *, after: int, user_id: int, dialogue_id: int, session_id: int, login: str
) -> bool:
    """Does a revocation notice close a socket (opened after revocation `after`) with these ids?"""
    if notice["revocation"] <= after or notice["user"] not in (None, user_id):
        return False
    targets = _targets(dialogue_id=dialogue_id, session_id=session_id, login=login)
    scope = notice["scope"]
    return scope in targets and (targets[scope] is None or notice["target"] == targets[scope])


def revoked_since(*, after: int, user_id: int, dialogue_id: int, session_id: int, login: str) -> bool:
    """Has anything revoked such a socket since revocation `after`? (What a socket checks itself against.)"""
    targets = _targets(dialogue_id=dialogue_id, session_id=session_id, login=login)
    scoped = Q()
    for scope, target in targets.items():
        scoped |= Q(scope=scope) if target is None else Q(scope=scope, target=target)
    mine = Q(user_id=user_id) | Q(user_id__isnull=True)
    return Revocation.objects.filter(mine & scoped, pk__gt=after).exists()


KEEP = timedelta(days=1)


def revocations_prune(*, now: datetime | None = None) -> int:
    """Delete rows every process has long since read (each reads every second)."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = Revocation.objects.filter(created_at__lt=cutoff).delete()
    return deleted
