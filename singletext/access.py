"""Who may see or do what with single texts: the one place that decides, for pages and the API.

Members who take part in the dialogue's rooms (facilitators, participants, observers) read its texts
and their history; participants and observers only once they accepted the Chatham House Rule. Only
participants rate and vote, only facilitators draft, open rounds, see the report and release. Released
texts are read by the dialogue's liaisons and facilitators; only liaisons record uptake. Anything the
person may not see raises `NotFound`, exactly as for something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from core.errors import NotFound, ParleyError
from dialogues.access import MAX_ID, UserLike, access_dialogue, consented
from dialogues.choices import CONSENTING_ROLES, ROOM_ROLES, Role
from dialogues.models import Membership

from .models import SingleText, TextRelease

READERS = (Role.LIAISON, Role.FACILITATOR)
FACILITATOR = (Role.FACILITATOR,)
NEEDS_CONSENT = "Accept the Chatham House Rule for this dialogue before you read its single texts."


@dataclass(frozen=True)
class TextAccess:
    text: SingleText
    membership: Membership

    @property
    def is_facilitator(self) -> bool:
        return self.membership.role == Role.FACILITATOR

    @property
    def is_participant(self) -> bool:
        return self.membership.role == Role.PARTICIPANT


def _member(user: UserLike, dialogue_id: int, roles: tuple[str, ...]) -> Membership:
    membership = access_dialogue(user=user, dialogue_id=dialogue_id, roles=roles)
    if membership.role in CONSENTING_ROLES and not consented(membership.user_id, dialogue_id):
        raise ParleyError("forbidden", NEEDS_CONSENT)
    return membership


def access_texts(*, user: UserLike, dialogue_id: int) -> Membership:
    """A dialogue whose single texts the user reads (room roles)."""
    return _member(user, dialogue_id, ROOM_ROLES)


def access_text_creation(*, user: UserLike, dialogue_id: int) -> Membership:
    return _member(user, dialogue_id, FACILITATOR)


def _text(text_id: int) -> SingleText:
    text = (
        SingleText.objects.select_related("dialogue").filter(pk=text_id).first()
        if 0 < text_id <= MAX_ID
        else None
    )
    if text is None:
        raise NotFound
    return text


def access_text(*, user: UserLike, text_id: int) -> TextAccess:
    """A text the user reads (facilitators, participants, observers of its dialogue)."""
    text = _text(text_id)
    return TextAccess(text=text, membership=_member(user, text.dialogue_id, ROOM_ROLES))


def access_text_facilitation(*, user: UserLike, text_id: int) -> TextAccess:
    """A text the user facilitates: drafting, rounds, the report, votes, release, the audit trail."""
    text = _text(text_id)
    return TextAccess(text=text, membership=_member(user, text.dialogue_id, FACILITATOR))


def access_text_rating(*, user: UserLike, text_id: int) -> TextAccess:
    """A text the user may rate and vote on: participants only (facilitators stay neutral, observers
    watch). Other members of the dialogue hear why; anyone else gets NotFound."""
    access = access_text(user=user, text_id=text_id)
    if not access.is_participant:
        raise ParleyError("forbidden", gettext("Only participants rate clauses and vote on the package."))
    return access


@dataclass(frozen=True)
class ReleaseAccess:
    release: TextRelease
    membership: Membership

    @property
    def is_liaison(self) -> bool:
        return self.membership.role == Role.LIAISON


def access_release(*, user: UserLike, release_id: int, to_record_uptake: bool = False) -> ReleaseAccess:
    """A released text of a dialogue the user is a liaison or facilitator of; uptake: liaisons only."""
    release = (
        TextRelease.objects.select_related("text__dialogue", "version").filter(pk=release_id).first()
        if 0 < release_id <= MAX_ID
        else None
    )
    if release is None:
        raise NotFound
    membership = access_dialogue(user=user, dialogue_id=release.text.dialogue_id, roles=READERS)
    access = ReleaseAccess(release=release, membership=membership)
    if to_record_uptake and not access.is_liaison:
        raise ParleyError(
            "forbidden", gettext("Only the dialogue's liaisons record how a clause was taken up.")
        )
    return access


def access_releases(*, user: UserLike, dialogue_id: int) -> Membership:
    return access_dialogue(user=user, dialogue_id=dialogue_id, roles=READERS)
