"""Writes for live rooms. Every function re-checks access, owns its transaction, and announces the
change with `transaction.on_commit`, so clients only ever hear of what PostgreSQL holds."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from threading import Lock

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError

from .. import agenda, breakouts, channel, events, languages, revocation
from ..access import RoomAccess, access_room
from ..authorship import written_by
from ..choices import RoomKind, SessionStatus
from ..models import FloorTurn, Hand, Message, Room, Sanction, Session
from .frames import PresencePageFrame
from .groupcommit import Post, committer
from .identity import identity_of, user_for_key
from .selectors import presence_page

# --- messages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    seq: int | None
    duplicate: bool


class _RecentIds:
    """Client ids of recent off-the-record messages: they are never stored, yet a resend must not repeat."""

    def __init__(self, size: int = 20_000) -> None:
        self._ids: OrderedDict[tuple[int, int, uuid.UUID], None] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def seen(self, key: tuple[int, int, uuid.UUID]) -> bool:
        with self._lock:
            if key in self._ids:
                return True
            self._ids[key] = None
            if len(self._ids) > self._size:
                self._ids.popitem(last=False)
            return False


_off_record_ids = _RecentIds()


def message_post(
    *, user_id: int, room_id: int, client_id: uuid.UUID, body: str, expect_on_record: bool | None = None
) -> Posted:
    access = access_room(user_id, room_id, speak=True, channel=True)
    if access.muted:
        raise ParleyError(
            "muted", gettext("The facilitator has muted you. You can still read, and raise your hand.")
        )
    room = access.room
    # Before the session goes live (lobby) and while it is paused, nothing said is on the record; the
    # facilitators' channel keeps what they tell each other whatever the session's state.
    on_record = room.kind == RoomKind.FACILITATORS or (
        room.on_record and access.session.status == SessionStatus.LIVE
    )
    if expect_on_record is not None and expect_on_record != on_record:
        raise ParleyError(
            "record_changed",
            gettext(
                "The room went on the record after you wrote this; it was not sent. "
                "Send it again if you still want to."
            )
            if on_record
            else gettext(
                "The room went off the record after you wrote this; it was not sent. "
                "Send it again if you still want to."
            ),
        )
    author = identity_of(access.session.pk, user_id, version=access.session.identity_version)
    if not on_record:
        # A resend of what was stored while the room was on the record is that message, not a new one.
        existing = Message.objects.filter(
            written_by(access.session.dialogue_id, user_id), room=room, client_id=client_id
        )
        if (seq := existing.values_list("seq", flat=True).first()) is not None:
            return Posted(seq, duplicate=True)
        if _off_record_ids.seen((room.pk, user_id, client_id)):
            return Posted(None, duplicate=True)
        events.message_relayed(
            room_id=room.pk,
            client_id=str(client_id),
            author=author,
            body=body,
            agenda_item=access.session.current_item_id,
            ts=timezone.now().isoformat(),
        )
        return Posted(None, duplicate=False)
    post = Post(
        room=room,
        author_id=user_id,
        author=author,
        client_id=client_id,
        body=body,
        agenda_item_id=access.session.current_item_id,
        # Outside the room's row lock: detection costs ~0.1-0.4 ms of CPU (docs/interpretation.md).
        language=languages.detect(body),
        created_at=timezone.now(),
    )
    # Messages to this room that arrive while a commit is in flight share the next one (groupcommit.py).
    committer.post(post, _post_alone)
    assert post.seq is not None
    return Posted(post.seq, duplicate=post.duplicate)


def _post_alone(post: Post) -> None:
    """One message in its own transaction. No look-up first: the unique (room, author tag, client_id)
    constraint tells a resend apart, and the common case costs two statements, not four."""
    try:
        with transaction.atomic():
            seq = _next_seq(post.room.pk)
            msg = Message.build(
                room=post.room,
                author_id=post.author_id,
                seq=seq,
                client_id=post.client_id,
                body=post.body,
                agenda_item_id=post.agenda_item_id,
                created_at=post.created_at,
                language=post.language,
            )
            msg.save(force_insert=True)
            transaction.on_commit(lambda: events.message_published(msg, post.author))
        post.seq = seq
    except IntegrityError:
        # A resend, or the same client_id raced in from another socket: the first one won.
        dialogue_id = post.room.session.dialogue_id
        first = (
            Message.objects.filter(
                written_by(dialogue_id, post.author_id), room=post.room, client_id=post.client_id
            )
            .values_list("seq", flat=True)
            .first()
        )
        if first is None:
            raise
        post.seq, post.duplicate = first, True


_NEXT_SEQ = "UPDATE dialogues_room SET last_seq = last_seq + 1 WHERE id = %s RETURNING last_seq"


def presence_list(*, user_id: int, room_id: int, present: set[int], page: int) -> PresencePageFrame:
    """A page of who is present, for a member of the room (pseudonyms in a veiled room, as everywhere)."""
    access = access_room(user_id, room_id)
    return presence_page(access.room, present, page)


def _next_seq(room_id: int) -> int:
    """Allocate the room's next seq. The row lock this UPDATE takes serialises allocation per room until
    commit, so seqs are stored in order without gaps; RETURNING saves a second round trip."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SEQ, [room_id])
        row = cursor.fetchone()
    if row is None:
        raise Room.DoesNotExist
    return int(row[0])


