"""A participant deletes their account (issue 12, item 2): their identity is erased everywhere, they can no
longer sign in, their words leave the transcripts still kept and stay only in released summaries."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_verify
from core.models import AuditEntry, ErasureReceipt
from dialogues.authorship import written_by
from dialogues.choices import Role
from dialogues.models import Membership, Message, Session
from participants import services as people
from participants.accounts import stored_username
from participants.models import Account, ApiToken, Invitation, Profile
from participants.tokens import token_create
from tests.factories import PASSWORD, DialogueFactory
from tests.liaison.helpers import COMMISSION, released

pytestmark = pytest.mark.django_db


def _dump(*tables: str) -> str:
    with connection.cursor() as cur:
        cells = []
        for table in tables:
            cur.execute(f"SELECT * FROM {table}")
            cells += [str(c) for row in cur.fetchall() for c in row]
    return "\n".join(cells).lower()


def test_deleting_my_account_erases_my_identity_everywhere(
    session: Session, participant: User, facilitator: User, liaison: User
) -> None:
    Message.build(
        room=session.rooms.get(kind="plenary"),
        author_id=participant.pk,
        seq=1,
        client_id=uuid.uuid4(),
        body="CANARY-ERASE my own words",
        created_at=timezone.now(),
    ).save()
    release = released(session)
    token_create(user=participant, name="records", scopes=["read_summaries"], days=10)
    elsewhere = DialogueFactory.create(title="Another dialogue")
    other = people.invitation_create(
        dialogue=elsewhere, email=participant.email, role=Role.OBSERVER, created_by=facilitator
    )
    Invitation.objects.filter(pk=other.invitation.pk).update(revoked_at=timezone.now())
    user_id, email = participant.pk, participant.email

    client = Client()
    client.force_login(participant)
    assert (
        reverse("participants:account_delete").encode() in client.get(reverse("participants:profile")).content
    )
    page = client.get(reverse("participants:account_delete"))
    assert page.status_code == 200 and b"cannot be undone" in page.content
    wrong = client.post(
        reverse("participants:account_delete"), {"password": "not-my-password", "confirm": "on"}
    )
    assert wrong.status_code == 400 and b"not right" in wrong.content
    assert Profile.objects.filter(user_id=user_id).exists()  # nothing erased on a wrong password
    unconfirmed = client.post(reverse("participants:account_delete"), {"password": PASSWORD})
    assert unconfirmed.status_code == 400 and Profile.objects.filter(user_id=user_id).exists()

    done = client.post(reverse("participants:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert client.get(reverse("participants:profile")).status_code == 302  # signed out

    stub = User.objects.get(pk=user_id)
    assert not stub.is_active and not stub.has_usable_password() and stub.username.startswith("~erased-")
    assert not Profile.objects.filter(user_id=user_id).exists()
    assert not Account.objects.filter(user_id=user_id).exists()
    assert not ApiToken.objects.filter(user_id=user_id).exists()
    assert not Invitation.objects.filter(accepted_by_id=user_id).exists()
    assert not Invitation.objects.filter(pk=other.invitation.pk).exists()
    assert not Membership.objects.get(user_id=user_id, dialogue=session.dialogue).is_active
    message = Message.objects.get(written_by(session.dialogue_id, user_id))
    assert message.author_id == user_id  # the stub keeps the id; only what named the person is gone
    assert message.body == "" and message.removed_at is not None
    dump = _dump("auth_user", "participants_profile", "participants_account", "participants_invitation")
    for canary in ("paula", "participant", email.lower(), "canary-erase"):
        assert canary not in dump, canary
    # The name no longer signs in, and the address finds nobody.
    again = Client()
    again.post(reverse("login"), {"username": "paula", "password": PASSWORD})
    assert "_auth_user_id" not in again.session
    assert not User.objects.filter(username=stored_username("paula")).exists()

    receipt = ErasureReceipt.objects.get(kind=ErasureReceipt.Kind.ACCOUNT)
    assert receipt.counts["messages_withdrawn"] == 1 and receipt.counts["invitations"] == 1
    entry = AuditEntry.objects.get(action="account.erased")
    assert entry.seq == receipt.audit_seq and "paula" not in str(entry.detail).lower()
    assert audit_verify()[1] is None

    reader = Client()
    reader.force_login(liaison)
    assert COMMISSION.encode() in reader.get(reverse("liaison:read", args=[release.pk])).content
