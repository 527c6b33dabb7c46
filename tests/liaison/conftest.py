from __future__ import annotations

import pytest

from dialogues.choices import Role
from tests.factories import DialogueFactory, member
from tests.liaison.helpers import released


@pytest.fixture
def other_liaison(db):
    """A liaison of another dialogue."""
    return member(DialogueFactory(title="Another dialogue"), Role.LIAISON, username="leon")


@pytest.fixture
def liaison2(dialogue):
    """A second liaison of the same dialogue (another government, say)."""
    return member(dialogue, Role.LIAISON, username="lars", display_name="Lars Liaison")


@pytest.fixture
def release(session, facilitator):
    """A released version of `session`, made directly (no gate): for the portal's pages."""
    return released(session)
