"""Every write to a session's agenda: its items, their order, and the item under discussion.

The session page, the API, the live room, the facilitator's console and the liaison portal call these
after their own access checks. Each function owns its transaction and announces the new agenda to the
session's open rooms with `events.agenda_changed` in `transaction.on_commit`, so a room hears of every
change, and never of one the database does not hold (an enclosing transaction that rolls back sends
nothing). A refusal is a `ParleyError("invalid", …)` whose message is written for people.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError

from . import events
from .models import AgendaItem, Session

NOT_IN_SESSION = "That agenda item is not part of this session."


def _announce(session_id: int) -> None:
    transaction.on_commit(lambda: events.agenda_changed(session_id=session_id))


# --- items ---------------------------------------------------------------------------------------------


def item_create(
    *, session: Session, title: str, description: str = "", timebox_minutes: int = 15
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    with transaction.atomic():
        # Lock the session row so two facilitators adding items at once get distinct positions.
        Session.objects.select_for_update().filter(pk=session.pk).first()
        top = session.agenda_items.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem.objects.create(
            session=session,
            position=top + 1,
            title=title.strip(),
            description=description,
            timebox_minutes=timebox_minutes,
        )
        _announce(session.pk)
    return item


def item_update(*, item: AgendaItem, title: str, description: str, timebox_minutes: int) -> AgendaItem:
    with transaction.atomic():
        item.title = title.strip()
        item.description = description
        item.timebox_minutes = timebox_minutes
        item.save(update_fields=["title", "description", "timebox_minutes"])
        _announce(item.session_id)
    return item


def item_delete(*, item: AgendaItem) -> None:
    """Delete an item and close the gap it leaves (callers refuse items that have discussion)."""
    session = item.session
    with transaction.atomic():
        item.delete()
        _renumber(session, [i.pk for i in session.agenda_items.order_by("position", "id")])
        _announce(session.pk)


# --- order -----------------------------------------------------------------------------------------------


def reorder(*, session: Session, ordered_ids: Sequence[int]) -> None:
    """Put the agenda in this order; `ordered_ids` lists every item of the session exactly once."""
    current = list(session.agenda_items.order_by("position", "id").values_list("pk", flat=True))
    if sorted(current) != sorted(ordered_ids):
        raise ParleyError(
            "invalid", gettext("The new order must list every agenda item of the session exactly once.")
        )
    with transaction.atomic():
        _renumber(session, list(ordered_ids))
        _announce(session.pk)


def item_move(*, item: AgendaItem, offset: int) -> None:
    """Move an item `offset` places up (negative) or down, stopping at either end."""
    ids = list(item.session.agenda_items.order_by("position", "id").values_list("pk", flat=True))
    i = ids.index(item.pk)
    j = max(0, min(len(ids) - 1, i + offset))
    ids.insert(j, ids.pop(i))
    reorder(session=item.session, ordered_ids=ids)


def _renumber(session: Session, ordered_ids: list[int]) -> None:
    for position, pk in enumerate(ordered_ids, start=1):
        AgendaItem.objects.filter(pk=pk, session=session).update(position=position)


# --- the item under discussion ---------------------------------------------------------------------------


def set_current(*, session: Session, item_id: int | None) -> None:
    """Make `item_id` the item under discussion (un-skipping it), or none; its clock starts now."""
    with transaction.atomic():
        if item_id is not None and not AgendaItem.objects.filter(pk=item_id, session=session).update(
            skipped=False
        ):
            raise ParleyError("invalid", NOT_IN_SESSION)
        Session.objects.filter(pk=session.pk).update(
            current_item_id=item_id, item_started_at=timezone.now() if item_id else None
        )
        _announce(session.pk)


def advance(*, session: Session) -> int:
    """Move on to the next item that is not skipped (the first, if none is current); returns its id."""
    with transaction.atomic():
        current = (
            Session.objects.select_for_update()
            .filter(pk=session.pk)
            .values_list("current_item_id", flat=True)
            .get()
        )
        ids = list(
            AgendaItem.objects.filter(session=session, skipped=False)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
        if current in ids:
            position = ids.index(current) + 1
            if position >= len(ids):
                raise ParleyError("invalid", gettext("This is the last agenda item."))
            target = ids[position]
        elif ids:
            target = ids[0]
        else:
            raise ParleyError("invalid", gettext("The agenda is empty."))
        set_current(session=session, item_id=target)
    return target


def skip(*, session: Session, item_id: int) -> None:
    """Mark an item skipped; if it is the one under discussion, no item is current any more."""
    with transaction.atomic():
        if not AgendaItem.objects.filter(pk=item_id, session=session).update(skipped=True):
            raise ParleyError("invalid", NOT_IN_SESSION)
        Session.objects.filter(pk=session.pk, current_item_id=item_id).update(
            current_item=None, item_started_at=None
        )
        _announce(session.pk)
