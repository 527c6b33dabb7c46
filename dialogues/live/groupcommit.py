"""Group commit: messages to one room that arrive while its last commit is in flight share the next one.

Every stored message takes the room's row lock (its `seq` comes from `Room.last_seq`) and holds it until
its transaction commits, and a commit waits for the WAL to reach the disk: 4–7 ms on our machines. One
message per commit therefore capped a room at 140–250 messages a second, whatever the CPU — the cliff
issue 19 measured. Here the first message to a room becomes the leader and commits alone; whatever
arrives for that room meanwhile queues, and the next leader commits the whole queue in one transaction:
one `UPDATE … RETURNING` for the block of seqs, one multi-row INSERT, one WAL flush.

Every promise of a single post holds: a message is stored before anyone hears of it (frames go out on
commit, in seq order), seqs stay dense, and a resend (the unique author tag + client_id) is told apart: a
batch that meets one rolls back as a whole and its messages go one by one, as before.

Per process and per room; across processes the row lock orders the batches.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connection, transaction

from core.crypto import data_key_for, dialogue_scope

from .. import events
from ..models import Message, Room
from .identity import Identity

_NEXT_SEQS = "UPDATE dialogues_room SET last_seq = last_seq + %s WHERE id = %s RETURNING last_seq"


@dataclass
class Post:
    """One message waiting for its commit, and what became of it."""

    room: Room
    author_id: int
    author: Identity
    client_id: uuid.UUID
    body: str
    agenda_item_id: int | None
    language: str
    created_at: datetime
    seq: int | None = None
    duplicate: bool = False  # a resend: `seq` is the message's first one
    error: BaseException | None = None
    lead: bool = False
    done: threading.Event = field(default_factory=threading.Event)


@dataclass
class Stats:
    """How much batching happened (read by the tests and the bench's logs)."""

    commits: int = 0
    messages: int = 0


class GroupCommit:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[int, list[Post]] = {}
        self._busy: set[int] = set()  # rooms with a leader committing now
        self.stats = Stats()

    def post(self, item: Post, one_by_one: Callable[[Post], None]) -> None:
        """Store `item` (its `seq` is set) or raise. `one_by_one` stores a single post the careful way:
        used for a batch that meets a resend."""
        room_id = item.room.pk
        with self._lock:
            if room_id in self._busy:
                self._queues.setdefault(room_id, []).append(item)
                wait = True
            else:
                self._busy.add(room_id)
                wait = False
        if wait:
            item.done.wait()
            if not item.lead:
                if item.error is not None:
                    raise item.error
                return
        batch = [item] if not wait else self._take(room_id, item)
        try:
            self._commit(batch, one_by_one)
        finally:
            self._hand_over(room_id)
            for other in batch:
                if other is not item:
                    other.done.set()
        if item.error is not None:
            raise item.error

    def _take(self, room_id: int, leader: Post) -> list[Post]:
        """The new leader commits everything that queued while the last commit was in flight."""
        with self._lock:
            queued = self._queues.pop(room_id, [])
        return [leader, *(p for p in queued if p is not leader)]

    def _hand_over(self, room_id: int) -> None:
        with self._lock:
            queued = self._queues.get(room_id)
            if not queued:
                self._queues.pop(room_id, None)
                self._busy.discard(room_id)
                return
            nxt = queued.pop(0)
        nxt.lead = True  # it wakes as the leader and takes the rest of the queue with it
        nxt.done.set()

    def _commit(self, batch: list[Post], one_by_one: Callable[[Post], None]) -> None:
        try:
            self._commit_batch(batch)
        except IntegrityError:
            # A resend (the same author and client_id) is in the batch: each message on its own, so
            # the resend gets its first seq back and the others are stored.
            for post in batch:
                try:
                    one_by_one(post)
                except Exception as exc:
                    post.error = exc
        except Exception as exc:
            for post in batch:
                post.error = exc

    def _commit_batch(self, batch: list[Post]) -> None:
        room = batch[0].room
        # The dialogue's data key, looked up before the transaction: one read inside it is cached only
        # on commit (core.crypto), so each body, tag and seal of the batch would read it again.
        data_key_for(dialogue_scope(room.session.dialogue_id))
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(_NEXT_SEQS, [len(batch), room.pk])
                (last,) = cursor.fetchone()
            first = int(last) - len(batch) + 1
            messages = [
                Message.build(
                    room=room,
                    author_id=p.author_id,
                    seq=first + i,
                    client_id=p.client_id,
                    body=p.body,
                    agenda_item_id=p.agenda_item_id,
                    created_at=p.created_at,
                    language=p.language,
                )
                for i, p in enumerate(batch)
            ]
            Message.objects.bulk_create(messages)
            published = [(m, p.author) for m, p in zip(messages, batch, strict=True)]

            def publish() -> None:  # in seq order, one frame each, after the commit
                for msg, author in published:
                    events.message_published(msg, author)

            transaction.on_commit(publish)
        for msg, post in zip(messages, batch, strict=True):
            post.seq = msg.seq
        self.stats.commits += 1
        self.stats.messages += len(batch)


committer = GroupCommit()