def _remove(room: Room, seq: int, removal: str, author_id: int | None = None) -> None:
    qs = Message.objects.filter(room=room, seq=seq, removed_at__isnull=True)
    if author_id is not None:
        qs = qs.filter(written_by(room.session.dialogue_id, author_id))
    with transaction.atomic():
        if qs.update(removed_at=timezone.now(), removal=removal) != 1:
            raise ParleyError(
                "invalid", gettext("There is no message %(seq)s that you can remove.") % {"seq": seq}
            )
        transaction.on_commit(lambda: events.message_removed(room_id=room.pk, seq=seq, removal=removal))


def message_withdraw(*, user_id: int, room_id: int, seq: int) -> None:
    access = access_room(user_id, room_id, facilitator=True, channel=True)
    _remove(access.room, seq, Message.Removal.WITHDRAWN)


def message_retract(*, user_id: int, room_id: int, seq: int) -> None:
    access = access_room(user_id, room_id, speak=True, channel=True)
    window = timedelta(seconds=settings.PARLEY_RETRACT_SECONDS)
    created = (
        Message.objects.filter(written_by(access.session.dialogue_id, user_id), room=access.room, seq=seq)
        .values_list("created_at", flat=True)
        .first()
    )
    if created is None:
        raise ParleyError(
            "invalid", gettext("There is no message %(seq)s of yours to retract.") % {"seq": seq}
        )
    if timezone.now() - created > window:
        minutes = settings.PARLEY_RETRACT_SECONDS // 60
        raise ParleyError(
            "forbidden",
            gettext("Messages can be retracted for %(minutes)s minutes; ask the facilitator to withdraw it.")
            % {"minutes": minutes},
        )
    _remove(access.room, seq, Message.Removal.RETRACTED, author_id=user_id)


# --- speaking queue ------------------------------------------------------------------------------------


def hand_raise(*, user_id: int, room_id: int) -> None:
    access = access_room(user_id, room_id, speak=True)
    with transaction.atomic():
        _, created = Hand.objects.get_or_create(
            room=access.room, user_id=user_id, defaults={"raised_at": timezone.now()}
        )
        if created:
            transaction.on_commit(lambda: events.queue_changed(access.room))


def hand_lower(*, user_id: int, room_id: int, member: str | None = None) -> None:
    if member is None:
        access = access_room(user_id, room_id)
        target = user_id
    else:
        access = access_room(user_id, room_id, facilitator=True)
        channel.floor_control_check(access)
        target = _member(access, member)
    with transaction.atomic():
        if Hand.objects.filter(room=access.room, user_id=target).delete()[0]:
            transaction.on_commit(lambda: events.queue_changed(access.room))


