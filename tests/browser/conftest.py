"""Playwright driving Debian's Chromium against a real uvicorn server on the test database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.live import Server, start_server


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """A browser per test: Playwright's sync API runs an event loop in this thread while it is open,
    which would stop pytest-asyncio's tests that follow in the same worker."""
    # While it is open, the test's own ORM calls are plain synchronous code on this thread, so
    # Django's "async context" guard would be a false alarm (the variable is scoped to this test).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is missing")  # the `browser` marker turns this into a failure under CI
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def server(transactional_db: None, artifacts_dir: Path) -> Iterator[Server]:
    srv = start_server(artifacts_dir)
    yield srv
    srv.stop()


class Person:
    """One browser context logged in as one user."""

    def __init__(self, browser: Browser, server: Server, username: str, password: str) -> None:
        self.context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.goto("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def close(self) -> None:
        self.context.close()


# The `people` fixture: open a logged-in browser context as (username, password).
OpenAs = Callable[[str, str], Person]


@pytest.fixture
def people(browser: Browser, server: Server) -> Iterator[OpenAs]:
    opened: list[Person] = []

    def open_as(username: str, password: str) -> Person:
        person = Person(browser, server, username, password)
        opened.append(person)
        return person

    yield open_as
    for p in opened:
        p.close()
