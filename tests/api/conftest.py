from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypedDict

import pytest

from participants.tokens import token_create

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AuthHeaders(TypedDict):
    """Extra request headers for the test client (`client.get(url, **headers)`)."""

    HTTP_AUTHORIZATION: str


class Bearer(Protocol):
    """The `bearer` fixture: headers for a fresh token of `user` with the given scopes."""

    def __call__(self, user: User, *scopes: str, days: int = 30) -> AuthHeaders: ...


@pytest.fixture
def bearer() -> Bearer:
    """Authorization headers for a fresh token of a user with the given scopes."""

    def make(user: User, *scopes: str, days: int = 30) -> AuthHeaders:
        issued = token_create(user=user, name="test", scopes=list(scopes), days=days)
        return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}

    return make
