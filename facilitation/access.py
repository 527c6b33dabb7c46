"""Who may use the console's captured outcomes and statements: the one place that decides, for pages and
room frames. Rooms themselves are decided by `dialogues.access` (`access_room`, re-checked every frame);
these getters then find an outcome or statement *within* the checked session, so an id from another
session is refused exactly like one that does not exist."""

from __future__ import annotations

from django.utils.translation import gettext

from core.errors import NotFound, ParleyError
from dialogues.access import RoomAccess, UserLike, access_dialogue
from dialogues.choices import Role

from .models import CapturedItem, Statement


def access_capture(*, user: UserLike, capture_id: int) -> CapturedItem:
    """A captured outcome of a dialogue the user facilitates (the between-session pages), else NotFound."""
    capture = CapturedItem.objects.select_related("session").filter(pk=capture_id).first()
    if capture is None:
        raise NotFound
    access_dialogue(user=user, dialogue_id=capture.session.dialogue_id, roles=[Role.FACILITATOR])
    return capture


def capture_in_room(access: RoomAccess, capture_id: int) -> CapturedItem:
    captured = CapturedItem.objects.filter(
        pk=capture_id, session_id=access.session.pk, removed_at__isnull=True
    ).first()
    if captured is None:
        raise ParleyError("invalid", gettext("There is no such captured item in this session."))
    return captured


def statement_in_room(access: RoomAccess, statement_id: int, *, lock: bool = False) -> Statement:
    qs = Statement.objects.filter(pk=statement_id, session=access.session)
    statement = (qs.select_for_update() if lock else qs).first()
    if statement is None:
        raise ParleyError("invalid", gettext("There is no such statement in this session."))
    return statement
