"""Input the database cannot take is refused as invalid, never a server error (found by Schemathesis on
PostgreSQL): NUL characters, over-long names, ids beyond 64 bits."""

from __future__ import annotations

import json
import smtplib
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from django.core import mail
from django.test import AsyncClient, Client

from dialogues.models import Dialogue
from participants.models import Invitation
from tests.api.conftest import AuthHeaders, Bearer

pytestmark = pytest.mark.django_db
MANAGE = "manage_dialogues"


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/dialogues", {"title": "Basin\x00", "parties": ["A", "B"]}),
        ("/dialogues", {"title": "Basin", "parties": ["A\x00", "B"]}),
        ("/dialogues", {"title": "Basin", "parties": ["A" * 121, "B"]}),
        ("/dialogues/{d}/sessions", {"title": "Round\x00two", "starts_at": "2031-01-01T10:00:00Z"}),
        ("/dialogues/{d}/invitations", {"email": "a\x00@example.org", "role": "observer"}),
        ("/dialogues/{d}/invitations", {"email": "a@example.org", "role": "participant", "party": "N\x00"}),
    ],
)
def test_unstorable_text_is_invalid(
    client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer, path: str, payload: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1" + path.format(d=dialogue.pk),
        payload,
        content_type="application/json",
        **bearer(facilitator, MANAGE),
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"


def test_ids_beyond_64_bits_are_not_found(client: Client, facilitator: User, bearer: Bearer) -> None:
    for url in (f"/api/v1/dialogues/{2**70}", f"/api/v1/dialogues/{2**70}/sessions"):
        response = client.get(url, **bearer(facilitator, MANAGE))
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    client.force_login(facilitator)
    assert client.get(f"/dialogues/{2**70}/").status_code == 404
    assert client.get(f"/dialogues/{2**70}/handoff/").status_code == 404


# Issue 11, finding 6: a bad address answered 500 after the invitation row was committed (a retry
# duplicated it), and a JSON body over 2.5 MB answered 500.
INVITE = "/api/v1/dialogues/{d}/invitations"


def _invite(client: Client, dialogue: Dialogue, headers: AuthHeaders, email: str) -> Any:
    payload = {"email": email, "role": "observer"}
    return client.post(INVITE.format(d=dialogue.pk), payload, content_type="application/json", **headers)


@pytest.mark.parametrize(
    "email",
    [
        "ü@example.org",
        "amina.okafor@-basin-.org",
        "a@b..org",
        "a@" + "é" * 70 + ".org",
        "a@example.o",
        "“quoted”@example.org",
    ],
)
def test_an_address_django_cannot_send_to_is_invalid_and_nothing_is_written(
    client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer, email: str
) -> None:
    response = _invite(client, dialogue, bearer(facilitator, MANAGE), email)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "invalid"
    assert not Invitation.objects.exists()


def test_an_internationalised_domain_is_invited(
    client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    response = _invite(client, dialogue, bearer(facilitator, MANAGE), "Amina@Exämple.org")
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "amina@exämple.org"


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_refusal_after_commit_is_logged_not_a_500(
    client: Client,
    facilitator: User,
    dialogue: Dialogue,
    bearer: Bearer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPRecipientsRefused({"amina@example.org": (550, b"no such user")})

    monkeypatch.setattr("participants.services.send_mail", refuse)
    response = _invite(client, dialogue, bearer(facilitator, MANAGE), "amina@example.org")
    assert response.status_code == 201, response.content
    assert Invitation.objects.count() == 1
    assert "could not be sent" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_sent_after_commit(
    client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    response = _invite(client, dialogue, bearer(facilitator, MANAGE), "amina@exämple.org")
    assert response.status_code == 201
    assert [m.to for m in mail.outbox] == [["amina@exämple.org"]]
    assert "xn--exmple-cua.org" in mail.outbox[0].message().as_string()


BIG = 3 * 1024 * 1024


def test_a_json_body_over_the_limit_is_413_and_nothing_is_written(
    client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    body = json.dumps({"email": "a@example.org", "role": "observer", "display_name": "x" * BIG})
    for path in (INVITE.format(d=dialogue.pk), "/api/v1/dialogues"):
        response = client.post(path, body, content_type="application/json", **bearer(facilitator, MANAGE))
        assert response.status_code == 413, response.content
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"]["code"] == "too_large"
    assert not Invitation.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_a_json_body_over_the_limit_is_413_through_asgi(
    async_client: AsyncClient, facilitator: User, dialogue: Dialogue, bearer: Bearer
) -> None:
    headers = await sync_to_async(bearer)(facilitator, MANAGE)
    body = json.dumps({"email": "a@example.org", "role": "observer", "display_name": "x" * BIG})
    response = await async_client.post(
        INVITE.format(d=dialogue.pk),
        body,
        content_type="application/json",
        headers={"Authorization": headers["HTTP_AUTHORIZATION"]},
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert not await Invitation.objects.aexists()
