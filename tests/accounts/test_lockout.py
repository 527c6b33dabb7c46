"""Finding 3 of issue 11: 100 wrong passwords for one account were all answered, then the right one
signed in. Now the account locks after AXES_FAILURE_LIMIT failures, says so clearly with when to try
again, refuses even the right password while locked, and counts in the database, so several server
processes share one count."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.accounts import stored_username
from tests.accounts.conftest import password_step, signed_in_user_id
from tests.factories import PASSWORD
from tests.live import start_server

pytestmark = pytest.mark.django_db


def _assert_lockout_page(response: object) -> None:
    assert response.status_code == 429  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Too many attempts" in html
    assert "failed sign-in attempts" in html
    assert re.search(r"Try again in \d+ minutes?", html), html


def test_hundred_wrong_passwords_lock_the_account_and_refuse_the_right_one(participant: User) -> None:
    client = Client()
    statuses = [password_step(client, participant.username, f"wrong-{i}").status_code for i in range(100)]
    limit = settings.AXES_FAILURE_LIMIT
    # The form answers the wrong password until the limit; from the limit on, the lockout page.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}
    response = password_step(client, participant.username, PASSWORD)
    _assert_lockout_page(response)
    assert signed_in_user_id(client) is None
    assert client.get(reverse("dialogues:home")).status_code == 302  # still signed out


def test_the_right_password_is_refused_from_another_client_too(participant: User) -> None:
    """The lock is on the account, not on one browser: a fresh client (another address) is refused."""
    for i in range(settings.AXES_FAILURE_LIMIT):
        password_step(Client(), participant.username, f"wrong-{i}", REMOTE_ADDR="203.0.113.7")
    other = Client(REMOTE_ADDR="198.51.100.9")
    _assert_lockout_page(password_step(other, participant.username, PASSWORD))
    assert signed_in_user_id(other) is None


def test_the_count_is_in_the_shared_database_across_clients(participant: User) -> None:
    """Attempts spread over two clients (as over two server processes) add up in one table."""
    a, b = Client(), Client()
    half = settings.AXES_FAILURE_LIMIT // 2
    for i in range(half):
        assert password_step(a, participant.username, f"a-{i}").status_code == 200
        assert password_step(b, participant.username, f"b-{i}").status_code in (200, 429)
    total = sum(
        a.failures_since_start
        for a in AccessAttempt.objects.filter(username=stored_username(participant.username))
    )
    assert total == 2 * half
    _assert_lockout_page(password_step(a, participant.username, PASSWORD))


def test_the_lock_ends_after_the_cool_off(participant: User) -> None:
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, participant.username, f"wrong-{i}")
    _assert_lockout_page(password_step(client, participant.username, PASSWORD))
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    response = password_step(client, participant.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(participant.pk)
    # A successful sign-in clears the failures (AXES_RESET_ON_SUCCESS).
    assert not AccessAttempt.objects.filter(username=stored_username(participant.username)).exists()


def test_one_address_trying_many_accounts_is_locked(participant: User, participant2: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.50")
    for i in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, f"nobody-{i}", "guess")
    _assert_lockout_page(password_step(client, participant2.username, PASSWORD))


def test_the_lockout_page_has_no_traceback_for_odd_input(participant: User) -> None:
    client = Client()
    for value in ["\x00", "é" * 5000, "a\x00b", "' OR 1=1 --", ""]:
        response = client.post(reverse("login"), {"username": value, "password": value})
        assert response.status_code in (200, 429)
        assert b"Traceback" not in response.content


# --- two real server processes on the test database ----------------------------------------------


class Browser:
    """A cookie-keeping HTTP client against a real server: fetches the form's CSRF token like a browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def csrf(self) -> str:
        self.opener.open(self.base + "/accounts/login/", timeout=30).read()
        return next(c.value or "" for c in self.jar if c.name == settings.CSRF_COOKIE_NAME)

    def login(self, username: str, password: str) -> tuple[int, str]:
        token = self.csrf()
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=body, method="POST")
        request.add_header("Referer", self.base + "/accounts/login/")
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_lockout_holds_across_two_server_processes(participant: User, artifacts_dir: Path) -> None:
    """Attempts alternate between two uvicorn processes sharing the database: the lock comes at the
    same total count and holds on both, for the right password too."""
    a, b = start_server(artifacts_dir), start_server(artifacts_dir)
    try:
        servers = [Browser(a.url), Browser(b.url)]
        limit = settings.AXES_FAILURE_LIMIT
        statuses = []
        for i in range(limit + 4):
            status, _ = servers[i % 2].login(participant.username, f"wrong-{i}")
            statuses.append(status)
        assert statuses[: limit - 1] == [200] * (limit - 1), statuses
        assert set(statuses[limit - 1 :]) == {429}, statuses
        for browser in (Browser(a.url), Browser(b.url)):
            status, html = browser.login(participant.username, PASSWORD)
            assert status == 429
            assert "Too many attempts" in html and "Try again in" in html
    finally:
        a.stop()
        b.stop()
