"""Read-back: before release, the session's participants read the anonymised draft and flag any line
"this could identify someone", anonymously; release waits until every flag is resolved. After release,
they read the released version, with how each proposal was taken up.

Anonymous means the flag row holds no user, no pseudonym and no hash of one: the facilitator learns that
a line worried someone, never who. (A participant could flag the same line twice; that costs the
facilitator a second "resolved", which is cheaper than a way to tell flaggers apart.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.crypto import seal_text
from core.errors import NotFound, ParleyError
from dialogues.access import UserLike, access_session
from dialogues.choices import Role
from dialogues.models import Session

from .models import ReadBack, ReadBackFlag, SummaryStatus, SummaryVersion, Uptake
from .selectors import released_versions

MAX_HOURS = 24 * 14
MAX_NOTE = 1000
READERS = (Role.PARTICIPANT,)


def readback_open(*, version: SummaryVersion, hours: int, user: User) -> ReadBack:
    """Open (or re-time) the read-back window of a draft or approved version for `hours` from now."""
    if version.status not in (SummaryStatus.DRAFT, SummaryStatus.APPROVED):
        raise ParleyError(
            "invalid", gettext("Only a draft or approved version can be read back before release.")
        )
    if not 1 <= hours <= MAX_HOURS:
        raise ParleyError(
            "invalid", gettext("Choose between 1 and %(max_hours)s hours.") % {"max_hours": MAX_HOURS}
        )
    now = timezone.now()
    read_back, _ = ReadBack.objects.update_or_create(
        version=version,
        defaults={"opens_at": now, "closes_at": now + timedelta(hours=hours), "opened_by": user},
    )
    return read_back


def readback_flag(*, read_back: ReadBack, line: int, note: str = "") -> ReadBackFlag:
    """A participant's anonymous flag on one line of the draft under read-back."""
    now = timezone.now()
    if not read_back.opens_at <= now < read_back.closes_at:
        raise ParleyError("closed", gettext("The read-back window is closed."))
    if read_back.version.status == SummaryStatus.RELEASED:
        raise ParleyError("closed", gettext("This version has been released."))
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ParleyError(
            "invalid", gettext("Keep the note under %(max_note)s characters.") % {"max_note": MAX_NOTE}
        )
    lines = (read_back.version.body or "").split("\n")
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        raise ParleyError("invalid", gettext("That line is not in the draft."))
    return ReadBackFlag.objects.create(read_back=read_back, line=line, line_text=lines[line - 1], note=note)


def readback_resolve(*, flag: ReadBackFlag, resolution: str, user: User) -> None:
    """A facilitator resolves a flag (an edit made, or why the line is safe); recorded, not undone."""
    resolution = resolution.strip()
    if not resolution:
        raise ParleyError(
            "invalid", gettext("Say how the flag was resolved (what you changed, or why it is safe).")
        )
    with transaction.atomic():
        if not ReadBackFlag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(),
            resolved_by=user,
            resolution=seal_text(flag.encryption_scope(), resolution[:MAX_NOTE]),
        ):
            raise ParleyError("conflict", gettext("This flag was already resolved."))


def flags_for_session(*, session_id: int) -> list[ReadBackFlag]:
    return list(
        ReadBackFlag.objects.filter(read_back__version__session_id=session_id)
        .select_related("read_back__version", "resolved_by__profile")
        .order_by("resolved_at", "read_back__version__number", "line", "id")
    )


def access_flag(*, user: UserLike, flag_id: int) -> ReadBackFlag:
    """A read-back flag of a session the user facilitates."""
    from .access import access_session_summaries

    flag = ReadBackFlag.objects.select_related("read_back__version__session").filter(pk=flag_id).first()
    if flag is None:
        raise NotFound
    access_session_summaries(user=user, session_id=flag.read_back.version.session_id)
    return flag


@dataclass(frozen=True)
class ParticipantView:
    """What a participant of the session may read now: the released version, the draft under read-back,
    or nothing yet."""

    session: Session
    released: SummaryVersion | None
    read_back: ReadBack | None


def access_participant_view(*, user: UserLike, session_id: int) -> ParticipantView:
    """The outcome page of a session for its dialogue's participants (anyone else: NotFound)."""
    session = access_session(user=user, session_id=session_id, roles=READERS).session
    released = released_versions(session=session).first()
    read_back = None
    if released is None:
        now = timezone.now()
        read_back = (
            ReadBack.objects.select_related("version")
            .filter(
                version__session=session,
                version__status__in=(SummaryStatus.DRAFT, SummaryStatus.APPROVED),
                opens_at__lte=now,
                closes_at__gt=now,
            )
            .order_by("-version__number")
            .first()
        )
    return ParticipantView(session=session, released=released, read_back=read_back)


def uptake_status_by_proposal(version: SummaryVersion) -> dict[str, str]:
    """The newest status a liaison recorded per proposal key (its label), for participants. Never the
    comment: a liaison's comment reaches participants only through a facilitator's own words."""
    latest: dict[str, str] = {}
    for uptake in Uptake.objects.filter(version__session_id=version.session_id).order_by("created_at", "id"):
        latest[uptake.proposal_key] = uptake.get_status_display()
    return latest
