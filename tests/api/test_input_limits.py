"""Input the database cannot take is refused as invalid, never a server error (found by Schemathesis on
PostgreSQL): NUL characters, over-long names, ids beyond 64 bits."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dialogues.models import Dialogue
from tests.api.conftest import Bearer

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
