"""Writes for interpretation in rooms: an interpreter's rendering of a message (docs/interpretation.md).

Like the other room actions, `rendering_post` takes ids and re-checks access on every call, owns its
transaction and announces the rendering on commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ParleyError

from .. import events, languages
from ..access import access_room
from ..models import Message, MessageRendering
from .identity import identity_of
from .services import _next_seq


@dataclass(frozen=True)
class RenderingPosted:
    seq: int


def rendering_post(*, user_id: int, room_id: int, of: int, language: str, text: str) -> RenderingPosted:
    """Store an interpreter's rendering of message `of` (a seq of this room) into `language`.

    A second rendering of the same message into the same language replaces the first (a correction): it
    takes a new seq, so every reader's page, and every later replay, shows the newer text.
    """
    access = access_room(user_id, room_id)
    if not access.is_interpreter:
        raise ParleyError("forbidden", _("Only the dialogue's interpreters post renderings."))
    if not languages.is_supported(language):
        raise ParleyError(
            "invalid",
            _("`language` must be one of: %(codes)s.") % {"codes": ", ".join(languages.codes())},
        )
    with transaction.atomic():
        message = (
            Message.objects.filter(room=access.room, seq=of, removed_at__isnull=True)
            .only("pk", "seq", "language")
            .first()
        )
        if message is None:
            raise ParleyError("invalid", _("There is no message %(seq)s to render.") % {"seq": of})
        seq = _next_seq(access.room.pk)  # the room's row lock: no other rendering of it races this one
        row = MessageRendering.objects.filter(message=message, language=language).first()
        if row is None:
            row = MessageRendering(message=message, language=language, room=access.room)
        row.seq, row.text, row.created_at = seq, text, timezone.now()
        row.interpreter_id = user_id  # sealed under the dialogue's key (core.crypto), never a foreign key
        row.save()
        interpreter = identity_of(access.session.pk, user_id, version=access.session.identity_version)
        transaction.on_commit(lambda: events.rendering_published(row, of, interpreter))
    return RenderingPosted(seq)
