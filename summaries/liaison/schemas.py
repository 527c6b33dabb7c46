"""The HTTP API's shapes for released summaries, uptake and the handoff log (Ninja schemas, so they are
in the OpenAPI document), and how the liaison selectors' results become them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.urls import reverse
from ninja import Field, Schema

from participants.accounts import account_name

from .. import exports
from ..access import ReaderAccess
from ..models import SummaryVersion, Uptake
from .downloads import DOWNLOADS
from .proposals import proposals_of
from .selectors import Release, SessionLog, release_of
from .services import MAX_COMMENT


class Ref(Schema):
    id: int
    title: str


class SessionRef(Ref):
    date: str = Field(description="The session's date (ISO 8601) in its own time zone.")


class VersionOut(Schema):
    id: int
    number: int
    released_at: datetime
    content_hash: str = Field(description="`sha256:<hex>` of the body as stored.")
    is_current: bool
    corrected_by: int | None = Field(None, description="Id of the release that corrected this one.")


class SessionReleasesOut(Schema):
    session: SessionRef
    current: VersionOut
    earlier: list[VersionOut] = Field(description="Earlier releases, newest first.")


class ProposalOut(Schema):
    key: str = Field(description="Stable key: record uptake against it.")
    section: str
    heading: str
    text: str = Field(description="As written in the summary (inline Markdown).")
    plain: str


class ReleasedSummaryOut(VersionOut):
    dialogue: Ref
    session: SessionRef
    current: int = Field(description="Id of the session's current release.")
    body_markdown: str
    proposals: list[ProposalOut]
    exports: dict[str, str] = Field(description="Download links by format.")


class UptakeStatus(StrEnum):
    NOTED = "noted"
    CONSIDERING = "under_consideration"
    TAKEN_FORWARD = "taken_forward"
    DECLINED = "declined"


class UptakeIn(Schema):
    proposal_key: str = Field(min_length=1, max_length=40)
    status: UptakeStatus
    comment: str = Field("", max_length=MAX_COMMENT)


class UptakeOut(Schema):
    id: int
    version: int
    version_number: int
    proposal_key: str
    liaison: str = Field(description="The liaison account (liaisons only ever see their own).")
    status: str
    comment: str
    created_at: datetime


class ExportFormat(StrEnum):
    PDF = "pdf"
    MARKDOWN = "md"
    JSON = "json"


class ReleaseLogOut(Schema):
    version: int
    number: int
    released_at: datetime
    released_by: str | None
    corrected_by: int | None = Field(None, description="Number of the version that corrected it.")


class AccessLogOut(Schema):
    liaison: str
    version: int
    number: int
    kind: str
    first: datetime
    last: datetime
    count: int


class ResponsesOut(Schema):
    proposal_key: str
    proposal: str | None = Field(description="Plain text; null when no release has the key any more.")
    latest: list[UptakeOut] = Field(description="The newest response of each liaison.")
    history: list[UptakeOut]


class NextSessionOut(Ref):
    starts_at: datetime


class SessionLogOut(Schema):
    session: Ref
    next_session: NextSessionOut | None = Field(description="Where “add to the agenda” puts a response.")
    releases: list[ReleaseLogOut]
    accesses: list[AccessLogOut]
    responses: list[ResponsesOut]


class HandoffOut(Schema):
    dialogue: Ref
    sessions: list[SessionLogOut]


class AgendaItemAddedOut(Schema):
    id: int
    session: int
    position: int
    title: str
    description: str
    timebox_minutes: int


# --- from selectors' results ------------------------------------------------------------------------


def version_out(version: SummaryVersion, release: Release | None = None) -> VersionOut:
    """`release` says where the version stands; without it, it is the session's current release."""
    assert version.released_at is not None
    corrected_by = release.corrected_by if release else None
    return VersionOut(
        id=version.pk,
        number=version.number,
        released_at=version.released_at,
        content_hash=f"sha256:{version.content_hash}",
        is_current=corrected_by is None,
        corrected_by=corrected_by.pk if corrected_by else None,
    )


def session_ref(version: SummaryVersion) -> SessionRef:
    meta = exports.export_meta(version)
    return SessionRef(id=version.session_id, title=meta.session, date=meta.date)


def summary_out(access: ReaderAccess) -> ReleasedSummaryOut:
    version = access.version
    release = release_of(version)
    base = version_out(version, release)
    return ReleasedSummaryOut(
        **base.dict(),
        dialogue=Ref(id=version.session.dialogue_id, title=version.session.dialogue.title),
        session=session_ref(version),
        current=release.current.pk,
        body_markdown=version.body or "",
        proposals=[
            ProposalOut(key=p.key, section=p.section, heading=p.heading, text=p.text, plain=p.plain)
            for p in proposals_of(version.body)
        ],
        exports={
            fmt: reverse("api:summary_export", kwargs={"version_id": version.pk, "fmt": fmt})
            for fmt in DOWNLOADS
        },
    )


def uptake_out(row: Uptake) -> UptakeOut:
    return UptakeOut(
        id=row.pk,
        version=row.version_id,
        version_number=row.version.number,
        proposal_key=row.proposal_key,
        liaison=account_name(row.liaison),
        status=row.status,
        comment=row.comment,
        created_at=row.created_at,
    )


def session_log_out(log: SessionLog) -> SessionLogOut:
    nxt = log.next_session
    return SessionLogOut(
        session=Ref(id=log.session.pk, title=log.session.title),
        next_session=NextSessionOut(id=nxt.pk, title=nxt.title, starts_at=nxt.starts_at) if nxt else None,
        releases=[
            ReleaseLogOut(
                version=r.version.pk,
                number=r.version.number,
                released_at=r.version.released_at or r.version.created_at,
                released_by=account_name(r.released_by) if r.released_by else None,
                corrected_by=r.corrected_by,
            )
            for r in log.releases
        ],
        accesses=[
            AccessLogOut(
                liaison=account_name(a.user),
                version=a.version.pk,
                number=a.version.number,
                kind=a.kind,
                first=a.first,
                last=a.last,
                count=a.count,
            )
            for a in log.accesses
        ],
        responses=[
            ResponsesOut(
                proposal_key=r.key,
                proposal=r.proposal.plain if r.proposal else None,
                latest=[uptake_out(u) for u in r.latest],
                history=[uptake_out(u) for u in r.history],
            )
            for r in log.responses
        ],
    )
