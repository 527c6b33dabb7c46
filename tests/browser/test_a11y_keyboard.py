"""The room by keyboard alone, what a screen reader is told, and reduced motion (issue 17, item 4).

A participant skips to the content, joins the room, posts, raises a hand; the facilitator gives the floor,
lowers a hand and switches console tabs, all with Tab, Enter and Space. The live regions say the new
message, who has the floor and the participant's place, never the history replayed on load; focus stays
where the next action is after each step."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.a11y import WAIT, open_context, sign_in
from tests.live import Server
from tests.permission_world import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const n = document.activeElement;
  if (!n || n === document.body) return "body";
  if (n.id) return "#" + n.id;
  const href = n.getAttribute("href");
  return n.localName + (n.dataset.tab ? `[data-tab=${n.dataset.tab}]` : "") + (href ? `[href=${href}]` : "");
}"""


def focused(page: Page) -> str:
    return str(page.evaluate(FOCUSED))


def tab_to(page: Page, match: str, *, limit: int = 80, back: bool = False) -> None:
    """Press Tab (Shift+Tab) until the focused element is `match` (as FOCUSED names it)."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        path.append(now)
        if now == match:
            return
    raise AssertionError(f"{match} is not reachable by Tab; focus went {path}")


def said(page: Page, region: str) -> str:
    return page.locator(f"#announce-{region}").inner_text()


def test_room_by_keyboard_with_announcements(
    browser: Browser, server: Server, transactional_db: None
) -> None:
    world = build_world()
    room = world.session.rooms.get(kind="plenary")
    room_url = f"/rooms/{room.pk}/"
    fiona = sign_in(open_context(browser, server, "en", viewport={"width": 1024, "height": 768}), "fiona")
    paula = sign_in(open_context(browser, server, "en"), "paula")
    pedro = sign_in(open_context(browser, server, "en"), "pedro")
    for page in (fiona, pedro):
        page.goto(room_url)
        expect(page.locator("#conn")).to_have_text("Connected", timeout=WAIT)
    pedro.fill("#body", "Said before Paula arrived.")
    pedro.press("#body", "Enter")
    expect(fiona.locator("#transcript li.msg")).to_have_count(1, timeout=WAIT)

    # The session page: the first Tab is the skip link, which takes focus past the header.
    paula.goto(World.reverse("dialogues:session", [world.session.pk]))
    paula.keyboard.press("Tab")
    assert focused(paula) == "a[href=#main]"
    expect(paula.locator(".skip-link")).to_be_in_viewport()
    paula.keyboard.press("Enter")
    assert focused(paula) == "#main"
    tab_to(paula, f"a[href={room_url}]")
    paula.keyboard.press("Enter")
    expect(paula.locator("#conn")).to_have_text("Connected", timeout=WAIT)
    expect(paula.locator("#transcript")).to_contain_text("Said before Paula arrived.")
    # The history is there to read, not read out.
    paula.wait_for_timeout(500)
    assert said(paula, "polite") == ""

    # Post with Enter in the composer, then with the Send button: focus stays in the composer.
    tab_to(paula, "#body")
    paula.keyboard.type("Shared river data would build trust.")
    paula.keyboard.press("Enter")
    expect(fiona.locator("#transcript")).to_contain_text("Shared river data would build trust.", timeout=WAIT)
    assert focused(paula) == "#body"
    paula.keyboard.type("And the gauges too.")
    tab_to(paula, "#send")
    paula.keyboard.press("Enter")
    expect(fiona.locator("#transcript")).to_contain_text("And the gauges too.", timeout=WAIT)
    assert focused(paula) == "#body"
    # The others hear it, with the speaker's (pseudonymous) name.
    expect(fiona.locator("#announce-polite")).to_contain_text("And the gauges too.")
    expect(pedro.locator("#announce-polite")).to_contain_text("Shared river data would build trust.")
    assert "Shared river data" not in said(paula, "polite")  # your own words are not read back to you

    # Raise a hand with Space; the queue place is announced.
    tab_to(paula, "#hand")
    paula.keyboard.press("Space")
    expect(paula.locator("#hand")).to_have_text("Lower hand", timeout=WAIT)
    expect(paula.locator("#announce-polite")).to_contain_text("you are number 1 in the queue")
    pedro.click("#hand")
    expect(pedro.locator("#announce-polite")).to_contain_text("you are number 2 in the queue", timeout=WAIT)

    # The facilitator gives the floor from the keyboard: assertive for Paula, polite for the others.
    tab_to(fiona, "#give-floor")
    fiona.keyboard.press("Enter")
    expect(paula.locator("#announce-assertive")).to_have_text("You have the floor.", timeout=WAIT)
    expect(pedro.locator("#announce-polite")).to_contain_text(
        "has the floor. Your hand is up: you are number 1"
    )
    expect(fiona.locator("#announce-polite")).to_contain_text("has the floor.")
    assert focused(fiona) == "#give-floor"

    # Lowering Pedro's hand rebuilds the queue: focus does not fall back to the top of the page.
    expect(fiona.locator("#hands button[data-lower]")).to_have_count(1, timeout=WAIT)
    tab_to(fiona, "button", back=True)  # the queue's "lower" button comes before the floor controls
    assert fiona.evaluate("document.activeElement.dataset.lower !== undefined"), focused(fiona)
    fiona.keyboard.press("Enter")
    expect(fiona.locator("#hands li")).to_have_count(0, timeout=WAIT)
    expect(pedro.locator("#announce-polite")).to_contain_text("Your hand is down.")
    assert focused(fiona) != "body", "focus was lost when the queue was rebuilt"
    assert fiona.evaluate("document.activeElement.closest('#queue-card') !== null")

    # On a tablet the console is in tabs: choosing one takes focus to its pane.
    tab_to(fiona, "button[data-tab=people]", back=True)
    fiona.keyboard.press("Enter")
    assert fiona.evaluate("document.activeElement.dataset.pane") == "people", focused(fiona)
    expect(fiona.locator("#presence-card")).to_be_visible()

    # A confirmation that is dismissed gives focus back to the button that asked.
    tab_to(fiona, "button[data-tab=floor]", back=True)
    fiona.keyboard.press("Enter")
    tab_to(fiona, "#end-session")
    fiona.once("dialog", lambda dialog: dialog.dismiss())
    fiona.keyboard.press("Enter")
    assert focused(fiona) == "#end-session"
    expect(fiona.locator("#session-state")).not_to_have_text("Ended")


def test_reduced_motion_turns_the_arrival_glow_off(
    browser: Browser, server: Server, transactional_db: None
) -> None:
    world = build_world()
    room = world.session.rooms.get(kind="plenary")
    animation = "getComputedStyle([...document.querySelectorAll('#transcript li.msg')].pop()).animationName"
    names = {}
    for motion in ("no-preference", "reduce"):
        page = sign_in(open_context(browser, server, "en", reduced_motion=motion), "paula")
        page.goto(f"/rooms/{room.pk}/")
        expect(page.locator("#conn")).to_have_text("Connected", timeout=WAIT)
        page.fill("#body", f"Said with motion {motion}.")
        page.press("#body", "Enter")
        expect(page.locator("#transcript li.msg").last).to_contain_text(motion, timeout=WAIT)
        names[motion] = page.evaluate(animation)
    assert names == {"no-preference": "arrive", "reduce": "none"}
