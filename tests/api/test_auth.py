"""API authentication: tokens (hashed, scoped, expiring, revocable, never in a URL), sessions with CSRF."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Dialogue
from participants.models import ApiToken
from participants.tokens import token_create
from tests.api.conftest import AuthHeaders, Bearer

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

MANAGE, READ = "manage_dialogues", "read_summaries"


def error(response: TestResponse) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    error: dict[str, Any] = body["error"]
    return error


def test_anonymous_gets_a_json_401(client: Client) -> None:
    response = client.get("/api/v1/dialogues")
    assert response.status_code == 401
    assert error(response)["code"] == "not_authenticated"


def test_token_is_stored_hashed_and_works(client: Client, facilitator: User, dialogue: Dialogue) -> None:
    issued = token_create(user=facilitator, name="records system", scopes=[MANAGE], days=30)
    assert issued.secret.startswith("prl_")
    stored = ApiToken.objects.get()
    assert stored.token_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in (stored.prefix, stored.name)
    response = client.get("/api/v1/dialogues", HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert response.status_code == 200
    assert [d["id"] for d in response.json()] == [dialogue.pk]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {issued.secret}").json()["auth"] == "token"


@pytest.mark.parametrize("where", ["token", "access_token", "api_key"])
def test_tokens_in_urls_are_refused_and_burned(client: Client, facilitator: User, where: str) -> None:
    issued = token_create(user=facilitator, name="leaky", scopes=[MANAGE], days=30)
    response = client.get(f"/api/v1/dialogues?{where}={issued.secret}")
    assert response.status_code == 400
    err = error(response)
    assert err["code"] == "token_in_url" and "revoked" in err["message"]
    assert ApiToken.objects.get().revoked_at is not None
    # Even with the header, the burned token no longer works.
    again = client.get("/api/v1/dialogues", HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert error(again)["code"] == "invalid_token"


def test_expired_revoked_and_unknown_tokens(client: Client, facilitator: User) -> None:
    issued = token_create(user=facilitator, name="t", scopes=[MANAGE], days=30)
    headers: AuthHeaders = {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert error(client.get("/api/v1/me", **headers))["code"] == "token_expired"
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now())
    assert error(client.get("/api/v1/me", **headers))["code"] == "invalid_token"
    unknown = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer prl_nope")
    assert unknown.status_code == 401 and error(unknown)["code"] == "invalid_token"


def test_deactivated_account_token_stops_working(client: Client, facilitator: User, bearer: Bearer) -> None:
    headers = bearer(facilitator, MANAGE)
    facilitator.is_active = False
    facilitator.save()
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_scopes_are_enforced(client: Client, facilitator: User, dialogue: Dialogue, bearer: Bearer) -> None:
    read_only = bearer(facilitator, READ)
    response = client.post(
        f"/api/v1/dialogues/{dialogue.pk}/sessions",
        {"title": "x", "starts_at": "2027-01-01T10:00:00Z"},
        content_type="application/json",
        **read_only,
    )
    assert response.status_code == 403 and error(response)["code"] == "insufficient_scope"


def test_session_auth_needs_csrf_for_writes(facilitator: User, dialogue: Dialogue) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(facilitator)
    assert browser.get("/api/v1/dialogues").status_code == 200
    url = f"/api/v1/dialogues/{dialogue.pk}/sessions"
    payload = {"title": "x", "starts_at": "2027-01-01T10:00:00Z"}
    refused = browser.post(url, payload, content_type="application/json")
    assert refused.status_code == 403 and error(refused)["code"] == "csrf_failed"
    browser.get(reverse("dialogues:home"))  # sets the CSRF cookie, as the page would
    token = browser.cookies["csrftoken"].value
    ok = browser.post(url, payload, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert ok.status_code == 201


def test_tokens_page_shows_the_secret_once_and_revokes(client: Client, facilitator: User) -> None:
    client.force_login(facilitator)
    created = client.post(
        reverse("participants:token_create"), {"name": "ministry", "scopes": [READ], "days": 30}
    )
    assert created.status_code == 201
    page = created.content.decode()
    token = ApiToken.objects.get()
    secret_start = page.index("prl_")
    secret = page[secret_start : page.index("<", secret_start)]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_hash
    listing = client.get(reverse("participants:profile")).content.decode()
    assert secret not in listing and token.prefix in listing
    client.post(reverse("participants:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_bad_token_form_is_explained(client: Client, facilitator: User) -> None:
    client.force_login(facilitator)
    response = client.post(reverse("participants:token_create"), {"name": "x", "days": 999})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
