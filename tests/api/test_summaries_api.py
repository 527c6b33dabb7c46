"""Released summaries, exports, uptake and the handoff log through the API: the portal's rules."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dialogues.choices import Role
from dialogues.models import AgendaItem, Dialogue, Session
from summaries.liaison.proposals import proposals_of
from summaries.models import ReleaseAccess, SummaryStatus, SummaryVersion, Uptake
from tests.api.conftest import Bearer
from tests.factories import SessionFactory, member
from tests.liaison.helpers import BODY, COMMISSION, GAUGES, released, version

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db
READ, MANAGE = "read_summaries", "manage_dialogues"


def key_of(v: SummaryVersion, plain: str) -> str:
    return next(p.key for p in proposals_of(v.body) if p.plain == plain)


def err(response: TestResponse) -> str:
    code: str = response.json()["error"]["code"]
    return code


@pytest.fixture
def release(session: Session) -> SummaryVersion:
    return released(session)


@pytest.fixture
def liaison2(dialogue: Dialogue) -> User:
    return member(dialogue, Role.LIAISON, username="lars")


def test_a_liaison_lists_the_releases_of_a_dialogue(
    client: Client, liaison: User, dialogue: Dialogue, session: Session, bearer: Bearer
) -> None:
    first = released(session)
    version(session, SummaryStatus.DRAFT)
    second = released(session, BODY.replace("two days", "three days"))
    body = client.get(f"/api/v1/dialogues/{dialogue.pk}/summaries", **bearer(liaison, READ)).json()
    assert len(body) == 1
    [entry] = body
    assert entry["session"]["id"] == session.pk and entry["session"]["title"] == session.title
    assert entry["current"]["id"] == second.pk and entry["current"]["is_current"]
    assert [(e["id"], e["corrected_by"], e["is_current"]) for e in entry["earlier"]] == [
        (first.pk, second.pk, False)
    ]
    assert not ReleaseAccess.objects.exists()  # listing is not reading


def test_reading_a_summary_gives_body_and_proposals_and_is_recorded(
    client: Client, liaison: User, session: Session, release: SummaryVersion, bearer: Bearer
) -> None:
    h = bearer(liaison, READ)
    by_session = client.get(f"/api/v1/sessions/{session.pk}/summary", **h)
    by_id = client.get(f"/api/v1/summaries/{release.pk}", **h)
    assert by_session.status_code == by_id.status_code == 200
    body = by_id.json()
    assert body == by_session.json()
    assert body["body_markdown"] == release.body and body["number"] == 1 and body["is_current"]
    assert body["content_hash"] == f"sha256:{release.content_hash}"
    assert [p["plain"] for p in body["proposals"]] == [p.plain for p in proposals_of(release.body)]
    assert body["exports"]["pdf"] == f"/api/v1/summaries/{release.pk}/export.pdf"
    assert list(ReleaseAccess.objects.values_list("kind", flat=True)) == ["read", "read"]


@pytest.mark.parametrize(
    ("fmt", "content_type", "kind"),
    [
        ("pdf", "application/pdf", "pdf"),
        ("md", "text/markdown", "markdown"),
        ("json", "application/json", "json"),
    ],
)
def test_exports_have_the_right_type_and_are_recorded(
    client: Client,
    liaison: User,
    release: SummaryVersion,
    bearer: Bearer,
    fmt: str,
    content_type: str,
    kind: str,
) -> None:
    response = client.get(f"/api/v1/summaries/{release.pk}/export.{fmt}", **bearer(liaison, READ))
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="summary-session-{release.session_id}-v1.{fmt}"'
    )
    assert ReleaseAccess.objects.get().kind == kind
    if fmt == "json":
        assert json.loads(response.content)["content_hash"] == f"sha256:{release.content_hash}"


def test_unknown_export_format_is_invalid(
    client: Client, liaison: User, release: SummaryVersion, bearer: Bearer
) -> None:
    response = client.get(f"/api/v1/summaries/{release.pk}/export.docx", **bearer(liaison, READ))
    assert response.status_code == 422 and err(response) == "invalid"
    assert not ReleaseAccess.objects.exists()


def test_unreleased_and_foreign_summaries_are_not_found(
    client: Client, liaison: User, participant: User, session: Session, bearer: Bearer
) -> None:
    draft = version(session, SummaryStatus.APPROVED)
    missing = {"error": {"code": "not_found", "message": "Not found."}}
    h = bearer(liaison, READ)
    for url in (
        f"/api/v1/summaries/{draft.pk}",
        f"/api/v1/summaries/{draft.pk}/export.md",
        f"/api/v1/sessions/{session.pk}/summary",  # nothing released yet
        f"/api/v1/summaries/{draft.pk + 100}",
    ):
        response = client.get(url, **h)
        assert response.status_code == 404 and response.json() == missing, url
    release = released(session)
    response = client.get(f"/api/v1/summaries/{release.pk}", **bearer(participant, READ))
    assert response.status_code == 404 and response.json() == missing


def test_scopes_are_enforced(
    client: Client,
    liaison: User,
    facilitator: User,
    dialogue: Dialogue,
    release: SummaryVersion,
    bearer: Bearer,
) -> None:
    wrong = client.get(f"/api/v1/summaries/{release.pk}", **bearer(liaison, MANAGE))
    assert wrong.status_code == 403 and err(wrong) == "insufficient_scope"
    handoff = client.get(f"/api/v1/dialogues/{dialogue.pk}/handoff", **bearer(facilitator, READ))
    assert handoff.status_code == 403 and err(handoff) == "insufficient_scope"


def test_uptake_is_created_listed_and_kept_per_liaison(
    client: Client, liaison: User, liaison2: User, facilitator: User, release: SummaryVersion, bearer: Bearer
) -> None:
    key = key_of(release, COMMISSION)
    for who, status, comment in (
        (liaison, "noted", "Received."),
        (liaison, "taken_forward", "In the plan."),
        (liaison2, "declined", "Not for us."),
    ):
        created = client.post(
            f"/api/v1/summaries/{release.pk}/uptake",
            {"proposal_key": key, "status": status, "comment": comment},
            content_type="application/json",
            **bearer(who, READ),
        )
        assert created.status_code == 201, created.json()
        assert created.json()["status"] == status and created.json()["liaison"] == who.username
    mine = client.get(f"/api/v1/summaries/{release.pk}/uptake", **bearer(liaison, READ)).json()
    assert [(u["status"], u["comment"]) for u in mine] == [
        ("taken_forward", "In the plan."),
        ("noted", "Received."),
    ]
    everyone = client.get(f"/api/v1/summaries/{release.pk}/uptake", **bearer(facilitator, READ)).json()
    assert {u["liaison"] for u in everyone} == {"lena", "lars"} and len(everyone) == 3


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"proposal_key": "p-0000000000000000", "status": "noted"}, 422, "invalid"),
        ({"status": "adopted"}, 422, "invalid"),
        ({"comment": "x" * 5001}, 422, "invalid"),
    ],
)
def test_bad_uptake_is_refused_with_a_code(
    client: Client,
    liaison: User,
    release: SummaryVersion,
    bearer: Bearer,
    payload: dict[str, Any],
    status: int,
    code: str,
) -> None:
    data = {"proposal_key": key_of(release, GAUGES), "status": "noted", **payload}
    response = client.post(
        f"/api/v1/summaries/{release.pk}/uptake",
        data,
        content_type="application/json",
        **bearer(liaison, READ),
    )
    assert response.status_code == status and err(response) == code
    assert not Uptake.objects.exists()


def test_uptake_on_a_corrected_version_is_a_conflict(
    client: Client, liaison: User, session: Session, bearer: Bearer
) -> None:
    first = released(session)
    released(session, BODY.replace("two days", "three days"))
    response = client.post(
        f"/api/v1/summaries/{first.pk}/uptake",
        {"proposal_key": key_of(first, COMMISSION), "status": "noted"},
        content_type="application/json",
        **bearer(liaison, READ),
    )
    assert response.status_code == 409 and err(response) == "superseded"


def test_facilitators_may_not_record_uptake(
    client: Client, facilitator: User, release: SummaryVersion, bearer: Bearer
) -> None:
    response = client.post(
        f"/api/v1/summaries/{release.pk}/uptake",
        {"proposal_key": key_of(release, GAUGES), "status": "noted"},
        content_type="application/json",
        **bearer(facilitator, READ),
    )
    assert response.status_code == 403 and err(response) == "forbidden"


def test_handoff_log_and_agenda_by_api(
    client: Client,
    facilitator: User,
    liaison: User,
    dialogue: Dialogue,
    session: Session,
    release: SummaryVersion,
    bearer: Bearer,
) -> None:
    later = SessionFactory.create(
        dialogue=dialogue, title="Round two", starts_at=timezone.now() + timedelta(days=5), status="scheduled"
    )
    client.get(f"/api/v1/summaries/{release.pk}/export.md", **bearer(liaison, READ))
    uptake = Uptake.objects.create(
        version=release,
        proposal_key=key_of(release, GAUGES),
        liaison=liaison,
        status="taken_forward",
        comment="Yes.",
    )
    h = bearer(facilitator, MANAGE)
    log = client.get(f"/api/v1/dialogues/{dialogue.pk}/handoff", **h).json()
    [s] = log["sessions"]
    assert s["next_session"]["id"] == later.pk
    assert s["releases"][0]["version"] == release.pk and s["releases"][0]["released_by"] is None
    assert [(a["liaison"], a["kind"], a["count"]) for a in s["accesses"]] == [("lena", "markdown", 1)]
    assert s["responses"][0]["proposal"] == GAUGES and s["responses"][0]["latest"][0]["comment"] == "Yes."
    added = client.post(f"/api/v1/uptake/{uptake.pk}/agenda", **h)
    assert added.status_code == 201 and added.json()["session"] == later.pk
    assert AgendaItem.objects.get(pk=added.json()["id"]).title == f"Follow-up: {GAUGES}"
    again = client.post(f"/api/v1/uptake/{uptake.pk}/agenda", **h)
    assert again.status_code == 409 and err(again) == "already_on_agenda"
