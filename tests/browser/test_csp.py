"""The Content-Security-Policy in Chromium (issue 11, finding 7): every page of the permission table, the
live room (its WebSocket connects under the policy), the console, summaries, the liaison's reading page,
the HTML export and the API docs load with zero CSP violations, and the API docs fetch nothing from any
host but ours."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, expect

from tests.browser.conftest import OpenAs
from tests.live import Server
from tests.permission_world import World, build_world, page_args
from tests.test_permission_table import OK, PAGES, ROLES

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# GET pages that answer with a file to download (Chromium does not render them) or no page at all.
DOWNLOADS = {
    "console:session_ics",
    "console:dialogue_ics",
    "liaison:download",
    "summaries:summary_export",
    "singletext:export",
    "singletext:download",
}
# Who visits: the roles a browser can log in as (by username in the world), and the anonymous visitor.
VISITORS = {"anonymous": None, "participant": "paula", "facilitator": "fiona", "liaison": "lena"}
# Generous waits: these pages share two CPU cores with the rest of the suite.
WAIT = 20_000
SIZES = {"1366x768": (1366, 768), "1024x768": (1024, 768), "390x844": (390, 844)}

# Reports each `securitypolicyviolation` event to the test, from every page and frame.
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.parleyCspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
    sample: e.sample, page: document.location.pathname,
  });
});
"""


@dataclass
class Watch:
    """What one page saw: CSP violation events, console lines about policies, requests to other hosts."""

    violations: list[dict[str, Any]] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text or "Refused to" in text:
            self.console.append(text)

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            self.foreign.append(request.url)

    def clean(self) -> bool:
        return not (self.violations or self.console or self.foreign)

    def report(self) -> str:
        return f"violations {self.violations}; console {self.console}; other hosts {self.foreign}"


def watch(page: Page) -> Watch:
    w = Watch()
    page.expose_binding("parleyCspViolation", lambda _source, detail: w.violations.append(detail))
    page.add_init_script(LISTEN)
    page.on("console", w.on_console)
    page.on("request", w.on_request)
    return w


@pytest.fixture
def world(transactional_db: None) -> World:
    return build_world()


@pytest.fixture
def visitors(
    browser: Browser, server: Server, people: OpenAs, world: World
) -> Iterator[dict[str, tuple[Page, Watch]]]:
    """The world's people, each logged in in their own context, with a watch on their page."""
    from tests.factories import PASSWORD

    pages: dict[str, tuple[Page, Watch]] = {}
    anonymous = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    for role, username in VISITORS.items():
        if username is None:
            page = anonymous.new_page()
        else:
            page = people(username, PASSWORD).page
        page.set_default_timeout(15_000)
        pages[role] = (page, watch(page))
    yield pages
    anonymous.close()


def visit(page: Page, w: Watch, url: str) -> None:
    response = page.goto(url)
    assert response is not None, url
    header = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in header, f"{url}: Content-Security-Policy {header!r}"
    assert "camera=()" in response.headers.get("permissions-policy", ""), url
    page.wait_for_load_state("load")


def room_connects(page: Page, w: Watch, room_id: int) -> None:
    visit(page, w, f"/rooms/{room_id}/")
    expect(page.locator("#conn")).to_have_text("Connected", timeout=WAIT)


def test_every_page_loads_without_a_csp_violation(
    visitors: dict[str, tuple[Page, Watch]], world: World
) -> None:
    visited = []
    for name, method in sorted(PAGES):
        if method != "GET" or name in DOWNLOADS:
            continue
        for role, cell in zip(ROLES, PAGES[(name, method)], strict=True):
            if role not in visitors or cell != OK:
                continue
            page, w = visitors[role]
            visit(page, w, World.reverse(name, page_args(world, name)))
            visited.append(f"{name} as {role}")
            assert w.clean(), f"{name} as {role}: {w.report()}"
    assert len(visited) > 40, visited

    # The live room for a participant and for the facilitator (the console), the HTML export (its own
    # <style> is allowed by hash, so it is styled), and the API docs.
    room = world.session.rooms.get(kind="plenary").pk
    for role in ("participant", "facilitator"):
        page, w = visitors[role]
        room_connects(page, w, room)
        page.wait_for_timeout(500)  # the welcome frame's rendering, presence, the agenda
        assert w.clean(), f"room as {role}: {w.report()}"
    page, w = visitors["facilitator"]
    visit(page, w, f"/summaries/{world.draft.pk}/export.html")
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert w.clean(), f"export: {w.report()}"


