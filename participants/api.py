"""API operations about people: the caller (`/me`) and a dialogue's invitations."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from core.api import ERRORS, api_user, require_scope
from core.errors import ParleyError
from core.scopes import Scope
from dialogues.api import NO_NUL, facilitator_membership
from dialogues.choices import Role
from dialogues.selectors import memberships_for_user
from participants.models import ApiToken, Invitation

from . import accounts, selectors, services
from .access import access_invitation

router = Router(tags=["me"])
# A dialogue's invitations; mounted after the dialogues router, where the operations have always been listed.
invitations_router = Router(tags=["dialogues"])


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
        username=accounts.account_name(user),
        display_name=profile.display_name if profile else accounts.account_name(user),
        timezone=profile.timezone if profile else "UTC",
        auth="token" if token else "session",
        scopes=list(token.scopes) if token else list(ApiToken.Scope.values),
        dialogues={str(m.dialogue_id): m.role for m in memberships_for_user(user=user)},
    )


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    party: str | None
    status: str
    expires_at: datetime


class InvitationIn(Schema):
    email: str = Field(max_length=254, pattern=r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")
    role: Role
    party: str | None = Field(None, description="Party name; required for participants.", pattern=NO_NUL)
    display_name: str = Field("", max_length=150, pattern=NO_NUL)


# --- invitations ---------------------------------------------------------------------------------


def _invitation_out(inv: Invitation) -> InvitationOut:
    return InvitationOut(
        id=inv.pk,
        email=inv.email,
        role=inv.role,
        party=inv.party.name if inv.party else None,
        status=inv.status,
        expires_at=inv.expires_at,
    )


@invitations_router.get(
    "/dialogues/{dialogue_id}/invitations",
    response={200: list[InvitationOut], **ERRORS},
    operation_id="dialogues_api_invitation_list",
)
def invitation_list(request: HttpRequest, dialogue_id: int) -> list[InvitationOut]:
    m = facilitator_membership(request, dialogue_id)
    return [_invitation_out(i) for i in selectors.invitations_for_dialogue(dialogue=m.dialogue)]


@invitations_router.post(
    "/dialogues/{dialogue_id}/invitations",
    response={201: InvitationOut, **ERRORS},
    summary="Invite by email",
    operation_id="dialogues_api_invitation_create",
)
def invitation_create(request: HttpRequest, dialogue_id: int, payload: InvitationIn) -> Status[InvitationOut]:
    m = facilitator_membership(request, dialogue_id)
    party = None
    if payload.party:
        party = m.dialogue.parties.filter(name=payload.party).first()
        if party is None:
            raise ParleyError(
                "invalid", gettext("“%(party)s” is not a party of this dialogue.") % {"party": payload.party}
            )
    if payload.role == Role.PARTICIPANT and party is None:
        raise ParleyError("invalid", gettext("Participants belong to one of the dialogue's parties."))
    issued = services.invitation_create(
        dialogue=m.dialogue,
        email=payload.email,
        role=payload.role,
        party=party,
        display_name=payload.display_name,
        created_by=api_user(request),
    )
    return Status(201, _invitation_out(issued.invitation))


@invitations_router.delete(
    "/invitations/{invitation_id}",
    response={204: None, **ERRORS},
    summary="Withdraw a pending invitation",
    operation_id="dialogues_api_invitation_revoke",
)
def invitation_revoke(request: HttpRequest, invitation_id: int) -> Status[None]:
    require_scope(request, Scope.MANAGE_DIALOGUES)
    invitation = access_invitation(user=api_user(request), invitation_id=invitation_id)
    if not services.invitation_revoke(invitation=invitation):
        raise ParleyError(
            "not_pending", gettext("That invitation was already used or withdrawn; nothing changed.")
        )
    return Status(204, None)
