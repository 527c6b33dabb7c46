"""API operations for released summaries, their exports and uptake (liaisons), compiling a draft and the
handoff log (facilitators). The same selectors and services as the liaison portal's and the summary pages."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Path, Router, Schema, Status

from core.api import ERRORS, api_user, require_scope
from core.errors import ParleyError
from core.scopes import Scope
from dialogues import languages
from dialogues.models import Membership

from .access import (
    ReaderAccess,
    access_current_release,
    access_handoff_log,
    access_release,
    access_releases,
    access_session_summaries,
    access_uptake,
)
from .liaison import schemas, selectors, services
from .liaison.downloads import download_response
from .liaison.schemas import (
    AgendaItemAddedOut,
    ExportFormat,
    HandoffOut,
    Ref,
    ReleasedSummaryOut,
    SessionReleasesOut,
    UptakeIn,
    UptakeOut,
)
from .models import ReleaseAccess, SummaryVersion, Uptake
from .services import summary_request

router = Router(tags=["summaries"])
READ = Scope.READ_SUMMARIES
MANAGE = Scope.MANAGE_DIALOGUES
# Ids are positive 64-bit integers; anything else cannot name a row.
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


# Each operation starts with one of these: the token scope and the permission check together, so a new
# operation cannot forget either.


def _reader(request: HttpRequest, version_id: int) -> ReaderAccess:
    """A released version the caller reads (liaison or facilitator), with the read_summaries scope."""
    require_scope(request, READ)
    return access_release(user=api_user(request), version_id=version_id)


def _reading(request: HttpRequest, dialogue_id: int) -> Membership:
    require_scope(request, READ)
    return access_releases(user=api_user(request), dialogue_id=dialogue_id)


def _facilitated(request: HttpRequest, dialogue_id: int) -> Membership:
    require_scope(request, MANAGE)
    return access_handoff_log(user=api_user(request), dialogue_id=dialogue_id)


def _facilitated_uptake(request: HttpRequest, uptake_id: int) -> Uptake:
    require_scope(request, MANAGE)
    return access_uptake(user=api_user(request), uptake_id=uptake_id)


# --- facilitators: compiling a draft ------------------------------------------------------------------


class CompileIn(Schema):
    language: str = Field(
        "",
        max_length=100,
        description="Compile main points in this language, from the interpreters' renderings into it "
        "(a code of the deployment's languages, e.g. `ar`); empty: every message as it was said.",
    )


class CompileOut(Schema):
    id: int = Field(description="The version being compiled (the facilitator's summary page shows it).")
    number: int
    status: str = Field(description="`queued` or `compiling`; the draft follows when the compile ends.")
    language: str


@router.post(
    "/sessions/{session_id}/summaries",
    response={202: CompileOut, **ERRORS},
    summary="Compile a draft summary of a session, optionally in one language (facilitators)",
)
def summary_compile(request: HttpRequest, session_id: Id, payload: CompileIn) -> Status[CompileOut]:
    require_scope(request, MANAGE)
    user = api_user(request)
    session = access_session_summaries(user=user, session_id=session_id)
    # Checked here as well as in the service, so an API caller learns which codes it may send.
    if payload.language and not languages.is_supported(payload.language):
        raise ParleyError(
            "invalid",
            gettext("`language` must be one of: %(codes)s.") % {"codes": ", ".join(languages.codes())},
        )
    version: SummaryVersion = summary_request(
        session_id=session.pk, requested_by_id=user.pk, language=payload.language
    )
    return Status(
        202,
        CompileOut(id=version.pk, number=version.number, status=version.status, language=version.language),
    )


# --- liaisons: released summaries, exports, uptake -----------------------------------------------------


@router.get(
    "/dialogues/{dialogue_id}/summaries",
    response={200: list[SessionReleasesOut], **ERRORS},
    summary="Released summaries of a dialogue, per session (liaisons, facilitators)",
)
def summary_list(request: HttpRequest, dialogue_id: Id) -> list[SessionReleasesOut]:
    membership = _reading(request, dialogue_id)
    return [
        SessionReleasesOut(
            session=schemas.session_ref(group.current),
            current=schemas.version_out(group.current),
            earlier=[schemas.version_out(r.version, r) for r in group.earlier],
        )
        for group in selectors.releases_for_dialogue(dialogue=membership.dialogue)
    ]


@router.get(
    "/sessions/{session_id}/summary",
    response={200: ReleasedSummaryOut, **ERRORS},
    summary="The current released summary of a session; a liaison's read is recorded",
)
def summary_current(request: HttpRequest, session_id: Id) -> ReleasedSummaryOut:
    require_scope(request, READ)
    current = access_current_release(user=api_user(request), session_id=session_id)
    access = _reader(request, current.pk)
    services.access_record(access=access, kind=ReleaseAccess.Kind.READ)
    return schemas.summary_out(access)


@router.get(
    "/summaries/{version_id}",
    response={200: ReleasedSummaryOut, **ERRORS},
    summary="A released summary version; a liaison's read is recorded",
)
def summary_detail(request: HttpRequest, version_id: Id) -> ReleasedSummaryOut:
    access = _reader(request, version_id)
    services.access_record(access=access, kind=ReleaseAccess.Kind.READ)
    return schemas.summary_out(access)


_FILES = {
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    "text/markdown": {"schema": {"type": "string"}},
    "application/json": {
        "schema": {"type": "object", "description": "docs/summary.schema.json", "additionalProperties": True}
    },
}


@router.get(
    "/summaries/{version_id}/export.{fmt}",
    response=ERRORS,
    summary="Download a released summary (PDF, Markdown or JSON); a liaison's download is recorded",
    openapi_extra={"responses": {"200": {"description": "The file, as an attachment.", "content": _FILES}}},
)
def summary_export(request: HttpRequest, version_id: Id, fmt: ExportFormat) -> HttpResponse:
    return download_response(access=_reader(request, version_id), fmt=fmt.value)


@router.get(
    "/summaries/{version_id}/uptake",
    response={200: list[UptakeOut], **ERRORS},
    summary="Uptake responses on the session's releases (a liaison's own; every liaison's for facilitators)",
)
def uptake_list(request: HttpRequest, version_id: Id) -> list[UptakeOut]:
    access = _reader(request, version_id)
    history = selectors.uptake_for_session(
        session=access.version.session, liaison=api_user(request) if access.is_liaison else None
    )
    rows = sorted((r for rows in history.values() for r in rows), key=lambda r: (r.created_at, r.pk))
    return [schemas.uptake_out(r) for r in reversed(rows)]


@router.post(
    "/summaries/{version_id}/uptake",
    response={201: UptakeOut, **ERRORS},
    summary="Record how a proposal was taken up (liaisons; appended, never edited)",
)
def uptake_create(request: HttpRequest, version_id: Id, payload: UptakeIn) -> Status[UptakeOut]:
    access = _reader(request, version_id)
    row = services.uptake_record(
        access=access,
        proposal_key=payload.proposal_key,
        status=payload.status.value,
        comment=payload.comment,
    )
    return Status(201, schemas.uptake_out(row))


# --- facilitators: the handoff log -------------------------------------------------------------------


@router.get(
    "/dialogues/{dialogue_id}/handoff",
    response={200: HandoffOut, **ERRORS},
    tags=["handoff"],
    summary="The handoff log: releases, reads and downloads, uptake responses (facilitators)",
)
def handoff_log(request: HttpRequest, dialogue_id: Id) -> HandoffOut:
    membership = _facilitated(request, dialogue_id)
    log = selectors.handoff_log(dialogue=membership.dialogue)
    return HandoffOut(
        dialogue=Ref(id=log.dialogue.pk, title=log.dialogue.title),
        sessions=[schemas.session_log_out(s) for s in log.sessions],
    )


@router.post(
    "/uptake/{uptake_id}/agenda",
    response={201: AgendaItemAddedOut, **ERRORS},
    tags=["handoff"],
    summary="Bring an uptake response into the next scheduled session's agenda (facilitators)",
)
def uptake_to_agenda(request: HttpRequest, uptake_id: Id) -> Status[AgendaItemAddedOut]:
    row = _facilitated_uptake(request, uptake_id)
    item = services.uptake_to_agenda(uptake=row)
    return Status(
        201,
        AgendaItemAddedOut(
            id=item.pk,
            session=item.session_id,
            position=item.position,
            title=item.title,
            description=item.description,
            timebox_minutes=item.timebox_minutes,
        ),
    )
