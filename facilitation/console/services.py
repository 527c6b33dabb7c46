"""Console writes for the agenda order and the capture panel.

Each function re-checks the person's access to the room, owns its transaction, and announces the
change to every room of the session after commit (`captures` frames carry the whole list, so a
client that missed one simply takes the next).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError
from dialogues import agenda, events
from dialogues.access import access_room
from dialogues.models import AgendaItem, Message, Session

from ..access import capture_in_room
from ..models import CapturedItem, CaptureKind
from .selectors import captures_state

MAX_CAPTURE_CHARS = 2000


class _Default(Enum):
    DEFAULT = "default"


# "Not given": for a new item the current agenda item (or the promoted message's), for an edit no change.
DEFAULT = _Default.DEFAULT


def announce_captures(session_id: int) -> None:
    events.session_broadcast(session_id, events.captures(captures_state(session_id)))


# --- agenda ----------------------------------------------------------------------------------------------


def agenda_reorder(*, user_id: int, room_id: int, item_ids: Sequence[int]) -> None:
    """Put the session's agenda in this order (every item exactly once); rooms get an `agenda` frame."""
    access = access_room(user_id, room_id, facilitator=True)
    agenda.reorder(session=access.session, ordered_ids=list(item_ids))


# --- captured outcomes -----------------------------------------------------------------------------------


def _kind(value: str) -> str:
    if value not in CaptureKind.values:
        raise ParleyError(
            "invalid", gettext("`kind` must be one of %(join)s.") % {"join": ", ".join(CaptureKind.values)}
        )
    return value


def _text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ParleyError("invalid", gettext("A captured item needs some text."))
    if len(text) > MAX_CAPTURE_CHARS:
        raise ParleyError(
            "too_long",
            gettext("Captured items are limited to %(max_capture_chars)s characters; shorten it.")
            % {"max_capture_chars": MAX_CAPTURE_CHARS},
        )
    return text


def _agenda_item(session: Session, item_id: int | None) -> int | None:
    if item_id is not None and not AgendaItem.objects.filter(pk=item_id, session=session).exists():
        raise ParleyError("invalid", gettext("That agenda item is not part of this session."))
    return item_id


def capture_create(
    *,
    user_id: int,
    room_id: int,
    kind: str,
    text: str | None = None,
    agenda_item: int | _Default | None = DEFAULT,
    seq: int | None = None,
) -> CapturedItem:
    """Record an outcome, or promote message `seq` of this room (its text unless `text` is given).

    The item never records who said it: only the source room and seq, to stop the same message
    being promoted twice as the same kind.
    """
    access = access_room(user_id, room_id, facilitator=True)
    kind = _kind(kind)
    source = None
    if seq is not None:
        source = Message.objects.filter(room=access.room, seq=seq, removed_at__isnull=True).first()
        if source is None:
            raise ParleyError(
                "invalid", gettext("There is no message %(seq)s in this room to capture.") % {"seq": seq}
            )
    body = _text(text if text is not None else source.body if source else "")
    if isinstance(agenda_item, _Default):
        item_id = source.agenda_item_id if source else access.session.current_item_id
    else:
        item_id = _agenda_item(access.session, agenda_item)
    session_id = access.session.pk
    try:
        with transaction.atomic():
            captured = CapturedItem.objects.create(
                session_id=session_id,
                agenda_item_id=item_id,
                kind=kind,
                text=body,
                source_room=access.room if source else None,
                source_seq=seq if source else None,
                created_by_id=user_id,
            )
            transaction.on_commit(lambda: announce_captures(session_id))
    except IntegrityError:
        label = CaptureKind(kind).label.lower()
        raise ParleyError(
            "invalid", gettext("That message is already captured as a %(label)s.") % {"label": label}
        ) from None
    return captured


def capture_edit(
    *,
    user_id: int,
    room_id: int,
    capture_id: int,
    text: str | None = None,
    kind: str | None = None,
    agenda_item: int | _Default | None = DEFAULT,
    resolved: bool | None = None,
) -> CapturedItem:
    """Change a captured item's text, kind, agenda item or resolved mark (only what is given)."""
    access = access_room(user_id, room_id, facilitator=True)
    session_id = access.session.pk
    with transaction.atomic():
        captured = capture_in_room(access, capture_id)
        if text is not None:
            captured.text = _text(text)
        if kind is not None:
            captured.kind = _kind(kind)
        if not isinstance(agenda_item, _Default):
            captured.agenda_item_id = _agenda_item(access.session, agenda_item)
        if resolved is not None:
            captured.resolved = resolved
        try:
            with transaction.atomic():
                captured.save()
        except IntegrityError:
            raise ParleyError("invalid", gettext("That message is already captured as that kind.")) from None
        transaction.on_commit(lambda: announce_captures(session_id))
    return captured


def capture_remove(*, user_id: int, room_id: int, capture_id: int) -> None:
    access = access_room(user_id, room_id, facilitator=True)
    session_id = access.session.pk
    with transaction.atomic():
        captured = capture_in_room(access, capture_id)
        captured.removed_at = timezone.now()
        captured.save(update_fields=["removed_at", "updated_at"])
        transaction.on_commit(lambda: announce_captures(session_id))
