"""Who may read which summary, release and uptake response: the one place that decides, for the pages
and the API.

Facilitators of a dialogue see every version of its sessions; liaisons (and facilitators) read released
versions only, and only liaisons record uptake. Whatever the person may not see raises `NotFound`, exactly
as for something that does not exist, so a liaison cannot tell an unreleased session from a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from core.errors import NotFound, ParleyError
from dialogues.access import UserLike, access_dialogue, access_session
from dialogues.choices import Role
from dialogues.models import Membership, Session

from .models import SummaryStatus, SummaryVersion, Uptake
from .selectors import released_versions

READERS = (Role.LIAISON, Role.FACILITATOR)
FACILITATOR = (Role.FACILITATOR,)


def access_session_summaries(*, user: UserLike, session_id: int) -> Session:
    """A session whose summaries the user may work on (its dialogue's facilitators)."""
    return access_session(user=user, session_id=session_id, roles=FACILITATOR).session


def access_version(*, user: UserLike, version_id: int) -> SummaryVersion:
    """Any version (draft or released) of a session the user facilitates."""
    version = SummaryVersion.objects.select_related("session__dialogue").filter(pk=version_id).first()
    if version is None:
        raise NotFound
    access_session(user=user, session_id=version.session_id, roles=FACILITATOR)
    return version


@dataclass(frozen=True)
class ReaderAccess:
    """A released version and the reader's membership in its dialogue."""

    version: SummaryVersion
    membership: Membership

    @property
    def is_liaison(self) -> bool:
        return self.membership.role == Role.LIAISON


def access_release(*, user: UserLike, version_id: int, to_record_uptake: bool = False) -> ReaderAccess:
    """A released version of a dialogue the user is a liaison or facilitator of; with
    `to_record_uptake`, a liaison only (facilitators read, they do not answer for a government)."""
    version = (
        SummaryVersion.objects.select_related("session__dialogue")
        .filter(pk=version_id, status=SummaryStatus.RELEASED)
        .first()
    )
    if version is None:
        raise NotFound
    membership = access_dialogue(user=user, dialogue_id=version.session.dialogue_id, roles=READERS)
    access = ReaderAccess(version=version, membership=membership)
    if to_record_uptake and not access.is_liaison:
        raise ParleyError(
            "forbidden", gettext("Only the dialogue's liaisons record how a proposal was taken up.")
        )
    return access


def access_current_release(*, user: UserLike, session_id: int) -> SummaryVersion:
    """The current released summary of a session, for a liaison or facilitator of its dialogue."""
    session = Session.objects.filter(pk=session_id).only("id", "dialogue_id").first()
    if session is None:
        raise NotFound
    access_dialogue(user=user, dialogue_id=session.dialogue_id, roles=READERS)
    version = released_versions(session=session).select_related("session__dialogue").first()
    if version is None:
        raise NotFound
    return version


def access_releases(*, user: UserLike, dialogue_id: int) -> Membership:
    """A dialogue whose released summaries the user reads (liaisons and facilitators)."""
    return access_dialogue(user=user, dialogue_id=dialogue_id, roles=READERS)


def access_handoff_log(*, user: UserLike, dialogue_id: int) -> Membership:
    """A dialogue whose handoff log the user keeps (its facilitators)."""
    return access_dialogue(user=user, dialogue_id=dialogue_id, roles=FACILITATOR)


def access_uptake(*, user: UserLike, uptake_id: int) -> Uptake:
    """An uptake response in a dialogue the user facilitates."""
    uptake = (
        Uptake.objects.select_related("version__session__dialogue", "liaison").filter(pk=uptake_id).first()
    )
    if uptake is None:
        raise NotFound
    access_dialogue(user=user, dialogue_id=uptake.version.session.dialogue_id, roles=FACILITATOR)
    return uptake
