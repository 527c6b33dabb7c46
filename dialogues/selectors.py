"""Reads for dialogues and sessions. Access is decided in `dialogues.access`; these trust their caller."""

from __future__ import annotations

from django.db.models import QuerySet

from .access import UserLike
from .models import AgendaItem, Dialogue, Membership, Party, Session


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


def parties_of(*, dialogue_id: int) -> list[Party]:
    """The dialogue's parties by name. Sorted here: the names are ciphertext in the database."""
    return sorted(Party.objects.filter(dialogue_id=dialogue_id), key=lambda p: (p.name.casefold(), p.pk))
