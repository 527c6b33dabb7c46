"""Co-facilitation in Chromium (issue 15, item 5): two facilitators and a participant.

One facilitator on a laptop (1366x768), the co-facilitator on a tablet (1024x768), a participant on a
phone (390x844). The facilitators talk in their private channel, which the participant's page never
shows, and hand the floor control over. Screenshots at all three sizes go to
var/screenshots/cofacilitation-*.png for review.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from dialogues.choices import Role, RoomKind
from dialogues.models import Message, Session
from tests.browser.conftest import OpenAs, Person
from tests.factories import PASSWORD, member

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768), "phone": (390, 844)}
SECRET = "Between us: keep the water item short, the Northvale side is tired."
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def size(person: Person, name: str) -> None:
    width, height = SIZES[name]
    person.page.set_viewport_size({"width": width, "height": height})


def shots(person: Person, who: str, moment: str, keep: str, tab: str | None = None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in SIZES:
        size(person, name)
        person.page.wait_for_timeout(150)
        if tab and name != "laptop":
            person.page.locator(f"#cockpit-tabs [data-tab={tab}]").click()
        person.page.screenshot(path=str(SCREENSHOTS / f"cofacilitation-{moment}-{who}-{name}.png"))
    size(person, keep)


def enter(person: Person, room_id: int) -> None:
    person.page.goto(f"/rooms/{room_id}/")
    expect(person.page.locator("#conn")).to_have_text("Connected")


def test_two_facilitators_share_a_private_channel_and_hand_over_the_floor(
    people: OpenAs, facilitator: User, participant: User, session: Session
) -> None:
    cora_user = member(session.dialogue, Role.FACILITATOR, username="cora", display_name="Cora Cofacilitator")
    plenary = session.rooms.get(kind=RoomKind.PLENARY)
    fiona, cora, paula = (people(u.username, PASSWORD) for u in (facilitator, cora_user, participant))
    for person, device in ((fiona, "laptop"), (cora, "tablet"), (paula, "phone")):
        size(person, device)
        enter(person, plenary.pk)

    # The channel and the floor control are the facilitators' only.
    expect(paula.page.locator("#channel-card")).to_have_count(0)
    expect(paula.page.locator("#floor-control")).to_have_count(0)
    expect(fiona.page.locator("#channel-card")).to_be_visible()  # laptop: one full-height column
    expect(fiona.page.locator("#control-line")).to_contain_text("nobody holds it")

    # --- the private channel ------------------------------------------------------------------------
    cora.page.locator("#cockpit-tabs [data-tab=team]").click()
    expect(cora.page.locator("#channel-card")).to_be_visible()
    expect(cora.page.locator("#channel-conn")).to_have_text("")
    cora.page.fill("#channel-body", SECRET)
    cora.page.press("#channel-body", "Enter")
    expect(fiona.page.locator("#channel-log")).to_contain_text("keep the water item short")
    expect(cora.page.locator("#channel-log li")).to_contain_text("You")
    paula.page.fill("#body", "Good morning, the gauges are my first point.")
    paula.page.press("#body", "Enter")
    expect(fiona.page.locator("#transcript")).to_contain_text("the gauges are my first point")
    assert Message.objects.filter(room__kind=RoomKind.FACILITATORS, room__session=session).count() == 1
    # The participant's page never shows it, live or after a reload (which replays her room).
    assert "water item short" not in paula.page.content()
    # Her device is in Tokyo: after the reload, times are in her zone with its abbreviation, 24-hour
    # (issue 15, item 8).
    cdp = paula.context.new_cdp_session(paula.page)
    cdp.send("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Tokyo"})
    paula.page.reload()
    expect(paula.page.locator("#transcript")).to_contain_text("the gauges are my first point")
    assert "water item short" not in paula.page.content()
    stamp = paula.page.locator("#transcript li.msg time").first.inner_text()
    assert re.fullmatch(r"\d{2}:\d{2} (JST|GMT\+9)", stamp), stamp

    # --- the floor control --------------------------------------------------------------------------
    fiona.page.click("#control-take")
    expect(fiona.page.locator("#control-line")).to_contain_text("you hold it")
    cora.page.locator("#cockpit-tabs [data-tab=floor]").click()
    expect(cora.page.locator("#control-line")).to_contain_text("Facilitator")
    expect(cora.page.locator("#control-line")).to_contain_text("holds it")
    paula.page.click("#hand")
    expect(cora.page.locator("#hands li")).to_have_count(1)
    cora.page.click("#give-floor")
    expect(cora.page.locator("#control-banner")).to_contain_text("holds the floor control")
    expect(paula.page.locator("#floor")).to_contain_text("Nobody has the floor")

    cora.page.click("#control-request")
    expect(fiona.page.locator("#control-banner")).to_contain_text("asks for the floor control")
    shots(fiona, "facilitator", "request", "laptop", tab="floor")
    fiona.page.click("#control-give")
    expect(cora.page.locator("#control-line")).to_contain_text("you hold it")
    expect(cora.page.locator("#control-banner")).to_contain_text("handed the floor control to you")
    cora.page.click("#give-floor")
    expect(paula.page.locator("#floor")).to_contain_text("has the floor")

    fiona.page.click("#control-take")
    expect(cora.page.locator("#control-banner")).to_contain_text("took the floor control from you")
    expect(cora.page.locator("#control-line")).not_to_contain_text("you hold it")
    shots(cora, "cofacilitator", "taken", "tablet", tab="team")
    shots(paula, "participant", "room", "phone")
    assert "floor control" not in paula.page.content()
