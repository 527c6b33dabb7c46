"""Reads and permission-checked getters for dialogues and sessions.

One rule everywhere: a dialogue, session or room you may not see answers exactly as one that does not
exist (`Http404` with the same message), so existence never leaks.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from .choices import Role
from .models import AgendaItem, Dialogue, Membership, Session

NOT_FOUND = "Not found."
MAX_ID = 2**63 - 1

UserLike = User | AnonymousUser


def can_create_dialogues(user: UserLike) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("dialogues.add_dialogue"))


def membership_get(*, user: UserLike, dialogue_id: int, roles: Collection[str] | None = None) -> Membership:
    """The caller's active membership, optionally restricted to roles; else Http404."""
    # An id no row can have (from a URL) is not found; SQLite cannot even bind it in a foreign-key lookup.
    if not user.is_authenticated or not user.is_active or not 0 < dialogue_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    membership = (
        Membership.objects.select_related("dialogue", "party")
        .filter(dialogue_id=dialogue_id, user=user, is_active=True)
        .first()
    )
    if membership is None or (roles is not None and membership.role not in roles):
        raise Http404(NOT_FOUND)
    return membership


@dataclass(frozen=True)
class SessionAccess:
    session: Session
    membership: Membership

    @property
    def is_facilitator(self) -> bool:
        return self.membership.role == Role.FACILITATOR


def session_get(*, user: UserLike, session_id: int, roles: Collection[str] | None = None) -> SessionAccess:
    session = Session.objects.select_related("dialogue").filter(pk=session_id).first()
    if session is None:
        raise Http404(NOT_FOUND)
    membership = membership_get(user=user, dialogue_id=session.dialogue_id, roles=roles)
    return SessionAccess(session=session, membership=membership)


def agenda_item_get(*, user: UserLike, item_id: int, roles: Collection[str] | None = None) -> AgendaItem:
    item = AgendaItem.objects.select_related("session__dialogue").filter(pk=item_id).first()
    if item is None:
        raise Http404(NOT_FOUND)
    membership_get(user=user, dialogue_id=item.session.dialogue_id, roles=roles)
    return item


def memberships_for_user(*, user: UserLike) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("dialogue")
        .order_by("-dialogue__created_at")
    )


def sessions_for(*, dialogue: Dialogue) -> QuerySet[Session]:
    return dialogue.sessions.order_by("starts_at", "id")


def agenda_for(*, session: Session) -> QuerySet[AgendaItem]:
    return session.agenda_items.order_by("position", "id")
