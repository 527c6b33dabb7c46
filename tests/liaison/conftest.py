from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dialogues.choices import Role
from tests.factories import DialogueFactory, member
from tests.liaison.helpers import released

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dialogues.models import Dialogue, Session
    from summaries.models import SummaryVersion


@pytest.fixture
def other_liaison(db: None) -> User:
    """A liaison of another dialogue."""
    return member(DialogueFactory.create(title="Another dialogue"), Role.LIAISON, username="leon")


@pytest.fixture
def liaison2(dialogue: Dialogue) -> User:
    """A second liaison of the same dialogue (another government, say)."""
    return member(dialogue, Role.LIAISON, username="lars", display_name="Lars Liaison")


@pytest.fixture
def release(session: Session, facilitator: User) -> SummaryVersion:
    """A released version of `session`, made directly (no gate): for the portal's pages."""
    return released(session)
