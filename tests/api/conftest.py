from __future__ import annotations

import pytest

from participants.tokens import token_create


@pytest.fixture
def bearer():
    """Authorization headers for a fresh token of a user with the given scopes."""

    def make(user, *scopes: str, days: int = 30) -> dict[str, str]:
        issued = token_create(user=user, name="test", scopes=list(scopes), days=days)
        return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}

    return make
