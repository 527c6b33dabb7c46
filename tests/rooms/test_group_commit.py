"""Messages that arrive while a room's commit is in flight share the next commit (issue 19): every one is
stored once with a dense seq, a resend among them gets its first seq back, and the batch is one commit."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connections, transaction

from dialogues.choices import Role
from dialogues.live import services
from dialogues.live.groupcommit import committer
from dialogues.models import Dialogue, Message, Room
from tests.factories import member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _post_in_thread(user: User, room: Room, client_id: uuid.UUID, out: dict[uuid.UUID, object]) -> None:
    try:
        out[client_id] = services.message_post(
            user_id=user.pk, room_id=room.pk, client_id=client_id, body=f"said by {user.pk}"
        )
    except Exception as exc:  # reported by the test, not lost in the thread
        out[client_id] = exc
    finally:
        connections.close_all()


def test_concurrent_messages_share_a_commit_and_keep_every_promise(
    dialogue: Dialogue, participant: User, room: Room
) -> None:
    speakers = [member(dialogue, Role.PARTICIPANT, username=f"speaker{i}") for i in range(6)]
    resent = uuid.uuid4()
    first = services.message_post(user_id=participant.pk, room_id=room.pk, client_id=resent, body="once")
    before = committer.stats.commits
    results: dict[uuid.UUID, object] = {}
    threads = [
        threading.Thread(target=_post_in_thread, args=(u, room, uuid.uuid4(), results)) for u in speakers
    ] + [threading.Thread(target=_post_in_thread, args=(participant, room, resent, results))]
    # Hold the room's row, as a commit in flight on another server would: everything queues behind it.
    with transaction.atomic():
        Room.objects.select_for_update().get(pk=room.pk)
        for t in threads:
            t.start()
        time.sleep(1.0)
    for t in threads:
        t.join(30)

    assert not [r for r in results.values() if isinstance(r, Exception)], results
    assert results[resent].seq == first.seq and results[resent].duplicate is True  # type: ignore[attr-defined]
    stored = list(Message.objects.filter(room=room).order_by("seq").values_list("seq", flat=True))
    assert stored == list(range(1, 8))  # seven messages, dense seqs, the resend not stored twice
    # The first commit waited on the row; the other messages (and the resend, alone) followed it in far
    # fewer commits than messages.
    assert committer.stats.commits - before <= 4
    assert Room.objects.get(pk=room.pk).last_seq == 7
