"""Identities are sealed at rest (issue 12, item 1): auth_user, profiles and invitations hold no name,
address, organisation or role in clear, and people still sign in, reset passwords and get invited by the
keyed hashes."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.crypto import lookup_hash
from dialogues.choices import Role
from dialogues.models import Dialogue
from participants import services
from participants.accounts import stored_username
from participants.models import Account, Invitation, Profile
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CANARIES = (
    "Zenobia Quarrington",
    "zq.canary@example.org",
    "Institute of Quarrington Studies",
    "Deputy Canary",
)


def _table_text(*tables: str) -> str:
    """Every cell of the tables as the database holds them (what a dump shows)."""
    out = []
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"SELECT * FROM {table}")
            out += [str(cell) for row in cur.fetchall() for cell in row]
    return "\n".join(out)


def _sign_up(client: Client, dialogue: Dialogue, facilitator: User) -> User:
    issued = services.invitation_create(
        dialogue=dialogue,
        email=CANARIES[1].upper(),
        role=Role.PARTICIPANT,
        party=dialogue.parties.first(),
        created_by=facilitator,
        display_name=CANARIES[0],
        organisation=CANARIES[2],
        position=CANARIES[3],
    )
    response = client.post(
        reverse("participants:invitation", args=[issued.token]),
        {
            "username": "zquarrington",
            "display_name": CANARIES[0],
            "organisation": CANARIES[2],
            "sector": "academic",
            "position": CANARIES[3],
            "timezone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(username=stored_username("zquarrington"))


def test_a_sign_up_leaves_no_identity_in_clear(client: Client, dialogue: Dialogue, facilitator: User) -> None:
    user = _sign_up(client, dialogue, facilitator)
    stored = _table_text(
        "auth_user", "participants_profile", "participants_invitation", "participants_account"
    )
    for canary in (*CANARIES, "zquarrington", "zq.canary"):
        assert canary.lower() not in stored.lower(), canary
    # …while the application reads them back through the fields.
    account = Account.objects.get(user=user)
    assert (account.login_name, account.email) == ("zquarrington", CANARIES[1])
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.organisation, profile.roles) == (
        CANARIES[0],
        CANARIES[2],
        [CANARIES[3]],
    )
    assert Invitation.objects.get(email_hash=lookup_hash("email", CANARIES[1])).display_name == CANARIES[0]


def test_sign_in_by_login_name_or_email_any_case(dialogue: Dialogue, facilitator: User) -> None:
    _sign_up(Client(), dialogue, facilitator)
    for login in ("zquarrington", "ZQuarrington", CANARIES[1], CANARIES[1].upper()):
        client = Client()
        response = client.post(reverse("login"), {"username": login, "password": PASSWORD})
        assert response.status_code == 302 and "_auth_user_id" in client.session, login
    refused = Client().post(reverse("login"), {"username": "zquarrington", "password": "wrong-password-1"})
    assert refused.status_code == 200


def test_password_reset_finds_the_sealed_address_and_its_link_works(
    dialogue: Dialogue, facilitator: User
) -> None:
    _sign_up(Client(), dialogue, facilitator)
    mail.outbox.clear()
    client = Client()
    client.post(reverse("password_reset"), {"email": CANARIES[1].upper()})
    assert [m.to for m in mail.outbox] == [[CANARIES[1]]]
    assert "zquarrington" in mail.outbox[0].body
    link = re.search(r"https?://\S+/reset/\S+/", str(mail.outbox[0].body))
    assert link is not None
    form = client.get(link.group(0), follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-pass-phrase-77", "new_password2": "a-new-pass-phrase-77"},
    )
    assert done.status_code == 302
    again = Client()
    again.post(reverse("login"), {"username": CANARIES[1], "password": "a-new-pass-phrase-77"})
    assert "_auth_user_id" in again.session


def test_a_second_invitation_to_the_same_address_is_refused_in_any_case(
    dialogue: Dialogue, facilitator: User
) -> None:
    services.invitation_create(
        dialogue=dialogue, email="Twice@Example.org", role=Role.OBSERVER, created_by=facilitator
    )
    with pytest.raises(services.InvitationError):
        services.invitation_create(
            dialogue=dialogue, email="twice@example.ORG", role=Role.OBSERVER, created_by=facilitator
        )


def test_a_member_address_is_refused_by_its_hash(
    dialogue: Dialogue, facilitator: User, participant: User
) -> None:
    with pytest.raises(services.InvitationError, match="already a member"):
        services.invitation_create(
            dialogue=dialogue, email=participant.email.upper(), role=Role.OBSERVER, created_by=facilitator
        )


def test_the_lockout_counts_a_hash_not_the_name(client: Client, participant: User) -> None:
    from axes.models import AccessAttempt

    client.post(reverse("login"), {"username": participant.username, "password": "wrong-password-1"})
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [
        stored_username(participant.username)
    ]
    assert participant.username not in _table_text("axes_accessattempt")
