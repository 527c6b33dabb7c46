"""Invitation lifecycle: issue, accept (new or existing account), and every way a token can be bad."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.crypto import lookup_hash
from dialogues.choices import Role
from dialogues.models import Dialogue, Membership
from participants import services
from participants.accounts import reveal, stored_username
from participants.models import Invitation
from participants.services import IssuedInvitation
from tests.factories import PASSWORD, ProfileFactory, UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def issued(
    dialogue: Dialogue, facilitator: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> IssuedInvitation:
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(
            dialogue=dialogue,
            email="New.Person@Example.org",
            role=Role.PARTICIPANT,
            party=dialogue.parties.first(),
            created_by=facilitator,
            display_name="New Person",
        )


def _url(token: str) -> str:
    return reverse("participants:invitation", args=[token])


def _signup(client: Client, token: str, username: str = "newperson") -> TestResponse:
    return client.post(
        _url(token),
        {
            "username": username,
            "display_name": "New Person",
            "timezone": "Africa/Nairobi",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )


def test_token_is_emailed_and_only_its_hash_is_stored(issued: IssuedInvitation) -> None:
    inv = issued.invitation
    assert inv.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert not Invitation.objects.filter(token_hash=issued.token).exists()
    assert len(mail.outbox) == 1
    assert issued.url in mail.outbox[0].body
    assert mail.outbox[0].to == ["new.person@example.org"]


def test_new_account_accepts_then_goes_to_consent(
    client: Client, issued: IssuedInvitation, dialogue: Dialogue
) -> None:
    response = _signup(client, issued.token)
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:consent", args=[dialogue.pk])
    user = reveal(User.objects.get(username=stored_username("newperson")))
    assert user.email == "new.person@example.org"
    assert user.password.startswith("argon2")
    assert user.profile.timezone == "Africa/Nairobi"
    m = Membership.objects.get(user=user, dialogue=dialogue)
    assert m.role == Role.PARTICIPANT and m.party == dialogue.parties.first()
    issued.invitation.refresh_from_db()
    assert issued.invitation.accepted_by == user and issued.invitation.status == "accepted"


def test_reused_token_is_refused_and_changes_nothing(client: Client, issued: IssuedInvitation) -> None:
    _signup(client, issued.token)
    client.logout()
    response = _signup(client, issued.token, username="someoneelse")
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not User.objects.filter(username=stored_username("someoneelse")).exists()


def test_expired_token_is_refused(client: Client, issued: IssuedInvitation) -> None:
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = _signup(client, issued.token)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(username=stored_username("newperson")).exists()


def test_revoked_token_is_refused(client: Client, issued: IssuedInvitation) -> None:
    assert services.invitation_revoke(invitation=issued.invitation)
    response = client.get(_url(issued.token))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_wrong_token_is_not_found(client: Client, issued: IssuedInvitation) -> None:
    response = client.get(_url(issued.token[:-2] + "xx"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_logged_in_as_someone_else_is_refused_and_changes_nothing(
    client: Client, issued: IssuedInvitation, participant: User, dialogue: Dialogue
) -> None:
    client.force_login(participant)
    page = client.get(_url(issued.token))
    assert page.status_code == 409
    assert "different email address" in page.content.decode()
    response = client.post(_url(issued.token))
    assert response.status_code == 409
    issued.invitation.refresh_from_db()
    assert issued.invitation.status == "pending"
    assert Membership.objects.filter(dialogue=dialogue, user=participant).count() == 1


def test_existing_account_with_the_address_links_after_login(
    client: Client, issued: IssuedInvitation, dialogue: Dialogue
) -> None:
    user = UserFactory.create(username="returning", email="new.person@example.org")
    ProfileFactory.create(user=user)
    page = client.get(_url(issued.token))
    assert "Log in to accept" in page.content.decode()
    # Signing up again with that address is refused rather than creating a twin account.
    assert _signup(client, issued.token, username="twin").status_code == 200
    assert not User.objects.filter(username=stored_username("twin")).exists()
    assert client.login(request=HttpRequest(), username="returning", password=PASSWORD)
    response = client.post(_url(issued.token))
    assert response.status_code == 302
    assert Membership.objects.filter(dialogue=dialogue, user=user, role=Role.PARTICIPANT).exists()


def test_claim_is_compare_and_swap(issued: IssuedInvitation, dialogue: Dialogue) -> None:
    user = UserFactory.create(email="new.person@example.org")
    services.invitation_accept_existing(token=issued.token, user=user)
    with pytest.raises(services.InvitationError) as err:
        services.invitation_accept_existing(token=issued.token, user=user)
    assert err.value.code == "used"


def test_revoking_a_used_invitation_changes_nothing(issued: IssuedInvitation) -> None:
    user = UserFactory.create(email="new.person@example.org")
    services.invitation_accept_existing(token=issued.token, user=user)
    assert services.invitation_revoke(invitation=issued.invitation) is False
    issued.invitation.refresh_from_db()
    assert issued.invitation.status == "accepted"


def test_facilitator_sends_and_withdraws_from_the_browser(
    client: Client,
    facilitator: User,
    dialogue: Dialogue,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client.force_login(facilitator)
    url = reverse("participants:invitations", args=[dialogue.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "liaison@gov.example", "role": Role.LIAISON, "display_name": "", "party": ""}
        )
    assert response.status_code == 200 and "Copy link" in response.content.decode()
    inv = Invitation.objects.get(email_hash=lookup_hash("email", "liaison@gov.example"))
    assert len(mail.outbox) == 1
    page = client.get(url).content.decode()
    assert "liaison@gov.example" in page and "pending" in page
    client.post(reverse("participants:invitation_revoke", args=[dialogue.pk, inv.pk]))
    inv.refresh_from_db()
    assert inv.status == "revoked"


def test_participant_invitation_needs_a_party(client: Client, facilitator: User, dialogue: Dialogue) -> None:
    client.force_login(facilitator)
    response = client.post(
        reverse("participants:invitations", args=[dialogue.pk]),
        {"email": "p@example.org", "role": Role.PARTICIPANT, "display_name": "", "party": ""},
    )
    assert response.status_code == 200
    assert "belong to one of the dialogue" in response.content.decode()
    assert not Invitation.objects.exists()
