"""Writes for dialogues, memberships, sessions and agendas. Views and commands call these."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from . import events
from .choices import AttributionMode, DialogueStatus, Role, RoomKind
from .live.identity import forget_cached
from .models import AgendaItem, Dialogue, Membership, Party, Room, Session


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
    with transaction.atomic():
        dialogue.title = title.strip()
        dialogue.background = background
        dialogue.objectives = objectives
        dialogue.status = status
        dialogue.save()
        existing = {p.name.casefold(): p for p in dialogue.parties.all()}
        for name in wanted:
            if name.casefold() not in existing:
                Party.objects.create(dialogue=dialogue, name=name)
        keep = {n.casefold() for n in wanted}
        for key, party in existing.items():
            if key not in keep:
                if party.members.exists():
                    raise ValidationError(
                        f"The party “{party.name}” still has members; reassign them before removing it."
                    )
                party.delete()
    return dialogue


def _check_timezone(tz: str) -> None:
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"“{tz}” is not a known time zone.") from exc


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
    return session


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
    if session.attribution_mode != attribution_mode and session.rooms.filter(last_seq__gt=0).exists():
        # Switching a room that already has a transcript would re-attribute what was said under
        # another promise of anonymity.
        raise ValidationError("The attribution mode cannot change once the room has messages.")
    with transaction.atomic():
        session.title = title.strip()
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.timezone = timezone
        session.attribution_mode = attribution_mode
        session.participants_may_propose = participants_may_propose
        session.save()
        Room.objects.filter(session=session, kind=RoomKind.PLENARY).update(title=session.title)
        # The cached identities carry the mode's labels (names or pseudonyms).
        transaction.on_commit(forget_cached)
    return session


def agenda_item_create(
    *, session: Session, title: str, description: str = "", timebox_minutes: int = 15
) -> AgendaItem:
    with transaction.atomic():
        # Lock the session row so two facilitators adding items at once get distinct positions.
        Session.objects.select_for_update().filter(pk=session.pk).first()
        top = session.agenda_items.aggregate(m=Max("position"))["m"] or 0
        return AgendaItem.objects.create(
            session=session,
            position=top + 1,
            title=title.strip(),
            description=description,
            timebox_minutes=timebox_minutes,
        )


def agenda_item_update(*, item: AgendaItem, title: str, description: str, timebox_minutes: int) -> AgendaItem:
    item.title = title.strip()
    item.description = description
    item.timebox_minutes = timebox_minutes
    item.save(update_fields=["title", "description", "timebox_minutes"])
    events.agenda_changed(session_id=item.session_id)
    return item


def agenda_item_delete(*, item: AgendaItem) -> None:
    session = item.session
    with transaction.atomic():
        item.delete()
        _renumber(session, [i.pk for i in session.agenda_items.order_by("position", "id")])
    events.agenda_changed(session_id=session.pk)


def agenda_reorder(*, session: Session, ordered_ids: Sequence[int]) -> None:
    current = list(session.agenda_items.order_by("position", "id").values_list("pk", flat=True))
    if sorted(current) != sorted(ordered_ids):
        raise ValidationError("The new order must list every agenda item of the session exactly once.")
    with transaction.atomic():
        _renumber(session, list(ordered_ids))
    events.agenda_changed(session_id=session.pk)


def agenda_item_move(*, item: AgendaItem, offset: int) -> None:
    ids = list(item.session.agenda_items.order_by("position", "id").values_list("pk", flat=True))
    i = ids.index(item.pk)
    j = max(0, min(len(ids) - 1, i + offset))
    ids.insert(j, ids.pop(i))
    agenda_reorder(session=item.session, ordered_ids=ids)


def _renumber(session: Session, ordered_ids: list[int]) -> None:
    for position, pk in enumerate(ordered_ids, start=1):
        AgendaItem.objects.filter(pk=pk, session=session).update(position=position)


def membership_remove(*, membership: Membership) -> None:
    """Remove a person from a dialogue: their sockets close at once; what they said stays."""
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        transaction.on_commit(
            lambda: events.user_evict(
                user_id=membership.user_id, dialogue_id=membership.dialogue_id, reason="removed"
            )
        )
