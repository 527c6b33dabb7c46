"""A dialogue with a facilitator, four participants in two parties, an observer and a liaison."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dialogues.choices import Role
from tests.factories import member

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dialogues.models import Dialogue


@pytest.fixture
def four(dialogue: Dialogue) -> list[User]:
    """Three Northvale participants and one from Southmark."""
    north, south = dialogue.parties.get(name="Northvale"), dialogue.parties.get(name="Southmark")
    return [
        member(
            dialogue,
            Role.PARTICIPANT,
            username=f"part{i}",
            display_name=f"Delegate Number{i}",
            party=south if i == 3 else north,
        )
        for i in range(4)
    ]
