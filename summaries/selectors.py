"""Reads for summary versions, permission-checked where a user is involved.

One rule, as everywhere in Parley: a version or session you may not see answers exactly like one that
does not exist (Http404), so existence never leaks. Facilitators of the dialogue see every version;
liaisons only released ones, through `release_for_liaison`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from dialogues.choices import Role
from dialogues.models import Session
from dialogues.selectors import NOT_FOUND, UserLike, membership_get, session_get

from .flags import ReviewFlag, unseal
from .models import SummaryStatus, SummaryVersion

FACILITATOR = (Role.FACILITATOR,)
DONE = (SummaryStatus.DRAFT, SummaryStatus.APPROVED, SummaryStatus.RELEASED, SummaryStatus.FAILED)


def session_for_facilitator(*, user: UserLike, session_id: int) -> Session:
    return session_get(user=user, session_id=session_id, roles=FACILITATOR).session


def version_for_facilitator(*, user: UserLike, version_id: int) -> SummaryVersion:
    """A version of a session the user facilitates, else Http404."""
    version = SummaryVersion.objects.select_related("session__dialogue").filter(pk=version_id).first()
    if version is None:
        raise Http404(NOT_FOUND)
    session_get(user=user, session_id=version.session_id, roles=FACILITATOR)
    return version


def versions_for_session(*, session: Session) -> QuerySet[SummaryVersion]:
    return (
        SummaryVersion.objects.filter(session=session)
        .select_related("created_by__profile", "parent")
        .order_by("-number")
    )


def released_versions(*, session: Session) -> QuerySet[SummaryVersion]:
    """Released versions, newest first: the first is current, the others were corrected by it."""
    return SummaryVersion.objects.filter(session=session, status=SummaryStatus.RELEASED).order_by("-number")


def release_for_liaison(*, user: UserLike, session_id: int) -> SummaryVersion:
    """The current released summary of a session for a liaison (or facilitator) of its dialogue.

    Http404 when the user may not read it or nothing is released yet: a liaison cannot tell a session
    without a release from one that does not exist.
    """
    session = Session.objects.filter(pk=session_id).only("id", "dialogue_id").first()
    if session is None:
        raise Http404(NOT_FOUND)
    membership_get(user=user, dialogue_id=session.dialogue_id, roles=(Role.LIAISON, Role.FACILITATOR))
    version = released_versions(session=session).select_related("session__dialogue").first()
    if version is None:
        raise Http404(NOT_FOUND)
    return version


def progress_payload(version: SummaryVersion) -> dict[str, Any]:
    """What the progress bar polls: small, and nothing from the summary itself."""
    return {
        "status": version.status,
        "status_label": version.get_status_display(),
        "progress": 100 if version.status in DONE else int(version.progress),
        "note": version.error if version.status == SummaryStatus.FAILED else version.progress_note,
        "done": version.status in DONE,
    }


def review_flags(version: SummaryVersion) -> list[ReviewFlag]:
    """The facilitator's review list for this version, in-draft sentences first."""
    return unseal(version.review, version.body or "")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "ctx" or "hunk"
    text: str


def version_diff(old: SummaryVersion, new: SummaryVersion, *, context: int = 3) -> list[DiffLine]:
    """A unified line diff of two versions' bodies (difflib), for the compare page."""
    lines = difflib.unified_diff(
        (old.body or "").splitlines(),
        (new.body or "").splitlines(),
        fromfile=f"version {old.number}",
        tofile=f"version {new.number}",
        n=context,
        lineterm="",
    )
    out = []
    for index, line in enumerate(lines):
        if index < 2:  # the "--- version 1" / "+++ version 2" header
            continue
        if line.startswith("@@"):
            out.append(DiffLine("hunk", line))
        elif line.startswith("+"):
            out.append(DiffLine("add", line[1:]))
        elif line.startswith("-"):
            out.append(DiffLine("del", line[1:]))
        else:
            out.append(DiffLine("ctx", line[1:]))
    return out
