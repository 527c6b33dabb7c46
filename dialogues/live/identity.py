"""How people appear in a room: display names in named rooms, stable per-session pseudonyms in veiled ones.

Every member of a session gets a seat number, assigned in random order so it reveals nothing about who
joined first; frames name members by the key ``m<number>``, never by account id. In a veiled room the
label is "Participant 4" / "Observer 1" / "Facilitator"; in a named room it is the display name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from threading import Lock

from django.db import transaction
from django.db.models import Max, QuerySet

from ..choices import ROOM_ROLES, AttributionMode, Role
from ..models import Membership, Pseudonym, Session
from .frames import Member

ROLE_LABEL = {
    Role.FACILITATOR: "Facilitator",
    Role.PARTICIPANT: "Participant",
    Role.OBSERVER: "Observer",
    Role.INTERPRETER: "Interpreter",
}


@dataclass(frozen=True)
class Identity:
    user_id: int
    key: str
    label: str
    role: str

    def frame(self) -> Member:
        """What clients see: never the account id."""
        return {"key": self.key, "name": self.label, "role": self.role}


def pseudonyms_ensure(session_id: int) -> None:
    """Give every room member of the session a seat number and pseudonym, once."""

    def seatless(dialogue_id: int) -> QuerySet[Membership]:
        seated = Pseudonym.objects.filter(session_id=session_id).values("user_id")
        return Membership.objects.filter(dialogue_id=dialogue_id, role__in=ROOM_ROLES).exclude(
            user_id__in=seated
        )

    dialogue_id = Session.objects.filter(pk=session_id).values_list("dialogue_id", flat=True).get()
    if not seatless(dialogue_id).exists():  # the usual case: no lock, one indexed query
        return
    with transaction.atomic():
        # Serialise assignment per session: two sockets connecting at once must not collide.
        session = Session.objects.select_for_update().get(pk=session_id)
        missing = list(seatless(dialogue_id).values_list("user_id", "role"))
        if not missing:
            return
        random.SystemRandom().shuffle(missing)
        top = Pseudonym.objects.filter(session=session).aggregate(m=Max("number"))["m"] or 0
        per_role: dict[str, int] = {}
        for label in Pseudonym.objects.filter(session=session).values_list("label", flat=True):
            role_word = label.split(" ")[0]
            per_role[role_word] = per_role.get(role_word, 0) + 1
        rows = []
        for offset, (user_id, role) in enumerate(missing, start=1):
            word = ROLE_LABEL[Role(role)]
            per_role[word] = per_role.get(word, 0) + 1
            n = per_role[word]
            label = word if role == Role.FACILITATOR and n == 1 else f"{word} {n}"
            rows.append(Pseudonym(session=session, user_id=user_id, number=top + offset, label=label))
        Pseudonym.objects.bulk_create(rows)


def _load(session_id: int, user_ids: set[int] | None = None) -> tuple[int, dict[int, Identity]]:
    """The session's identity version and identities (of `user_ids` only, when given).

    The version and the mode come from one row read, so what is loaded is never tagged with a version
    newer than the data it was loaded from.
    """
    session = Session.objects.only("attribution_mode", "dialogue_id", "identity_version").get(pk=session_id)
    named = session.attribution_mode == AttributionMode.NAMED
    members = Membership.objects.filter(dialogue_id=session.dialogue_id)
    rows = Pseudonym.objects.filter(session_id=session_id)
    if user_ids is not None:
        members, rows = members.filter(user_id__in=user_ids), rows.filter(user_id__in=user_ids)
    roles = dict(members.values_list("user_id", "role"))
    if named:
        rows = rows.select_related("user__profile")
    out: dict[int, Identity] = {}
    for p in rows:
        if named:
            profile = getattr(p.user, "profile", None)
            label = profile.display_name if profile else p.user.get_username()
        else:
            label = p.label
        out[p.user_id] = Identity(p.user_id, f"m{p.number}", label, roles.get(p.user_id, Role.PARTICIPANT))
    return session.identity_version, out


def current_version(session_id: int) -> int:
    return int(Session.objects.filter(pk=session_id).values_list("identity_version", flat=True).get())


class _Cache:
    """Identities per session, per process, keyed by the session's identity version in PostgreSQL.

    Every lookup names the version it must match (read with the caller's own access check, or here):
    a change made through another process bumps the version in the database, so this process reloads
    before it builds its next frame, whether or not the change's notice reached it (Redis may be down).
    Pseudonyms never change once given, so newcomers are loaded on their own, not by reloading everyone
    (a 5,000-member reload took ~300 ms inside someone's `say`).
    """

    def __init__(self) -> None:
        self._lock = Lock()
        self._data: dict[int, tuple[int, dict[int, Identity]]] = {}

    def get(self, session_id: int, user_ids: set[int] | None, version: int | None) -> dict[int, Identity]:
        if version is None:
            version = current_version(session_id)
        with self._lock:
            hit = self._data.get(session_id)
        if hit is None or hit[0] != version:
            hit = _load(session_id)
        missing = (user_ids or set()) - hit[1].keys()
        if missing:
            # Usually they have a seat already (given to every member at once); only assign under the
            # session lock when one does not, or a room filling up would queue every connect behind it.
            loaded_at, more = _load(session_id, missing)
            if missing - more.keys():
                pseudonyms_ensure(session_id)
                loaded_at, more = _load(session_id, missing)
            hit = _load(session_id) if loaded_at != hit[0] else (hit[0], {**hit[1], **more})
        with self._lock:
            self._data[session_id] = hit
        return hit[1]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_cache = _Cache()


def identities(
    session_id: int, user_ids: set[int] | None = None, *, version: int | None = None
) -> dict[int, Identity]:
    """Identities of the session's members; `user_ids` must all be present (assigned on demand).

    `version`: the session's `identity_version` as the caller just read it (with its access check);
    without it, it is read here. Either way, nothing cached from before a change is returned.
    """
    return _cache.get(session_id, user_ids, version)


def identity_of(session_id: int, user_id: int, *, version: int | None = None) -> Identity:
    return identities(session_id, {user_id}, version=version)[user_id]


def user_for_key(session_id: int, key: object) -> int | None:
    """The account behind a member key, for facilitator actions; None for anything malformed."""
    if not isinstance(key, str) or not key.startswith("m") or not key[1:].isdigit() or len(key) > 12:
        return None
    return (
        Pseudonym.objects.filter(session_id=session_id, number=int(key[1:]))
        .values_list("user_id", flat=True)
        .first()
    )


def forget_cached() -> None:
    """Drop this process's cached identities (tests; memory). Correctness never depends on it: see _Cache."""
    _cache.clear()
