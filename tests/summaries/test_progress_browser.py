"""The progress bar in a real browser: it follows the compile, then the page shows the draft.

Chromium's requests are answered by Django's test client (Playwright request routing), so the page,
its script and the JSON endpoint it polls run the real views, without a server thread. Playwright switches
contexts (greenlets) for its callbacks and for the code inside it, and Django gives each context a
database connection of its own: the test commits (transaction=True) so that they all see its rows, and
each is closed when its context is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, Route

from dialogues.models import Session
from summaries import services
from summaries.models import SummaryStatus, SummaryVersion
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ORIGIN = "http://parley.test"


@pytest.fixture
def page(client: Client, facilitator: User, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    # Playwright's sync API runs an event loop in this thread; the views it calls back are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    client.force_login(facilitator)

    def answer(route: Route) -> None:
        parts = urlsplit(route.request.url)
        try:
            response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
            body = b"".join(response) if isinstance(response, StreamingHttpResponse) else response.content
        finally:
            connections.close_all()
        route.fulfill(status=response.status_code, content_type=response["Content-Type"], body=body)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route(f"{ORIGIN}/**", answer)
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        yield tab
        # Code inside `sync_playwright()` (this test's body too) runs in a context of its own, with a
        # connection of its own: close it, or it outlives the test and blocks dropping the database.
        connections.close_all()
        browser.close()


def test_the_bar_follows_the_compile_and_the_draft_appears(
    page: Page, session: Session, facilitator: User
) -> None:
    version = services.summary_request(session_id=session.pk, requested_by_id=facilitator.pk)
    rows = SummaryVersion.objects.filter(pk=version.pk)
    rows.update(status=SummaryStatus.COMPILING, progress=10, progress_note="Removing names and identifiers")

    page.goto(ORIGIN + reverse("summaries:summary", args=[version.pk]))
    assert page.locator("#summary-progress").get_attribute("value") == "10"

    rows.update(progress=55, progress_note="Summarising the discussion")
    page.wait_for_function("document.getElementById('summary-progress').value === 55")
    assert "55% · Summarising the discussion" in page.locator("#summary-progress-note").inner_text()

    rows.update(
        status=SummaryStatus.DRAFT, progress=100, body="## Water releases\n\n- Publish releases weekly.\n"
    )
    page.wait_for_selector("text=Publish releases weekly.")
    assert page.locator("#summary-progress").count() == 0
    assert page.locator("h2#gate-title").is_visible()
