"""The dialogue, session, agenda and invitation operations: same rules as the pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.crypto import lookup_hash
from dialogues.models import Dialogue, Session
from participants.models import Invitation
from tests.api.conftest import Bearer

pytestmark = pytest.mark.django_db
MANAGE = "manage_dialogues"


def test_liaison_sees_dialogue_without_background_or_parties(
    client: Client, liaison: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    body = client.get(f"/api/v1/dialogues/{dialogue.pk}", **bearer(liaison, "read_summaries")).json()
    assert body["role"] == "liaison" and body["background"] is None and body["parties"] is None
    assert (
        client.get(f"/api/v1/dialogues/{dialogue.pk}/sessions", **bearer(liaison, MANAGE)).status_code == 404
    )


def test_outsider_gets_not_found_exactly_like_a_missing_dialogue(
    client: Client, outsider: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    headers = bearer(outsider, MANAGE)
    hidden = client.get(f"/api/v1/dialogues/{dialogue.pk}", **headers)
    missing = client.get(f"/api/v1/dialogues/{dialogue.pk + 999}", **headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_facilitator_prepares_a_session_through_the_api(
    client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    h = bearer(facilitator, MANAGE)
    created = client.post(
        f"/api/v1/dialogues/{dialogue.pk}/sessions",
        {
            "title": "Round two",
            "starts_at": "2027-02-01T09:00:00",
            "timezone": "Africa/Cairo",
            "duration_minutes": 120,
        },
        content_type="application/json",
        **h,
    )
    assert created.status_code == 201, created.json()
    session = created.json()
    assert session["starts_at"].startswith("2027-02-01T07:00:00") and session["plenary_room"]
    for title in ("Opening", "Water", "Close"):
        r = client.post(
            f"/api/v1/sessions/{session['id']}/agenda", {"title": title}, content_type="application/json", **h
        )
        assert r.status_code == 201
    items = client.get(f"/api/v1/sessions/{session['id']}/agenda", **h).json()
    reordered = client.put(
        f"/api/v1/sessions/{session['id']}/agenda/order",
        {"items": [items[2]["id"], items[0]["id"], items[1]["id"]]},
        content_type="application/json",
        **h,
    ).json()
    assert [i["title"] for i in reordered] == ["Close", "Opening", "Water"]
    bad = client.put(
        f"/api/v1/sessions/{session['id']}/agenda/order",
        {"items": [items[0]["id"]]},
        content_type="application/json",
        **h,
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"
    assert client.delete(f"/api/v1/agenda/{items[1]['id']}", **h).status_code == 204


def test_validation_errors_are_json_with_a_code(
    client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    r = client.post(
        f"/api/v1/dialogues/{dialogue.pk}/sessions",
        {"title": ""},
        content_type="application/json",
        **bearer(facilitator, MANAGE),
    )
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid" and err["details"]
    tz = client.post(
        f"/api/v1/dialogues/{dialogue.pk}/sessions",
        {"title": "x", "starts_at": "2027-01-01T10:00:00", "timezone": "Mars/Base"},
        content_type="application/json",
        **bearer(facilitator, MANAGE),
    )
    assert tz.status_code == 422 and "time zone" in tz.json()["error"]["message"]


def test_participants_cannot_manage(
    client: Client, participant: User, dialogue: Dialogue, session: Session, bearer: Bearer
) -> None:
    h = bearer(participant, MANAGE)
    assert client.get(f"/api/v1/sessions/{session.pk}", **h).status_code == 200
    r = client.post(
        f"/api/v1/sessions/{session.pk}/agenda", {"title": "mine"}, content_type="application/json", **h
    )
    assert r.status_code == 404
    assert client.get(f"/api/v1/dialogues/{dialogue.pk}/invitations", **h).status_code == 404


def test_invitations_by_api(
    client: Client,
    facilitator: User,
    dialogue: Dialogue,
    bearer: Bearer,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    h = bearer(facilitator, MANAGE)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/api/v1/dialogues/{dialogue.pk}/invitations",
            {"email": "new@example.org", "role": "participant", "party": "Northvale"},
            content_type="application/json",
            **h,
        )
    assert r.status_code == 201 and r.json()["status"] == "pending" and len(mail.outbox) == 1
    no_party = client.post(
        f"/api/v1/dialogues/{dialogue.pk}/invitations",
        {"email": "x@example.org", "role": "participant"},
        content_type="application/json",
        **h,
    )
    assert no_party.status_code == 422
    inv = Invitation.objects.get(email_hash=lookup_hash("email", "new@example.org"))
    assert client.delete(f"/api/v1/invitations/{inv.pk}", **h).status_code == 204
    again = client.delete(f"/api/v1/invitations/{inv.pk}", **h)
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_pending"