def floor_give(
    *, user_id: int, room_id: int, member: str | None = None, limit_seconds: int | None = None
) -> None:
    """Give the floor to the first raised hand (or to `member`), ending the current turn."""
    access = access_room(user_id, room_id, facilitator=True)
    channel.floor_control_check(access)
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=access.room.pk)
        if member is None:
            hand = Hand.objects.filter(room=room).order_by("raised_at", "id").first()
            if hand is None:
                raise ParleyError("invalid", gettext("Nobody has a hand raised."))
            target = hand.user_id
        else:
            target = _member(access, member)
        now = timezone.now()
        FloorTurn.objects.filter(room=room, ended_at__isnull=True).update(ended_at=now)
        Hand.objects.filter(room=room, user_id=target).delete()
        FloorTurn.objects.create(room=room, user_id=target, started_at=now)
        room.floor_user_id, room.floor_since, room.floor_limit_seconds = target, now, limit_seconds
        room.save(update_fields=["floor_user", "floor_since", "floor_limit_seconds"])
        transaction.on_commit(lambda: events.queue_changed(room))


def floor_end(*, user_id: int, room_id: int) -> None:
    access = access_room(user_id, room_id, facilitator=True)
    channel.floor_control_check(access)
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=access.room.pk)
        FloorTurn.objects.filter(room=room, ended_at__isnull=True).update(ended_at=timezone.now())
        room.floor_user, room.floor_since, room.floor_limit_seconds = None, None, None
        room.save(update_fields=["floor_user", "floor_since", "floor_limit_seconds"])
        transaction.on_commit(lambda: events.queue_changed(room))


# --- record, agenda, members -------------------------------------------------------------------------


def record_set(*, user_id: int, room_id: int, on_record: bool) -> None:
    access = access_room(user_id, room_id, facilitator=True)
    room = access.room
    with transaction.atomic():
        if Room.objects.filter(pk=room.pk).exclude(on_record=on_record).update(on_record=on_record):
            room.on_record = on_record
            transaction.on_commit(lambda: events.record_changed(room))


def agenda_set(*, user_id: int, room_id: int, item_id: int | None) -> None:
    access = access_room(user_id, room_id, facilitator=True)
    agenda.set_current(session=access.session, item_id=item_id)


def agenda_next(*, user_id: int, room_id: int) -> None:
    access = access_room(user_id, room_id, facilitator=True)
    agenda.advance(session=access.session)


def agenda_skip(*, user_id: int, room_id: int, item_id: int) -> None:
    access = access_room(user_id, room_id, facilitator=True)
    agenda.skip(session=access.session, item_id=item_id)


def _member(access: RoomAccess, key: object) -> int:
    target = user_for_key(access.session.pk, key)
    if target is None:
        raise ParleyError("invalid", gettext("There is no such member in this session."))
    return target


def member_mute(*, user_id: int, room_id: int, member: str, muted: bool) -> None:
    access = access_room(user_id, room_id, facilitator=True)
    target = _member(access, member)
    if target == user_id:
        raise ParleyError("invalid", gettext("You cannot mute yourself."))
    with transaction.atomic():
        if muted:
            Sanction.objects.get_or_create(session=access.session, user_id=target, kind=Sanction.Kind.MUTED)
        else:
            Sanction.objects.filter(session=access.session, user_id=target, kind=Sanction.Kind.MUTED).delete()
        transaction.on_commit(lambda: events.muted_changed(access.session))


