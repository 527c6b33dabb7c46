from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.summaries.helpers import Cast, cast

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dialogues.models import AgendaItem, Dialogue, Session


@pytest.fixture
def people(dialogue: Dialogue, facilitator: User) -> Cast:
    return cast(dialogue, facilitator)


@pytest.fixture
def items(session: Session) -> list[AgendaItem]:
    return list(session.agenda_items.order_by("position"))
