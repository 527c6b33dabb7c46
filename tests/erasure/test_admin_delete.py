"""Staff deleting an account in Django's admin: an account whose words a transcript keeps is refused on
the confirmation page (as a protected object), not with a server error; one with none is deleted."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Message, Session

pytestmark = pytest.mark.django_db


def _staff() -> Client:
    admin = User.objects.create_superuser("root-admin", "root@example.org", "x-very-long-password-1")
    client = Client()
    client.force_login(admin)
    return client


def test_an_account_whose_words_are_kept_is_refused_on_the_page(session: Session, participant: User) -> None:
    Message.build(
        room=session.rooms.get(kind="plenary"),
        author_id=participant.pk,
        seq=1,
        client_id=uuid.uuid4(),
        body="kept words",
        created_at=timezone.now(),
    ).save()
    client = _staff()
    url = reverse("admin:auth_user_delete", args=[participant.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "their messages are kept in a transcript" in page.content.decode()

    posted = client.post(url, {"post": "yes"})
    assert posted.status_code == 200  # the same refusal again, not a 500
    assert User.objects.filter(pk=participant.pk).exists()

    bulk = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [participant.pk], "post": "yes"},
    )
    assert bulk.status_code == 200
    assert "their messages are kept in a transcript" in bulk.content.decode()
    assert User.objects.filter(pk=participant.pk).exists()


def test_an_account_with_no_words_is_deleted(participant: User) -> None:
    client = _staff()
    response = client.post(reverse("admin:auth_user_delete", args=[participant.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=participant.pk).exists()
