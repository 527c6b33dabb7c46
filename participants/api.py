"""API operations about the caller."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Router, Schema

from core.api import ERRORS
from dialogues.selectors import memberships_for_user
from participants.models import ApiToken

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    display_name: str
    timezone: str
    auth: str
    scopes: list[str]
    dialogues: dict[str, str]


@router.get(
    "/me", response={200: MeOut, **ERRORS}, summary="Who am I, how did I authenticate, and where do I belong"
)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)
    profile = getattr(user, "profile", None)
    token = request.auth if isinstance(getattr(request, "auth", None), ApiToken) else None  # type: ignore[attr-defined]
    return MeOut(
        username=user.get_username(),
        display_name=profile.display_name if profile else user.get_username(),
        timezone=profile.timezone if profile else "UTC",
        auth="token" if token else "session",
        scopes=list(token.scopes) if token else list(ApiToken.Scope.values),
        dialogues={str(m.dialogue_id): m.role for m in memberships_for_user(user=user)},
    )
