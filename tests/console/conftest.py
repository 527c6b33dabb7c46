"""Fixtures for the console: the plenary room, a crowd of participants in two parties, frame helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dialogues.choices import Role
from tests.factories import member

# The live-room suite's own fixtures: fresh identity cache, the plenary room, and per-loop cleanup.
from tests.rooms.conftest import _fresh_identity_cache, _release_loop_resources, room  # noqa: F401

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dialogues.models import Dialogue


@pytest.fixture
def crowd(dialogue: Dialogue) -> list[User]:
    """Six more participants: three in each party, so k = 5 can be reached."""
    north, south = dialogue.parties.first(), dialogue.parties.last()
    return [
        member(
            dialogue,
            Role.PARTICIPANT,
            username=f"crowd{i}",
            display_name=f"Crowd Person {i}",
            organisation=f"Crowd Org {i}",
            party=north if i % 2 else south,
        )
        for i in range(6)
    ]
