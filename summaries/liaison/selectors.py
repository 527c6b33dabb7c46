"""Reads for the liaison portal and the facilitator's handoff log. Who may read what is decided in
`summaries.access`; these trust their caller. A liaison sees only their own uptake responses: liaisons of
one dialogue may speak for different governments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from dialogues.choices import SessionStatus
from dialogues.models import Dialogue, Session
from participants.accounts import account_name

from ..models import ReleaseAccess, SummaryStatus, SummaryVersion, Uptake
from ..selectors import released_versions
from .proposals import Proposal, proposals_of


@dataclass(frozen=True)
class Release:
    """A released version with its place in the session's history of releases."""

    version: SummaryVersion
    current: SummaryVersion  # the newest release of the session (this one, when it is current)
    corrected_by: SummaryVersion | None  # the next release after this one

    @property
    def is_current(self) -> bool:
        return self.corrected_by is None


def release_of(version: SummaryVersion) -> Release:
    later = list(
        released_versions(session=version.session).filter(number__gt=version.number).order_by("number")
    )
    return Release(
        version=version, current=later[-1] if later else version, corrected_by=later[0] if later else None
    )


@dataclass(frozen=True)
class SessionReleases:
    session: Session
    current: SummaryVersion
    earlier: list[Release]  # newest first, each with the version that corrected it


def releases_for_dialogue(*, dialogue: Dialogue) -> list[SessionReleases]:
    """Sessions with at least one released summary, in session order."""
    versions = SummaryVersion.objects.filter(
        session__dialogue=dialogue, status=SummaryStatus.RELEASED
    ).select_related("session__dialogue", "released_by__profile")
    by_session: dict[int, list[SummaryVersion]] = defaultdict(list)
    for v in versions:
        by_session[v.session_id].append(v)
    out: list[SessionReleases] = []
    for released in by_session.values():
        released.sort(key=lambda v: v.number, reverse=True)
        current = released[0]
        earlier = [Release(v, current, released[i]) for i, v in enumerate(released[1:])]
        out.append(SessionReleases(session=current.session, current=current, earlier=earlier))
    out.sort(key=lambda r: (r.session.starts_at, r.session.pk))
    return out


def uptake_for_session(*, session: Session, liaison: User | None = None) -> dict[str, list[Uptake]]:
    """Uptake responses on the session's released versions by proposal key, newest first.

    Only the given liaison's when `liaison` is set (what a liaison sees); everyone's otherwise.
    """
    rows = Uptake.objects.filter(version__session=session).select_related("version", "liaison__profile")
    if liaison is not None:
        rows = rows.filter(liaison=liaison)
    history: dict[str, list[Uptake]] = defaultdict(list)
    for row in rows.order_by("-created_at", "-id"):
        history[row.proposal_key].append(row)
    return dict(history)


def latest_per_liaison(rows: list[Uptake]) -> list[Uptake]:
    """The newest response of each liaison, from rows ordered newest first."""
    seen: set[int] = set()
    out: list[Uptake] = []
    for row in rows:
        if row.liaison_id not in seen:
            seen.add(row.liaison_id)
            out.append(row)
    return out


def next_session(*, after: Session, now: datetime | None = None) -> Session | None:
    """Where a response to `after`'s summary goes: the dialogue's earliest scheduled session that starts
    later than `after` and has not started yet."""
    now = now or timezone.now()
    return (
        Session.objects.filter(
            dialogue_id=after.dialogue_id,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=now,
            starts_at__gt=after.starts_at,
        )
        .exclude(pk=after.pk)
        .order_by("starts_at", "id")
        .first()
    )


# --- the facilitator's handoff log -----------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseRow:
    version: SummaryVersion
    released_by: User | None  # None if that account was deleted
    corrected_by: int | None


@dataclass(frozen=True)
class AccessRow:
    """Accesses of one liaison account to one version in one way: first and last time, and how often."""

    user: User
    version: SummaryVersion
    kind: str
    kind_label: str
    first: datetime
    last: datetime
    count: int


@dataclass(frozen=True)
class ProposalResponses:
    proposal: Proposal | None  # None when no released version of the session has the key any more
    key: str
    latest: list[Uptake]  # newest response per liaison
    history: list[Uptake]  # every response, newest first


@dataclass
class SessionLog:
    session: Session
    next_session: Session | None  # where its responses go on "add to the agenda"
    releases: list[ReleaseRow] = field(default_factory=list)
    accesses: list[AccessRow] = field(default_factory=list)
    responses: list[ProposalResponses] = field(default_factory=list)


@dataclass(frozen=True)
class HandoffLog:
    dialogue: Dialogue
    sessions: list[SessionLog]

    @property
    def uptake_count(self) -> int:
        return sum(len(r.history) for s in self.sessions for r in s.responses)


def _access_rows(versions: list[SummaryVersion]) -> list[AccessRow]:
    accesses: QuerySet[ReleaseAccess] = (
        ReleaseAccess.objects.filter(version__in=versions)
        .select_related("user__profile")
        .order_by("at", "id")
    )
    by_version = {v.pk: v for v in versions}
    grouped: dict[tuple[int, int, str], list[ReleaseAccess]] = defaultdict(list)
    for a in accesses:
        grouped[(a.version_id, a.user_id, a.kind)].append(a)
    rows = [
        AccessRow(
            user=group[0].user,
            version=by_version[version_id],
            kind=kind,
            kind_label=group[0].get_kind_display(),
            first=group[0].at,
            last=group[-1].at,
            count=len(group),
        )
        for (version_id, _user, kind), group in grouped.items()
    ]
    rows.sort(key=lambda r: r.last, reverse=True)
    return rows


def handoff_log(*, dialogue: Dialogue) -> HandoffLog:
    """Releases, who read or downloaded what, and uptake responses, per session with a release."""
    sessions: list[SessionLog] = []
    for group in releases_for_dialogue(dialogue=dialogue):
        versions = [group.current] + [r.version for r in group.earlier]
        log = SessionLog(session=group.session, next_session=next_session(after=group.session))
        log.releases = [
            ReleaseRow(
                version=v,
                released_by=v.released_by,
                corrected_by=None if v.pk == group.current.pk else _next_number(versions, v),
            )
            for v in versions
        ]
        log.accesses = _access_rows(versions)
        known: dict[str, Proposal] = {}
        for v in reversed(versions):  # the newest wording of a key wins
            known.update({p.key: p for p in proposals_of(v.body)})
        for key, history in uptake_for_session(session=group.session).items():
            log.responses.append(
                ProposalResponses(
                    proposal=known.get(key), key=key, latest=latest_per_liaison(history), history=history
                )
            )
        log.responses.sort(key=lambda r: r.history[0].created_at, reverse=True)
        sessions.append(log)
    return HandoffLog(dialogue=dialogue, sessions=sessions)


def _next_number(versions: list[SummaryVersion], version: SummaryVersion) -> int | None:
    later = sorted(v.number for v in versions if v.number > version.number)
    return later[0] if later else None


def display_name(user: User) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else account_name(user)
