"""WCAG 2.2 AA in the live room and the facilitator's console, in their live states (issue 17, item 4):
connected, with messages, the floor and a queue, statements and captures, a breakout, the console's tabs on
a tablet and a phone, and the closing screen; in English and in Arabic. Saves the screenshots for review
under var/screenshots/<language>/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from dialogues.choices import Role
from facilitation.models import CapturedItem
from tests.browser.a11y import LANGUAGES, WAIT, open_context, sign_in
from tests.browser.axe import audit
from tests.factories import consent, member
from tests.live import ROOT, Server
from tests.permission_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = ROOT / "var" / "screenshots"
SIZES = {"1366x768": (1366, 768), "1024x768": (1024, 768), "390x844": (390, 844)}


def enter(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#conn")).to_have_class("badge ok", timeout=WAIT)


def say(page: Page, text: str) -> None:
    page.fill("#body", text)
    page.press("#body", "Enter")


def open_all_details(page: Page) -> None:
    """Closed <details> hide their content from axe: open every one of the console's."""
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    page.wait_for_timeout(300)


def shoot(page: Page, language: str, name: str) -> None:
    folder = SCREENSHOTS / ("arabic" if language == "ar" else "english")
    folder.mkdir(parents=True, exist_ok=True)
    # The console column scrolls on its own; the review wants it from the top.
    page.evaluate("document.querySelectorAll('.room-side').forEach((n) => { n.scrollTop = 0; })")
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(250)
        page.screenshot(path=str(folder / f"{name}-{size}.png"))


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_live_room_and_console_have_no_axe_violation(
    browser: Browser, server: Server, transactional_db: None, language: str
) -> None:
    world = build_world()
    room = world.session.rooms.get(kind="plenary")
    url = f"/rooms/{room.pk}/"

    found: list[str] = []

    def person(username: str, width: int = 1366, height: int = 768) -> Page:
        context = open_context(browser, server, language, viewport={"width": width, "height": height})
        page = sign_in(context, username)
        page.on("pageerror", lambda error: found.append(f"[{language}] {username}: script error {error}"))
        return page

    interpreter = member(world.dialogue, Role.INTERPRETER, username="ines")
    consent(interpreter, world.dialogue)
    fiona, paula, pedro = person("fiona"), person("paula"), person("pedro", 390, 844)
    otto, ines = person("otto", 1024), person("ines")
    for page in (fiona, paula, pedro, otto, ines):
        enter(page, url)
        assert not found, found

    def check(page: Page, state: str) -> None:
        found.extend(str(v) for v in audit(page, f"[{language}] {state}"))

    # The first agenda item; talk, hands, the floor; and a statement up for a vote.
    fiona.click("#next-item")
    expect(paula.locator("#agenda-title")).to_have_text("Opening", timeout=WAIT)
    say(paula, "Shared river data would build trust.")
    say(pedro, "The ministry will want the gauge data first.")
    expect(fiona.locator("#transcript li.msg")).to_have_count(2, timeout=WAIT)
    paula.click("#hand")
    expect(fiona.locator("#hands li")).to_have_count(1, timeout=WAIT)
    pedro.click("#hand")
    expect(fiona.locator("#hands li")).to_have_count(2, timeout=WAIT)
    fiona.click("#give-floor")
    expect(pedro.locator("#my-place")).not_to_be_empty(timeout=WAIT)
    fiona.fill("#statement-text", "Gauge data should be shared weekly.")
    fiona.locator("#statement-form button[type=submit]").click()
    expect(paula.locator("#statements li")).to_have_count(1, timeout=WAIT)
    shoot(paula, language, "room-participant")
    shoot(pedro, language, "room-participant-in-queue")
    shoot(fiona, language, "console-facilitator")
    pedro.set_viewport_size({"width": 390, "height": 844})
    otto.set_viewport_size({"width": 1024, "height": 768})

    open_all_details(fiona)
    check(fiona, "room as facilitator (console, live: messages, floor, queue, statement)")
    check(paula, "room as participant with the floor")
    check(pedro, "room as participant in the queue (phone)")
    check(otto, "room as observer (tablet)")
    expect(ines.locator("#transcript li.msg")).to_have_count(2, timeout=WAIT)
    check(ines, "room as interpreter (what each message needs, the Render forms)")

    # The console's tabs on a tablet and the conversation tab on a phone.
    fiona.set_viewport_size({"width": 1024, "height": 768})
    for tab in fiona.locator("#cockpit-tabs [data-tab]").all():
        if tab.is_visible():
            tab.click()
            check(fiona, f"console tab {tab.get_attribute('data-tab')} (tablet)")
    fiona.set_viewport_size({"width": 390, "height": 844})
    fiona.locator("#cockpit-tabs [data-tab=talk]").click()
    check(fiona, "console conversation tab (phone)")
    fiona.set_viewport_size({"width": 1366, "height": 768})

    # A breakout: the invitation in the plenary, then the breakout room for its member and the facilitator.
    fiona.locator("#breakouts-box").evaluate("(d) => { d.open = true; }")
    fiona.fill("#breakout-title", "Gauge data")
    expect(fiona.locator("#breakout-members input[type=checkbox]").first).to_be_visible(timeout=WAIT)
    for box in fiona.locator("#breakout-members input[type=checkbox]").all():
        box.check()
    fiona.locator("#breakout-form button[type=submit]").click()
    expect(paula.locator("#breakout-banner")).to_be_visible(timeout=WAIT)
    check(paula, "room as participant invited to a breakout")
    paula.locator("#breakout-banner a").click()
    expect(paula.locator("#conn")).to_have_class("badge ok", timeout=WAIT)
    say(paula, "In the breakout now.")
    check(paula, "breakout room as participant")
    fiona.locator("#breakout-list a").first.click()
    expect(fiona.locator("#conn")).to_have_class("badge ok", timeout=WAIT)
    open_all_details(fiona)
    check(fiona, "breakout room as facilitator")
    shoot(paula, language, "breakout-participant")

    # A captured point, for everyone (the console's list and the participants' outcomes). The session
    # already holds the world's captured action item: the count goes from 1 to 2, and the assertion
    # waits for the new point itself (a check of "1" passed on the old count before the new one came).
    point = "Both sides want the gauge data."
    before = CapturedItem.objects.filter(session=world.session, removed_at__isnull=True).count()
    expect(otto.locator("#captures-count")).to_have_text(str(before), timeout=WAIT)
    fiona.fill("#capture-text", point)
    fiona.locator("#capture-save").click()
    expect(otto.locator("#captures .capture-text", has_text=point)).to_have_count(1, timeout=WAIT)
    expect(otto.locator("#captures-count")).to_have_text(str(before + 1), timeout=WAIT)
    texts = [c.text for c in CapturedItem.objects.filter(session=world.session, removed_at__isnull=True)]
    assert texts.count(point) == 1 and len(texts) == before + 1  # stored once (the text is encrypted)
    check(otto, "room as observer with a captured point")

    # The end: the facilitator ends the session from the plenary; the room becomes its closing screen.
    enter(fiona, url)
    fiona.once("dialog", lambda dialog: dialog.accept())
    fiona.click("#end-session")
    expect(otto.locator("#closing")).to_be_visible(timeout=WAIT)
    check(otto, "closing screen as observer")
    check(fiona, "room as facilitator after the end")

    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)
