"""A person's list of signed-in sessions on the profile page, and "sign out everywhere"."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import Client
from django.urls import reverse

from participants import sessions
from participants.models import LoginSession
from tests.accounts.conftest import password_step, signed_in_user_id

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def revoked(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def record(*, user_id: int, reason: str) -> None:
        calls.append(
            {"user_id": user_id, "reason": reason, "in_transaction": transaction.get_autocommit() is False}
        )

    monkeypatch.setattr(sessions, "user_revoked", record)
    return calls


def test_the_profile_lists_each_session_and_marks_this_one(participant: User) -> None:
    laptop, phone = Client(HTTP_USER_AGENT=FIREFOX), Client(HTTP_USER_AGENT=IPHONE)
    password_step(laptop, participant.username)
    password_step(phone, participant.username)
    html = laptop.get(reverse("participants:profile")).content.decode()
    assert "Firefox on Windows" in html and "Safari on iOS" in html
    assert html.count("this browser") == 1
    rows = sessions.sessions_for(user=participant, current_key=laptop.session.session_key)
    assert [r.current for r in rows].count(True) == 1
    assert {r.device for r in rows} == {"Firefox on Windows", "Safari on iOS"}


def test_sign_out_everywhere_ends_every_session_and_closes_sockets(
    participant: User, participant2: User, revoked: list[dict[str, Any]]
) -> None:
    a, b, other = Client(), Client(), Client()
    password_step(a, participant.username)
    password_step(b, participant.username)
    password_step(other, participant2.username)
    assert b.get(reverse("participants:profile")).status_code == 200

    response = a.post(reverse("sign_out_everywhere"), follow=True)
    assert "signed out everywhere (2 sessions ended)" in response.content.decode()
    assert signed_in_user_id(a) is None
    # The other browser's session is gone: its next request is signed out.
    assert b.get(reverse("participants:profile"))["Location"].startswith(reverse("login"))
    assert not LoginSession.objects.filter(user=participant).exists()
    assert revoked == [{"user_id": participant.pk, "reason": "signed_out", "in_transaction": True}]
    # Someone else's session is untouched.
    assert other.get(reverse("participants:profile")).status_code == 200


def test_a_session_from_before_tracking_is_ended_too(participant: User, revoked: list[Any]) -> None:
    """A session no LoginSession row names (made before this existed, or by a tool) still ends."""
    store = SessionStore()
    store["_auth_user_id"] = str(participant.pk)
    store["_auth_user_backend"] = "participants.accounts.SealedModelBackend"
    store["_auth_user_hash"] = participant.get_session_auth_hash()
    store.save()
    client = Client()
    client.force_login(participant)
    assert sessions.sign_out_everywhere(user=participant) == 2
    assert not Session.objects.filter(session_key=store.session_key).exists()


def test_an_untracked_session_is_adopted_on_its_next_request(participant: User) -> None:
    client = Client(HTTP_USER_AGENT=FIREFOX)
    client.force_login(participant)
    LoginSession.objects.all().delete()
    store = client.session  # as a session signed in before tracking existed: never seen
    del store[sessions.SEEN_KEY]
    store.save()
    client.get(reverse("participants:profile"))
    row = LoginSession.objects.get(user=participant)
    assert row.session_key == client.session.session_key and "Firefox" in row.user_agent


def test_sign_out_everywhere_is_a_post(participant: User) -> None:
    client = Client()
    client.force_login(participant)
    assert client.get(reverse("sign_out_everywhere")).status_code == 405
    assert Client().post(reverse("sign_out_everywhere"))["Location"].startswith(reverse("login"))


def test_logging_out_forgets_the_row(participant: User) -> None:
    client = Client()
    password_step(client, participant.username)
    assert LoginSession.objects.filter(user=participant).count() == 1
    client.post(reverse("logout"))
    assert not LoginSession.objects.filter(user=participant).exists()


def test_user_agents_are_described_plainly() -> None:
    assert sessions.describe_user_agent("") == "Unknown device"
    assert sessions.describe_user_agent(FIREFOX) == "Firefox on Windows"
    assert sessions.describe_user_agent(IPHONE) == "Safari on iOS"
    assert sessions.describe_user_agent("curl/8.0") == "curl"
