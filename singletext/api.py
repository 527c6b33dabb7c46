"""API operations for single texts: the same access getters, selectors and services as the pages.

Scopes: taking part (reading, rating, voting) and facilitating use `manage_dialogues`; released texts
and uptake use `read_summaries`, like released summaries.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Path, Router, Status

from core.api import ERRORS, api_user, require_scope
from core.errors import ParleyError
from core.scopes import Scope

from . import exports, schemas, selectors, services
from .access import (
    TextAccess,
    access_release,
    access_releases,
    access_text,
    access_text_creation,
    access_text_facilitation,
    access_text_rating,
    access_texts,
)
from .confidential import redactor_for
from .models import PackageVote, SingleText, TextRelease
from .text import brackets

router = Router(tags=["single texts"])
MANAGE = Scope.MANAGE_DIALOGUES
READ = Scope.READ_SUMMARIES
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _ref(text: SingleText) -> schemas.TextRef:
    version = selectors.latest_version(text)
    return schemas.TextRef(
        id=text.pk, title=text.title, status=text.status, version=version.number if version else 0
    )


def _vote(vote: PackageVote | None) -> schemas.VoteOut | None:
    if vote is None:
        return None
    return schemas.VoteOut(
        version=vote.version.number,
        open=vote.closed_at is None,
        result=vote.result,
        accepted=vote.accepted,
        rejected=vote.rejected,
    )


def _text_out(access: TextAccess, user_id: int) -> schemas.TextOut:
    text = access.text
    version = selectors.latest_version(text)
    assert version is not None
    round_ = selectors.latest_round(text)
    open_round = selectors.is_open(round_)
    vote = selectors.open_vote(text)
    mine = selectors.my_ratings(round_, user_id) if round_ and open_round and access.is_participant else {}
    return schemas.TextOut(
        id=text.pk,
        title=text.title,
        status=text.status,
        version=version.number,
        note=version.note,
        clauses=[
            schemas.ClauseOut(number=n, text=c, brackets=[b.as_dict() for b in brackets(c)])
            for n, c in enumerate(selectors.clauses_of(version), start=1)
        ],
        round=schemas.RoundOut(
            number=round_.number, version=round_.version.number, deadline=round_.deadline, open=open_round
        )
        if round_
        else None,
        vote=_vote(vote or selectors.last_vote(text)),
        mine={str(k): v for k, v in mine.items()},
        my_ballot=selectors.my_ballot(vote, user_id) if vote and access.is_participant else None,
    )


# --- taking part ---------------------------------------------------------------------------------------


@router.get(
    "/dialogues/{dialogue_id}/texts",
    response={200: list[schemas.TextRef], **ERRORS},
    summary="Single texts of a dialogue (its facilitators, participants and observers)",
)
def text_list(request: HttpRequest, dialogue_id: Id) -> list[schemas.TextRef]:
    require_scope(request, MANAGE)
    membership = access_texts(user=api_user(request), dialogue_id=dialogue_id)
    return [_ref(t) for t in selectors.texts_of(membership.dialogue)]


@router.get("/texts/{text_id}", response={200: schemas.TextOut, **ERRORS}, summary="The current version")
def text_detail(request: HttpRequest, text_id: Id) -> schemas.TextOut:
    require_scope(request, MANAGE)
    user = api_user(request)
    return _text_out(access_text(user=user, text_id=text_id), user.pk)


@router.get(
    "/texts/{text_id}/history",
    response={200: list[schemas.TextVersionOut], **ERRORS},
    summary="Every version, oldest first, with its word diff and the brackets it resolved",
)
def text_history(request: HttpRequest, text_id: Id) -> list[schemas.TextVersionOut]:
    require_scope(request, MANAGE)
    access = access_text(user=api_user(request), text_id=text_id)
    return [
        schemas.TextVersionOut(
            number=v.version.number,
            created_at=v.version.created_at,
            note=v.version.note,
            clauses=v.clauses,
            open_brackets=v.open_brackets,
            resolved_brackets=[r.as_dict() for r in v.resolved],
            diff_html=[d.html for d in v.diff],
        )
        for v in selectors.history(access.text)
    ]


_FILES = {
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    "text/markdown": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "object", "additionalProperties": True}},
}


@router.get(
    "/texts/{text_id}/export.{fmt}",
    response=ERRORS,
    summary="The text and its history as JSON, Markdown, HTML or PDF (no ratings, no criticism)",
    openapi_extra={"responses": {"200": {"description": "The file, as an attachment.", "content": _FILES}}},
)
def text_export(request: HttpRequest, text_id: Id, fmt: schemas.TextExportFormat) -> HttpResponse:
    require_scope(request, MANAGE)
    user = api_user(request)
    access = access_text(user=user, text_id=text_id)
    body = exports.render(access.text, fmt.value)
    services.export_recorded(access=access, user=user, fmt=fmt.value)
    response = HttpResponse(body, content_type=exports.FORMATS[fmt.value][0])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename(access.text, fmt.value)}"'
    )
    return response


@router.post(
    "/texts/{text_id}/ratings",
    response={200: schemas.SavedOut, **ERRORS},
    summary="Rate clauses in the open round (participants); nobody else ever sees these ratings",
)
def ratings_save(request: HttpRequest, text_id: Id, payload: schemas.RatingsIn) -> schemas.SavedOut:
    require_scope(request, MANAGE)
    user = api_user(request)
    access = access_text_rating(user=user, text_id=text_id)
    ratings = {r.clause: (r.value.value, r.criticism) for r in payload.ratings}
    return schemas.SavedOut(saved=services.ratings_save(access=access, user=user, ratings=ratings))


@router.post(
    "/texts/{text_id}/ballot",
    response={200: schemas.SavedOut, **ERRORS},
    summary="Accept or reject the package in the open vote (participants)",
)
def ballot_cast(request: HttpRequest, text_id: Id, payload: schemas.BallotIn) -> schemas.SavedOut:
    require_scope(request, MANAGE)
    user = api_user(request)
    services.ballot_cast(
        access=access_text_rating(user=user, text_id=text_id), user=user, accept=payload.accept
    )
    return schemas.SavedOut(saved=1)


# --- facilitating --------------------------------------------------------------------------------------


@router.post(
    "/dialogues/{dialogue_id}/texts",
    response={201: schemas.TextOut, **ERRORS},
    summary="Create a single text with its first version (facilitators)",
)
def text_create(request: HttpRequest, dialogue_id: Id, payload: schemas.TextIn) -> Status[schemas.TextOut]:
    require_scope(request, MANAGE)
    user = api_user(request)
    access_text_creation(user=user, dialogue_id=dialogue_id)
    text = services.text_create(
        dialogue_id=dialogue_id,
        user=user,
        title=payload.title,
        source="\n".join(payload.clauses),
        note=payload.note,
    )
    return Status(201, _text_out(access_text(user=user, text_id=text.pk), user.pk))


@router.post(
    "/texts/{text_id}/versions",
    response={201: schemas.TextOut, **ERRORS},
    summary="Draft the next version (facilitators; not while a round or the vote is open)",
)
def version_create(
    request: HttpRequest, text_id: Id, payload: schemas.TextVersionIn
) -> Status[schemas.TextOut]:
    require_scope(request, MANAGE)
    user = api_user(request)
    access = access_text_facilitation(user=user, text_id=text_id)
    if any("\n" in c for c in payload.clauses):
        raise ParleyError("invalid", gettext("A clause is one line of text."))
    services.version_create(access=access, user=user, source="\n".join(payload.clauses), note=payload.note)
    return Status(201, _text_out(access, user.pk))


@router.post(
    "/texts/{text_id}/rounds",
    response={201: schemas.RoundOut, **ERRORS},
    summary="Open a round of ratings on the current version (facilitators)",
)
def round_open(request: HttpRequest, text_id: Id, payload: schemas.RoundIn) -> Status[schemas.RoundOut]:
    require_scope(request, MANAGE)
    user = api_user(request)
    access = access_text_facilitation(user=user, text_id=text_id)
    r = services.round_open(access=access, user=user, deadline=payload.deadline)
    return Status(
        201, schemas.RoundOut(number=r.number, version=r.version.number, deadline=r.deadline, open=True)
    )


@router.get(
    "/texts/{text_id}/report",
    response={200: schemas.ReportOut, **ERRORS},
    summary="The latest round per clause: k-safe counts by party and opinion group, redacted criticism",
)
def round_report(request: HttpRequest, text_id: Id) -> schemas.ReportOut:
    require_scope(request, MANAGE)
    access = access_text_facilitation(user=api_user(request), text_id=text_id)
    round_ = selectors.latest_round(access.text)
    if round_ is None:
        return schemas.ReportOut(round=None, k_min=selectors.k_min(), raters=0, clauses=[])
    report = selectors.round_report(round_, redact=redactor_for(access.text.dialogue_id))
    return schemas.ReportOut(
        round=round_.number,
        k_min=report.k,
        raters=report.raters,
        clauses=[schemas.ClauseReportOut(**vars(c)) for c in report.clauses],
    )


@router.post(
    "/texts/{text_id}/package-vote",
    response={201: schemas.VoteOut, **ERRORS},
    summary="Open the package vote on the current version (facilitators)",
)
def vote_open(request: HttpRequest, text_id: Id) -> Status[schemas.VoteOut]:
    require_scope(request, MANAGE)
    user = api_user(request)
    vote = services.vote_open(access=access_text_facilitation(user=user, text_id=text_id), user=user)
    out = _vote(vote)
    assert out is not None
    return Status(201, out)


@router.post(
    "/texts/{text_id}/package-vote/close",
    response={200: schemas.VoteOut, **ERRORS},
    summary="Close the package vote: agreed ad referendum, not agreed, or too few votes to say (k)",
)
def vote_close(request: HttpRequest, text_id: Id) -> schemas.VoteOut:
    require_scope(request, MANAGE)
    user = api_user(request)
    out = _vote(services.vote_close(access=access_text_facilitation(user=user, text_id=text_id), user=user))
    assert out is not None
    return out


def _release_out(release: TextRelease) -> schemas.TextReleaseOut:
    return schemas.TextReleaseOut(
        id=release.pk,
        text=_ref(release.text),
        version=release.version.number,
        agreed=release.agreed,
        released_at=release.released_at,
        clauses=[schemas.ReleaseClauseOut(**c) for c in selectors.release_clauses(release)],
    )


@router.post(
    "/texts/{text_id}/releases",
    response={201: schemas.TextReleaseOut, **ERRORS},
    summary="Release the current version to the liaisons, through the leak gate (facilitators)",
)
def text_release(request: HttpRequest, text_id: Id) -> Status[schemas.TextReleaseOut]:
    require_scope(request, MANAGE)
    user = api_user(request)
    release = services.text_release(access=access_text_facilitation(user=user, text_id=text_id), user=user)
    return Status(201, _release_out(release))


# --- liaisons ------------------------------------------------------------------------------------------


@router.get(
    "/dialogues/{dialogue_id}/text-releases",
    response={200: list[schemas.TextReleaseOut], **ERRORS},
    summary="Released single texts of a dialogue (liaisons, facilitators)",
)
def release_list(request: HttpRequest, dialogue_id: Id) -> list[schemas.TextReleaseOut]:
    require_scope(request, READ)
    membership = access_releases(user=api_user(request), dialogue_id=dialogue_id)
    return [_release_out(r) for r in selectors.releases_for_dialogue(membership.dialogue)]


@router.get(
    "/text-releases/{release_id}",
    response={200: schemas.TextReleaseOut, **ERRORS},
    summary="A released text with its acceptance profile per clause; a liaison's read is recorded",
)
def release_detail(request: HttpRequest, release_id: Id) -> schemas.TextReleaseOut:
    require_scope(request, READ)
    user = api_user(request)
    access = access_release(user=user, release_id=release_id)
    services.release_read(access=access, user=user)
    return _release_out(access.release)


@router.post(
    "/text-releases/{release_id}/uptake",
    response={201: schemas.ClauseUptakeOut, **ERRORS},
    summary="Record how a clause was taken up (liaisons)",
)
def uptake_record(
    request: HttpRequest, release_id: Id, payload: schemas.ClauseUptakeIn
) -> Status[schemas.ClauseUptakeOut]:
    require_scope(request, READ)
    user = api_user(request)
    access = access_release(user=user, release_id=release_id, to_record_uptake=True)
    row = services.uptake_record(
        access=access, user=user, clause=payload.clause, status=payload.status.value, comment=payload.comment
    )
    return Status(
        201,
        schemas.ClauseUptakeOut(
            id=row.pk, clause=row.clause, status=row.status, comment=row.comment, created_at=row.created_at
        ),
    )
