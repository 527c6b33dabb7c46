"""The OpenAPI document: served at /api/v1/openapi.json, and the copy in docs/ must match it."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_committed_document_is_what_the_api_serves(client: Client) -> None:
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(DOC.read_text(encoding="utf-8")), (
        "docs/openapi.json is out of date: run `make openapi` and commit the result"
    )


def test_the_document_covers_every_operation_with_json_errors(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    ops = [(path, method, op) for path, item in doc["paths"].items() for method, op in item.items()]
    assert len(ops) >= 25
    for path, method, op in ops:
        assert {"401", "403", "404", "422"} <= set(op["responses"]), (method, path)
        assert op["responses"]["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
    export = doc["paths"]["/api/v1/summaries/{version_id}/export.{fmt}"]["get"]
    assert set(export["responses"]["200"]["content"]) == {
        "application/pdf",
        "text/markdown",
        "application/json",
    }


def test_the_command_checks_and_writes_the_copy(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    with pytest.raises(CommandError, match="out of date"):
        call_command("openapi_schema", output=str(target), check=True, stdout=StringIO())
    call_command("openapi_schema", output=str(target), stdout=StringIO())
    assert target.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
    out = StringIO()
    call_command("openapi_schema", output=str(target), check=True, stdout=out)
    assert "up to date" in out.getvalue()
    target.write_text(target.read_text().replace('"Parley API"', '"Other API"'))
    with pytest.raises(CommandError):
        call_command("openapi_schema", output=str(target), check=True, stdout=StringIO())
