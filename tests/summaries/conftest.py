from __future__ import annotations

import pytest

from tests.summaries.helpers import Cast, cast


@pytest.fixture
def people(dialogue, facilitator) -> Cast:
    return cast(dialogue, facilitator)


@pytest.fixture
def items(session):
    return list(session.agenda_items.order_by("position"))
