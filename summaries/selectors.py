"""Reads for summary versions. Who may read which is decided in `summaries.access`; these trust their
caller."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from dialogues.models import Session
from participants.accounts import account_name

from .flags import ReviewFlag, unseal
from .models import SummaryStatus, SummaryVersion

DONE = (SummaryStatus.DRAFT, SummaryStatus.APPROVED, SummaryStatus.RELEASED, SummaryStatus.FAILED)


def versions_for_session(*, session: Session) -> QuerySet[SummaryVersion]:
    return (
        SummaryVersion.objects.filter(session=session)
        .select_related("created_by__profile", "parent")
        .order_by("-number")
    )


def released_versions(*, session: Session) -> QuerySet[SummaryVersion]:
    """Released versions, newest first: the first is current, the others were corrected by it."""
    return SummaryVersion.objects.filter(session=session, status=SummaryStatus.RELEASED).order_by("-number")


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


@dataclass(frozen=True)
class SourceLine:
    room: str
    seq: int
    author: str
    text: str


@dataclass(frozen=True)
class PointSources:
    section: str
    point: str
    messages: list[SourceLine]


def point_sources(version: SummaryVersion) -> list[PointSources]:
    """For the facilitator only (the detail page): each main point and the messages it came from, with
    their authors. Liaisons and participants never reach this: exports carry no provenance."""
    from dialogues.models import Message

    entries = [e for e in version.provenance or [] if isinstance(e, dict)]
    ids = {int(i) for e in entries for i in e.get("message_ids", []) if isinstance(i, int)}
    messages = list(
        Message.objects.filter(pk__in=ids, room__session_id=version.session_id).select_related("room")
    )
    # The author link is sealed (`Message.author_id` opens it): then the accounts in one query.
    people = User.objects.select_related("profile").in_bulk({m.author_id for m in messages})
    rows = {m.pk: SourceLine(m.room.title, m.seq, _name(people.get(m.author_id)), m.body) for m in messages}
    return [
        PointSources(
            section=str(e.get("section", "")),
            point=str(e.get("point", "")),
            messages=[rows[i] for i in e.get("message_ids", []) if i in rows],
        )
        for e in entries
    ]


def _name(user: Any) -> str:
    if user is None:  # an account deleted outright (no foreign key keeps it any longer)
        return ""
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or account_name(user)
