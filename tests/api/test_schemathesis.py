"""Schemathesis fuzzes every operation of the OpenAPI document through the WSGI application, with real
tokens of a facilitator and of a liaison: no server error, and every response as documented.

Bounded (a few examples per operation) so CI stays fast. Half of the generated cases get the ids of real
objects, so the fuzzer also reaches the code behind the permission checks, not only 404s.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.permission_world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
MAX_EXAMPLES = 6


@pytest.fixture
def world(db: None) -> Iterator[World]:
    # Like Django's test client: keep the test's connection (and its transaction) across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield build_world()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Loaded at collection: the document needs the URL configuration only, not the database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
_alternate = itertools.count()


def _call(case: Any, world: World, persona: str) -> None:
    if next(_alternate) % 2:
        known = world.path_params()
        case.path_parameters = {k: known.get(k, v) for k, v in (case.path_parameters or {}).items()}
    case.call_and_validate(headers={"Authorization": f"Bearer {world.secrets[persona]}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_as_a_facilitator(case: Any, world: World) -> None:
    _call(case, world, "facilitator")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_as_a_liaison(case: Any, world: World) -> None:
    _call(case, world, "liaison")
