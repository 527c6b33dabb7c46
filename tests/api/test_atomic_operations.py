"""Every API operation runs in one transaction: an error response, whatever raised it, means nothing was
written — so a client may retry without creating duplicates."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.testing import TestClient

from core.api import install_edge
from core.errors import ParleyError
from dialogues.models import RuleVersion

pytestmark = pytest.mark.django_db(transaction=True)


def _api() -> NinjaAPI:
    api = NinjaAPI(urls_namespace="atomic-test")
    install_edge(api)

    @api.post("/refused")
    def refused(request: HttpRequest) -> dict[str, str]:
        RuleVersion.objects.create(version=901, text="written before the refusal")
        raise ParleyError("invalid", "Refused after a write.")

    @api.post("/crashed")
    def crashed(request: HttpRequest) -> dict[str, str]:
        RuleVersion.objects.create(version=902, text="written before the crash")
        raise RuntimeError("a bug after a write")

    @api.post("/fine")
    def fine(request: HttpRequest) -> dict[str, str]:
        RuleVersion.objects.create(version=903, text="kept")
        return {"ok": "yes"}

    return api


def test_an_error_after_a_write_commits_nothing() -> None:
    client = TestClient(_api())
    before = RuleVersion.objects.count()

    refused = client.post("/refused")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid"

    crashed = client.post("/crashed")
    assert crashed.status_code == 500
    assert "nothing was changed" in crashed.json()["error"]["message"]

    assert RuleVersion.objects.count() == before, "the writes before each error were rolled back"
    assert client.post("/fine").status_code == 200
    assert RuleVersion.objects.filter(version=903).exists(), "a successful operation commits"
