"""API tokens and password reset are throttled too, in the database (shared by every server process):
wrong tokens per client address and per token prefix, reset requests per address and per email."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from participants.models import Throttle
from participants.tokens import token_create

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def small_limits(settings: Settings) -> None:
    settings.PARLEY_TOKEN_FAILURE_LIMIT = LIMIT
    settings.PARLEY_PASSWORD_RESET_EMAIL_LIMIT = 3
    settings.PARLEY_PASSWORD_RESET_IP_LIMIT = 6


def _me(token: str, addr: str = "203.0.113.1", client: Client | None = None) -> Any:
    return (client or Client()).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=addr)


def _locked(response: Any) -> None:
    assert response.status_code == 429, response.content
    error = response.json()["error"]
    assert error["code"] == "locked_out"
    assert "Too many failed API token attempts" in error["message"] and "Try again in" in error["message"]


def test_wrong_tokens_from_one_address_lock_it_out_even_for_a_valid_token(participant: User) -> None:
    good = token_create(user=participant, name="t", scopes=["read_summaries"], days=1).secret
    for i in range(LIMIT):
        assert _me(f"prl_guess{i:04d}xxxxxxxxxxxxxxxx").status_code == 401
    _locked(_me("prl_another-guess"))
    _locked(_me(good))  # the address is locked: even a valid token waits
    assert _me(good, addr="198.51.100.2").status_code == 200  # another address is not


def test_wrong_tokens_for_one_prefix_lock_that_prefix_from_any_address(participant: User) -> None:
    good = token_create(user=participant, name="t", scopes=["read_summaries"], days=1).secret
    prefix = good[:10]
    for i in range(LIMIT):  # a guesser who saw the prefix, from many addresses
        assert _me(prefix + f"guess{i}", addr=f"192.0.2.{i + 1}").status_code == 401
    _locked(_me(prefix + "guess-more", addr="192.0.2.200"))
    _locked(_me(good, addr="192.0.2.201"))


def test_the_counter_is_shared_by_two_clients_in_the_database(participant: User) -> None:
    a, b = Client(), Client()
    for i in range(LIMIT):
        _me(f"prl_x{i}", client=a if i % 2 else b)
    assert Throttle.objects.filter(scope="token_ip").get().count == LIMIT
    _locked(_me("prl_y", client=a))
    _locked(_me("prl_y", client=b))
    # The table keeps HMACs, not addresses or tokens.
    assert not Throttle.objects.filter(key__contains="203.0.113").exists()


def test_an_expired_token_is_not_counted_as_a_guess(participant: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    issued = token_create(user=participant, name="t", scopes=["read_summaries"], days=1)
    issued.token.expires_at = timezone.now() - timedelta(minutes=1)
    issued.token.save()
    for _ in range(LIMIT + 2):
        assert _me(issued.secret).json()["error"]["code"] == "token_expired"


def test_password_reset_is_throttled_per_email_with_a_clear_page(participant: User) -> None:
    participant.email = "paula@example.org"
    participant.save()
    client = Client()
    url = reverse("password_reset")
    for _ in range(3):
        response = client.post(url, {"email": "Paula@Example.org"})
        assert response.status_code == 302
    response = client.post(url, {"email": "paula@example.org"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html and "password-reset requests" in html and "Try again in" in html
    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_address(db: None) -> None:
    client = Client(REMOTE_ADDR="203.0.113.99")
    url = reverse("password_reset")
    statuses = [client.post(url, {"email": f"someone{i}@example.org"}).status_code for i in range(8)]
    assert statuses == [302] * 6 + [429] * 2


def test_password_reset_with_bad_input_is_a_form_error(db: None) -> None:
    response = Client().post(reverse("password_reset"), {"email": "not an email\x00"})
    assert response.status_code == 200
    assert b"Traceback" not in response.content
