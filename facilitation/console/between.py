"""Between sessions: open action items and questions of earlier sessions become agenda suggestions.

Accepting a suggestion adds an agenda item to the next session and a copy of the captured item tied
to it (`carried_from` points back), so the chain is followed from session to session and only its
newest link is ever suggested. Resolving any link resolves the whole chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError
from dialogues import agenda
from dialogues.choices import SessionStatus
from dialogues.models import AgendaItem, Session

from ..models import CapturedItem, CaptureKind
from .services import announce_captures

CARRIED_KINDS = (CaptureKind.ACTION, CaptureKind.QUESTION)
TITLE_PREFIX = {CaptureKind.ACTION: "Action", CaptureKind.QUESTION: "Open question"}
SUGGESTED_TIMEBOX = 10


@dataclass(frozen=True)
class Suggestion:
    capture_id: int
    kind: str
    kind_label: str
    text: str
    from_session: str
    from_held_at: datetime  # the day the session was held (when it went live), else its planned start
    from_held: bool  # False: never went live, so the date is the planned one
    from_agenda_item: str


def _open_earlier(session: Session) -> QuerySet[CapturedItem]:
    carried = CapturedItem.objects.filter(carried_from=OuterRef("pk"), removed_at__isnull=True)
    return (
        CapturedItem.objects.filter(
            session__dialogue_id=session.dialogue_id,
            session__starts_at__lt=session.starts_at,
            kind__in=CARRIED_KINDS,
            resolved=False,
            removed_at__isnull=True,
        )
        .exclude(session=session)
        .exclude(Exists(carried))
    )


def agenda_suggestions(session: Session) -> list[Suggestion]:
    """Unresolved action items and open questions of the dialogue's earlier sessions, oldest first."""
    labels = dict(CaptureKind.choices)
    rows = (
        _open_earlier(session).select_related("session", "agenda_item").order_by("session__starts_at", "id")
    )
    return [
        Suggestion(
            capture_id=c.pk,
            kind=c.kind,
            kind_label=str(labels[c.kind]),  # a lazy translation, in the language of this request
            text=c.text,
            from_session=c.session.title,
            from_held_at=c.session.started_at or c.session.starts_at,
            from_held=c.session.started_at is not None,
            from_agenda_item=c.agenda_item.title if c.agenda_item else "",
        )
        for c in rows
    ]


def _title(captured: CapturedItem) -> str:
    first = " ".join(captured.text.split())
    prefix = TITLE_PREFIX.get(CaptureKind(captured.kind), "Carried over")
    title = f"{prefix}: {first}"
    return title if len(title) <= 120 else title[:119].rstrip() + "…"


def suggestion_accept(*, session: Session, capture_id: int, user: User) -> AgendaItem:
    """Add a suggestion to the session's agenda (one click); `invalid` if it is no longer open."""
    if session.status == SessionStatus.CLOSED:
        raise ParleyError("invalid", gettext("This session has ended; its agenda no longer changes."))
    with transaction.atomic():
        # Serialise per session, so a double click carries an item once.
        Session.objects.select_for_update().filter(pk=session.pk).first()
        source = _open_earlier(session).select_related("session").filter(pk=capture_id).first()
        if source is None:
            raise ParleyError(
                "invalid",
                gettext("That item is resolved, already on an agenda, or not from an earlier session."),
            )
        # The new item announces the agenda to the session's rooms itself (on commit).
        item = agenda.item_create(
            session=session,
            title=_title(source),
            description=f"Carried over from “{source.session.title}”.",
            timebox_minutes=SUGGESTED_TIMEBOX,
        )
        CapturedItem.objects.create(
            session=session,
            agenda_item=item,
            kind=source.kind,
            text=source.text,
            carried_from=source,
            created_by=user,
        )
        transaction.on_commit(lambda: announce_captures(session.pk))
    return item


def capture_resolve(*, capture: CapturedItem) -> int:
    """Mark an item and every link of its carried chain resolved; returns how many changed."""
    chain = {capture.pk}
    node: CapturedItem | None = capture
    while node is not None and node.carried_from_id is not None and node.carried_from_id not in chain:
        chain.add(node.carried_from_id)
        node = CapturedItem.objects.filter(pk=node.carried_from_id).first()
    frontier = set(chain)
    while frontier:
        frontier = set(
            CapturedItem.objects.filter(carried_from_id__in=frontier)
            .exclude(pk__in=chain)
            .values_list("pk", flat=True)
        )
        chain |= frontier
    with transaction.atomic():
        changed = CapturedItem.objects.filter(pk__in=chain, resolved=False).update(
            resolved=True, updated_at=timezone.now()
        )
        sessions = set(CapturedItem.objects.filter(pk__in=chain).values_list("session_id", flat=True))
        for session_id in sessions:
            transaction.on_commit(lambda session_id=session_id: announce_captures(session_id))  # type: ignore[misc]
    return changed