def test_the_policy_is_enforced_and_reported(visitors: dict[str, tuple[Page, Watch]]) -> None:
    """The watch itself works: an injected inline script and a foreign image are blocked and reported."""
    page, w = visitors["anonymous"]
    visit(page, w, "/accounts/login/")
    assert w.clean(), w.report()
    ran = page.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "document.body.dataset.injected = 'ran'";
            document.body.append(s);
            const div = document.createElement("div");
            div.innerHTML = '<p style="color: red">styled</p>';
            document.body.append(div);
            return document.body.dataset.injected || null;
        }"""
    )
    assert ran is None
    page.wait_for_timeout(300)
    directives = {v["directive"] for v in w.violations}
    assert {"script-src-elem", "style-src-attr"} <= directives, w.report()


def test_room_console_summary_liaison_and_api_docs(
    visitors: dict[str, tuple[Page, Watch]], world: World, artifacts_dir: Path
) -> None:
    room = world.session.rooms.get(kind="plenary").pk
    screens = artifacts_dir / "csp"
    screens.mkdir(exist_ok=True)

    # The room: a participant talks, the facilitator (with the console) sees it, over the WebSocket.
    paula, paula_watch = visitors["participant"]
    fiona, fiona_watch = visitors["facilitator"]
    room_connects(paula, paula_watch, room)
    room_connects(fiona, fiona_watch, room)
    paula.fill("#body", "Shared river data would build trust.")
    paula.press("#body", "Enter")
    expect(fiona.locator("#transcript")).to_contain_text("Shared river data would build trust.", timeout=WAIT)
    expect(fiona.locator("#give-floor")).to_be_visible()  # the console's controls are on the page
    for size, (width, height) in SIZES.items():
        paula.set_viewport_size({"width": width, "height": height})
        paula.screenshot(path=str(screens / f"csp-room-{size}.png"))
    fiona.set_viewport_size({"width": 1366, "height": 768})
    fiona.screenshot(path=str(screens / "csp-console-1366x768.png"), full_page=True)
    assert paula_watch.clean(), paula_watch.report()
    assert fiona_watch.clean(), fiona_watch.report()

    # The console's common-ground page (inline SVG charts), the summary review page, the liaison's page.
    visit(fiona, fiona_watch, World.reverse("console:common_ground", [world.session.pk]))
    visit(fiona, fiona_watch, f"/summaries/{world.draft.pk}/")
    expect(fiona.locator("h1")).to_be_visible(timeout=WAIT)
    lena, lena_watch = visitors["liaison"]
    visit(lena, lena_watch, World.reverse("liaison:read", [world.released.pk]))
    expect(lena.locator(".summary-body")).to_be_visible(timeout=WAIT)
    assert fiona_watch.clean(), fiona_watch.report()
    assert lena_watch.clean(), lena_watch.report()

    # The API docs: Swagger UI from our static files, the document rendered, an operation opened.
    page, w = visitors["anonymous"]
    visit(page, w, "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Parley API", timeout=WAIT)
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible(timeout=WAIT)
    assert operations.count() > 20
    operations.first.locator(".opblock-summary").click()
    expect(operations.first.locator(".opblock-body")).to_be_visible(timeout=WAIT)
    page.wait_for_timeout(300)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(screens / f"csp-api-docs-{size}.png"))
    assert w.clean(), w.report()
    assert not w.foreign
