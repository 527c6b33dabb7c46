from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from dialogues.choices import Role
from dialogues.models import Dialogue, Room, Session
from tests.factories import consent, member


@pytest.fixture
def interpreter(dialogue: Dialogue) -> User:
    user = member(dialogue, Role.INTERPRETER, username="ines", display_name="Ines Interpreter")
    consent(user, dialogue)
    return user


@pytest.fixture
def room(session: Session) -> Room:
    return session.rooms.get(kind="plenary")
