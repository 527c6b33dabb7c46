"""The API's shapes for single texts (Ninja schemas, so they are in the OpenAPI document). None carries
a person's rating except the caller's own (`mine`), and no figure counts fewer than k people."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from ninja import Field, Schema

from .services import MAX_COMMENT, MAX_CRITICISM, MAX_NOTE
from .text import MAX_CLAUSE_CHARS, MAX_CLAUSES, MAX_TITLE_CHARS


class RatingValue(StrEnum):
    ACCEPTABLE = "acceptable"
    LIVE_WITH = "live_with"
    CANNOT = "cannot"


class ClauseUptakeStatus(StrEnum):
    NOTED = "noted"
    CONSIDERING = "under_consideration"
    TAKEN_FORWARD = "taken_forward"
    DECLINED = "declined"


class TextExportFormat(StrEnum):
    JSON = "json"
    MD = "md"
    HTML = "html"
    PDF = "pdf"


Clauses = list[str]
CLAUSES_FIELD = Field(
    ...,
    min_length=1,
    max_length=MAX_CLAUSES,
    description=f"One string per clause (at most {MAX_CLAUSE_CHARS} characters); alternatives in brackets: "
    "`[option A / option B]`.",
)


class TextIn(Schema):
    title: str = Field(..., min_length=1, max_length=MAX_TITLE_CHARS)
    clauses: Clauses = CLAUSES_FIELD
    note: str = Field("", max_length=MAX_NOTE)


class TextVersionIn(Schema):
    clauses: Clauses = CLAUSES_FIELD
    note: str = Field("", max_length=MAX_NOTE)


class RoundIn(Schema):
    deadline: datetime = Field(
        ..., description="With a time zone; at least 5 minutes and at most 60 days ahead."
    )


class RatingIn(Schema):
    clause: int = Field(..., ge=1, le=MAX_CLAUSES)
    value: RatingValue
    criticism: str = Field("", max_length=MAX_CRITICISM)


class RatingsIn(Schema):
    ratings: list[RatingIn] = Field(..., min_length=1, max_length=MAX_CLAUSES)


class BallotIn(Schema):
    accept: bool


class ClauseUptakeIn(Schema):
    clause: int = Field(..., ge=1, le=MAX_CLAUSES)
    status: ClauseUptakeStatus
    comment: str = Field("", max_length=MAX_COMMENT)


class TextRef(Schema):
    id: int
    title: str
    status: str
    version: int


class ClauseOut(Schema):
    number: int
    text: str
    brackets: list[dict[str, Any]] = Field(description="Each bracket as written and its options.")


class RoundOut(Schema):
    number: int
    version: int
    deadline: datetime
    open: bool


class VoteOut(Schema):
    version: int
    open: bool
    result: str
    accepted: int | None = Field(None, description="Shown only when at least k people voted.")
    rejected: int | None = None


class TextOut(Schema):
    id: int
    title: str
    status: str
    version: int
    note: str
    clauses: list[ClauseOut]
    round: RoundOut | None
    vote: VoteOut | None
    mine: dict[str, dict[str, str]] = Field(
        description="The caller's own ratings in the open round (clause number -> value, criticism)."
    )
    my_ballot: bool | None = None


class TextVersionOut(Schema):
    number: int
    created_at: datetime
    note: str
    clauses: list[str]
    open_brackets: int
    resolved_brackets: list[dict[str, Any]]
    diff_html: list[str] = Field(description="Per clause, the word diff against the previous version (HTML).")


class BucketOut(Schema):
    name: str
    people: int
    counts: dict[str, int]


class ClauseReportOut(Schema):
    number: int
    text: str
    raters: int
    counts: dict[str, int] | None
    parties: list[BucketOut]
    parties_hidden: int
    groups: list[BucketOut]
    groups_hidden: int
    criticisms: list[str]


class ReportOut(Schema):
    round: int | None
    k_min: int
    raters: int
    clauses: list[ClauseReportOut]


class ReleaseClauseOut(Schema):
    number: int
    text: str
    counts: dict[str, int] | None


class TextReleaseOut(Schema):
    id: int
    text: TextRef
    version: int
    agreed: bool
    released_at: datetime
    clauses: list[ReleaseClauseOut]


class SavedOut(Schema):
    saved: int


class ClauseUptakeOut(Schema):
    id: int
    clause: int
    status: str
    comment: str
    created_at: datetime
