"""Writes for dialogues, memberships and sessions. Views and commands call these; agenda writes are in
`dialogues.agenda`, breakout writes in `dialogues.breakouts`."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext

from core.errors import ParleyError

from . import channel, events, revocation
from .choices import AttributionMode, DialogueStatus, Role, RoomKind, SessionStatus
from .live.identity import pseudonyms_ensure
from .models import Dialogue, Membership, Party, Room, Session


class WordingRefused(ParleyError):
    """A dialogue title or party name the leak gate refuses; `field` tells the form where to say so."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("invalid", message)
        self.field = field


# Checks of what a dialogue shows on every page and export (its title and party names) against the
# people in it, run when they are written. This layer cannot import the leak gate (summaries, above it),
# so summaries registers it here at start-up. A check gets the dialogue's id, the title and the party
# names, and returns (field, problem in words) pairs; any problem refuses the whole write.
WORDING_CHECKS: list[Callable[[int, str, list[str]], list[tuple[str, str]]]] = []


def _check_wording(dialogue_id: int, title: str, parties: list[str]) -> None:
    problems = [problem for check in WORDING_CHECKS for problem in check(dialogue_id, title, parties)]
    if problems:
        raise WordingRefused(problems[0][0], " ".join(message for _, message in problems))


def _clean_party_names(names: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def dialogue_create(
    *,
    creator: User,
    title: str,
    background: str = "",
    objectives: str = "",
    parties: Sequence[str] = (),
    status: str = DialogueStatus.PREPARING,
) -> Dialogue:
    with transaction.atomic():
        dialogue = Dialogue.objects.create(
            title=title.strip(),
            background=background,
            objectives=objectives,
            status=status,
            created_by=creator,
        )
        Party.objects.bulk_create([Party(dialogue=dialogue, name=n) for n in _clean_party_names(parties)])
        Membership.objects.create(dialogue=dialogue, user=creator, role=Role.FACILITATOR)
        # Inside the transaction: a refused title leaves no dialogue behind.
        _check_wording(dialogue.pk, dialogue.title, _clean_party_names(parties))
    return dialogue


def dialogue_update(
    *,
    dialogue: Dialogue,
    title: str,
    background: str,
    objectives: str,
    status: str,
    parties: Sequence[str],
) -> Dialogue:
    """Update fields; parties are added, and removed only when nobody is assigned to them."""
    wanted = _clean_party_names(parties)
    _check_wording(dialogue.pk, title.strip(), wanted)
    with transaction.atomic():
        concluding = dialogue.status != DialogueStatus.CONCLUDED and status == DialogueStatus.CONCLUDED
        dialogue.title = title.strip()
        dialogue.background = background
        dialogue.objectives = objectives
        dialogue.status = status
        dialogue.save()
        if concluding:  # its rooms close for everyone, on every server
            revocation.dialogue_revoked(dialogue_id=dialogue.pk, reason="concluded")
        existing = {p.name.casefold(): p for p in dialogue.parties.all()}
        for name in wanted:
            if name.casefold() not in existing:
                Party.objects.create(dialogue=dialogue, name=name)
        keep = {n.casefold() for n in wanted}
        for key, party in existing.items():
            if key not in keep:
                if party.members.exists():
                    raise ParleyError(
                        "invalid",
                        gettext("The party “%(name)s” still has members; reassign them before removing it.")
                        % {"name": party.name},
                    )
                party.delete()
    return dialogue


def _check_timezone(tz: str) -> None:
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ParleyError("invalid", gettext("“%(tz)s” is not a known time zone.") % {"tz": tz}) from exc


def session_create(
    *,
    dialogue: Dialogue,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    timezone: str = "UTC",
    attribution_mode: str = AttributionMode.VEILED,
    participants_may_propose: bool = False,
) -> Session:
    _check_timezone(timezone)
    with transaction.atomic():
        session = Session.objects.create(
            dialogue=dialogue,
            title=title.strip(),
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            timezone=timezone,
            attribution_mode=attribution_mode,
            participants_may_propose=participants_may_propose,
        )
        Room.objects.create(session=session, kind=RoomKind.PLENARY, title=session.title)
        channel.channel_create(session)
        pseudonyms_ensure(session.pk)
    return session


def membership_seat(*, membership: Membership) -> None:
    """Give a new member their seat (pseudonym) in every session of the dialogue not yet closed, so the
    facilitator's pseudonym roster is complete before anyone connects (pages only read it)."""
    open_sessions = Session.objects.filter(dialogue_id=membership.dialogue_id).exclude(
        status=SessionStatus.CLOSED
    )
    for session_id in open_sessions.values_list("pk", flat=True):
        pseudonyms_ensure(session_id)


def session_update(
    *,
    session: Session,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    timezone: str,
    attribution_mode: str,
    participants_may_propose: bool,
) -> Session:
    _check_timezone(timezone)
    mode_changed = session.attribution_mode != attribution_mode
    said = session.rooms.filter(last_seq__gt=0).exclude(kind=RoomKind.FACILITATORS)
    if mode_changed and said.exists():
        # Switching a room that already has a transcript would re-attribute what was said under
        # another promise of anonymity.
        raise ParleyError(
            "invalid", gettext("The attribution mode cannot change once the room has messages.")
        )
    with transaction.atomic():
        session.title = title.strip()
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.timezone = timezone
        session.attribution_mode = attribution_mode
        session.participants_may_propose = participants_may_propose
        session.save()
        Room.objects.filter(session=session, kind=RoomKind.PLENARY).update(title=session.title)
        # A change of mode bumps the identity version as the row is saved (dialogues/signals.py).
    return session


def identities_changed(*, session_ids: Iterable[int] = (), dialogue_ids: Iterable[int] = ()) -> None:
    """Something a frame may show about people changed (attribution mode, membership, role, display name).

    Bumps the open sessions' identity version in the caller's transaction, so every server process
    reloads before it builds its next frame (see live.identity), and on commit tells the open rooms to
    refresh what they show. Redis down only delays the refresh: the version, not the notice, decides.
    """
    affected = Session.objects.exclude(status=SessionStatus.CLOSED).filter(
        Q(pk__in=list(session_ids)) | Q(dialogue_id__in=list(dialogue_ids))
    )
    ids = list(affected.values_list("pk", flat=True))
    if ids:
        Session.objects.filter(pk__in=ids).update(identity_version=F("identity_version") + 1)
        transaction.on_commit(lambda: events.identities_changed(session_ids=ids))


def membership_remove(*, membership: Membership) -> None:
    """Remove a person from a dialogue: their sockets close at once; what they said stays."""
    with transaction.atomic():
        membership.is_active = False
        # The save itself revokes the person's sockets in the dialogue and bumps the identity version
        # of its open sessions (dialogues/signals.py).
        membership.save(update_fields=["is_active"])
