"""Who may manage a dialogue's invitations: the one place that decides, for the pages and the API.
An invitation of a dialogue you do not facilitate is `NotFound`, exactly like one that does not exist."""

from __future__ import annotations

from core.errors import NotFound
from dialogues.access import UserLike, access_dialogue
from dialogues.choices import Role

from .models import Invitation


def access_invitation(*, user: UserLike, invitation_id: int, dialogue_id: int | None = None) -> Invitation:
    """An invitation of a dialogue the user facilitates (of `dialogue_id`, when the URL names one)."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or (dialogue_id is not None and invitation.dialogue_id != dialogue_id):
        raise NotFound
    access_dialogue(user=user, dialogue_id=invitation.dialogue_id, roles=[Role.FACILITATOR])
    return invitation