def member_remove(*, user_id: int, room_id: int, member: str) -> None:
    """Remove a person from this session: their sockets close at once and they cannot come back to it."""
    access = access_room(user_id, room_id, facilitator=True)
    target = _member(access, member)
    if target == user_id:
        raise ParleyError("invalid", gettext("You cannot remove yourself."))
    session = access.session
    with transaction.atomic():
        Sanction.objects.get_or_create(session=session, user_id=target, kind=Sanction.Kind.REMOVED)
        Hand.objects.filter(room__session=session, user_id=target).delete()
        revocation.session_revoked(user_id=target, session_id=session.pk, reason="removed")
        transaction.on_commit(lambda: events.queue_changed(access.room))


# --- breakouts and the session ------------------------------------------------------------------------


def breakout_open(
    *, user_id: int, room_id: int, title: str, members: list[str], minutes: int | None = None
) -> Room:
    access = access_room(user_id, room_id, facilitator=True)
    if access.room.kind != RoomKind.PLENARY:
        raise ParleyError("invalid", gettext("Breakouts are opened from the plenary room."))
    targets = {_member(access, key) for key in members}
    return breakouts.create(
        session=access.session, parent=access.room, title=title, members=targets, minutes=minutes
    )


def breakout_close(*, user_id: int, room_id: int, breakout_id: int | None = None) -> list[int]:
    """Close one breakout, or all of them ("return to plenary")."""
    access = access_room(user_id, room_id, facilitator=True)
    return breakouts.close_in_session(session=access.session, breakout_id=breakout_id)


def _session_move(user_id: int, room_id: int, sources: tuple[str, ...], target: str) -> None:
    """One lifecycle step (compare-and-set on the status, so a double click changes nothing)."""
    access = access_room(user_id, room_id, facilitator=True)
    with transaction.atomic():
        moved = Session.objects.filter(pk=access.session.pk, status__in=sources).update(status=target)
        if moved:
            if target == SessionStatus.LIVE:
                # The session clock counts from the first time it went live, not from a resume.
                Session.objects.filter(pk=access.session.pk, started_at__isnull=True).update(
                    started_at=timezone.now()
                )
            session = Session.objects.get(pk=access.session.pk)
            transaction.on_commit(lambda: events.session_changed(session))


def session_open(*, user_id: int, room_id: int) -> None:
    """Doors open: people gather in the lobby, see the agenda and the rule; nothing is on the record."""
    _session_move(user_id, room_id, (SessionStatus.SCHEDULED,), SessionStatus.LOBBY)


def session_start(*, user_id: int, room_id: int) -> None:
    """Go live (from scheduled, the lobby, or a pause)."""
    sources = (SessionStatus.SCHEDULED, SessionStatus.LOBBY, SessionStatus.PAUSED)
    _session_move(user_id, room_id, sources, SessionStatus.LIVE)


def session_pause(*, user_id: int, room_id: int) -> None:
    _session_move(user_id, room_id, (SessionStatus.LIVE,), SessionStatus.PAUSED)


# Called after a session ends (session id, facilitator id), on commit. Other apps register here at
# start-up: facilitation queues the summary compilation. A list, not a signal, so the call is explicit.
SESSION_ENDED_HOOKS: list[Callable[[int, int], None]] = []


def session_end(*, user_id: int, room_id: int) -> Session:
    access = access_room(user_id, room_id, facilitator=True)
    with transaction.atomic():
        now = timezone.now()
        ended = (
            Session.objects.filter(pk=access.session.pk)
            .exclude(status=SessionStatus.CLOSED)
            .update(status=SessionStatus.CLOSED, ended_at=now)
        )
        Room.objects.filter(session=access.session, is_open=True).update(is_open=False, closed_at=now)
        FloorTurn.objects.filter(room__session=access.session, ended_at__isnull=True).update(ended_at=now)
        session = Session.objects.get(pk=access.session.pk)
        transaction.on_commit(lambda: events.session_changed(session))
        # After the `session` frame: the rooms close for everyone, on every server, Redis or not.
        revocation.session_revoked(session_id=session.pk, reason="ended")
        if ended:
            for hook in SESSION_ENDED_HOOKS:
                transaction.on_commit(lambda hook=hook: hook(session.pk, user_id))  # type: ignore[misc]
    return session
