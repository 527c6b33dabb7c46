"""A whole session from the facilitator's cockpit, in Chromium: lobby, live, a timed breakout with its
countdown, capture by keyboard, the end and the closing screen, with a facilitator on a laptop (1366x768),
one participant on a tablet (1024x768) and one on a phone (390x844). Screenshots at all three sizes go to
var/screenshots/cockpit-*.png for review."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dialogues.models import Message, Room, Session
from facilitation.models import CapturedItem
from tests.browser.conftest import OpenAs, Person
from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768), "phone": (390, 844)}
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def size(person: Person, name: str) -> None:
    width, height = SIZES[name]
    person.page.set_viewport_size({"width": width, "height": height})


def shots(person: Person, who: str, moment: str, keep: str) -> None:
    """The page at the three sizes, then back to the person's own size."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in SIZES:
        size(person, name)
        person.page.wait_for_timeout(150)  # the cockpit refits on resize
        person.page.screenshot(path=str(SCREENSHOTS / f"cockpit-{moment}-{who}-{name}.png"))
    size(person, keep)


def enter(person: Person, room_id: int) -> None:
    person.page.goto(f"/rooms/{room_id}/")
    expect(person.page.locator("#conn")).to_have_text("Connected")


def say(page: Page, text: str) -> None:
    page.fill("#body", text)
    page.press("#body", "Enter")


def in_view(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert viewport is not None
    return box is not None and box["y"] >= 0 and box["y"] + 40 <= viewport["height"]


def test_a_whole_session_from_the_cockpit(
    people: OpenAs, facilitator: User, participant: User, participant2: User, session: Session
) -> None:
    Session.objects.filter(pk=session.pk).update(status="scheduled")
    plenary = session.rooms.get(kind="plenary")
    fac, paula, pedro = (people(u.username, PASSWORD) for u in (facilitator, participant, participant2))
    for person, device in ((fac, "laptop"), (paula, "tablet"), (pedro, "phone")):
        size(person, device)
    for person in (fac, paula, pedro):
        enter(person, plenary.pk)

    # --- the cockpit on a laptop: conversation and console on one screen, alerts on top, no hand ------
    expect(fac.page.locator("#hand")).to_have_count(0)
    expect(paula.page.locator("#hand")).to_have_text("Raise hand")
    assert in_view(fac.page, "#composer") and in_view(fac.page, "#controls")
    assert in_view(fac.page, "#queue-card")
    expect(fac.page.locator("#cockpit-tabs")).to_be_hidden()
    expect(fac.page.locator("#shortcuts")).to_contain_text("capture the selected message")

    # --- doors open: the lobby, where nothing is on the record ----------------------------------------
    expect(paula.page.locator("#session-state")).to_have_text("Scheduled")
    fac.page.click("#open-doors")
    for person in (paula, pedro):
        expect(person.page.locator("#session-state")).to_have_text("Lobby")
        banner = person.page.locator("#lifecycle-banner")
        expect(banner).to_contain_text("Nothing said in the lobby is on the record")
        expect(person.page.locator("#record-banner")).to_contain_text("Not on the record")
    say(paula.page, "Good morning, is the coffee in the lobby?")
    expect(pedro.page.locator("#transcript")).to_contain_text("coffee in the lobby")
    assert not Message.objects.filter(room__session=session).exists()
    shots(pedro, "participant", "lobby", "phone")
    shots(fac, "facilitator", "lobby", "laptop")

    # --- live: the record starts, the session clock runs on the server's deadline ---------------------
    fac.page.click("#start-session")
    expect(paula.page.locator("#session-state")).to_have_text("Live")
    expect(paula.page.locator("#record-banner")).to_contain_text("On the record")
    # 90 planned minutes, counted from the start by the server's clock.
    expect(pedro.page.locator("#session-clock")).to_contain_text(
        re.compile(r"Session (89:[0-5]\d|90:00) left")
    )
    expect(paula.page.locator("#session-clock")).to_contain_text("left")
    say(paula.page, "The water gauges must be shared by both sides.")
    expect(fac.page.locator("#transcript li.msg[data-seq]")).to_have_count(1)
    assert Message.objects.filter(room__session=session).count() == 1

    # --- keyboard: give the floor (G), select a message (J) and capture it (C) ------------------------
    paula.page.click("#hand")
    expect(fac.page.locator("#hands li")).to_have_count(1)
    fac.page.locator("#transcript").focus()
    fac.page.keyboard.press("g")
    expect(pedro.page.locator("#floor")).to_contain_text("has the floor")
    fac.page.keyboard.press("j")
    expect(fac.page.locator("#transcript li.selected")).to_contain_text("water gauges")
    fac.page.keyboard.press("c")
    expect(fac.page.locator("#capture-text")).to_have_value("The water gauges must be shared by both sides.")
    fac.page.click("#capture-save")
    expect(pedro.page.locator("#captures")).to_contain_text("water gauges")
    assert CapturedItem.objects.filter(session=session).count() == 1
    # Airtime, live, for the facilitator only: per party, sector and person, with turns.
    fac.page.click("#console-balance summary")
    expect(fac.page.locator("#balance")).to_contain_text("By sector")
    expect(fac.page.locator("#balance table.balance")).to_have_count(3)
    expect(paula.page.locator("#balance")).to_have_count(0)
    fac.page.keyboard.press("n")  # next agenda item: the first one starts
    expect(paula.page.locator("#agenda-title")).to_have_text("Opening")
    shots(fac, "facilitator", "live", "laptop")
    shots(paula, "participant", "live", "tablet")

    # --- a timed breakout: its members see its own countdown ------------------------------------------
    fac.page.click("#breakouts-box summary")
    fac.page.fill("#breakout-title", "Gauges")
    you_are = paula.page.locator("#you-as").first.inner_text()  # " (you are Participant 2)"
    pseudonym = you_are.split("you are ", 1)[1].rstrip(")")
    fac.page.locator("#breakout-members label", has_text=pseudonym).click()
    fac.page.fill("#breakout-minutes", "5")
    fac.page.click("#breakout-form button[type=submit]")
    invited = paula
    expect(invited.page.get_by_role("link", name="Join the breakout")).to_be_visible()
    invited.page.get_by_role("link", name="Join the breakout").click()
    expect(invited.page.locator("h1")).to_have_text("Gauges")
    expect(invited.page.locator("#agenda-clock-label")).to_have_text("Time left in this breakout")
    expect(invited.page.locator("#agenda-clock")).to_have_text(re.compile(r"^4:[0-5]\d$"))
    breakout = Room.objects.get(kind="breakout")
    shots(invited, "participant", "breakout", "tablet" if invited is paula else "phone")
    # A reload shows the same time left: the countdown is the server's.
    invited.page.reload()
    expect(invited.page.locator("#agenda-clock")).to_have_text(re.compile(r"^4:[0-5]\d$"))
    fac.page.click("#breakouts-box button[data-action=breakout_close]")
    invited.page.wait_for_url(f"**/rooms/{plenary.pk}/")
    breakout.refresh_from_db()
    assert not breakout.is_open

    # --- the tablet: the console in tabs beside the conversation --------------------------------------
    size(fac, "tablet")
    expect(fac.page.locator("#cockpit-tabs")).to_be_visible()
    fac.page.get_by_role("tab", name="Agenda & capture").click()
    expect(fac.page.locator("#console-card")).to_be_visible()
    expect(fac.page.locator("#controls")).to_be_hidden()
    assert in_view(fac.page, "#composer")
    fac.page.get_by_role("tab", name="Floor").click()
    size(fac, "phone")
    fac.page.get_by_role("tab", name="Conversation").click()
    expect(fac.page.locator("#composer")).to_be_visible()
    expect(fac.page.locator("#controls")).to_be_hidden()
    fac.page.get_by_role("tab", name="Floor").click()
    expect(fac.page.locator("#controls")).to_be_visible()
    size(fac, "laptop")

    # --- the end: a closing screen saying what happens next, never an error ---------------------------
    fac.page.once("dialog", lambda d: d.accept())
    fac.page.click("#end-session")
    for person in (paula, pedro):
        expect(person.page.locator("#closing")).to_contain_text("The session has ended. Thank you.")
        expect(person.page.locator("#closing")).to_contain_text("read it back")
        expect(person.page.locator("body")).not_to_contain_text("Disconnected")
    expect(fac.page.locator("#closing")).to_contain_text("Review it under")
    shots(pedro, "participant", "closing", "phone")
    shots(fac, "facilitator", "closing", "laptop")
    # Reloading shows the same screen; a breakout of the ended session too; and a wrong address the
    # project's own "Not found" page, never Django's debug page.
    for url in (f"/rooms/{plenary.pk}/", f"/rooms/{breakout.pk}/"):
        response = paula.page.goto(url)
        assert response is not None and response.status == 200
        expect(paula.page.locator("#closing")).to_contain_text("The session has ended")
    response = paula.page.goto("/rooms/999999/")
    assert response is not None and response.status == 404
    expect(paula.page.locator("h1")).to_have_text("Not found")
    expect(paula.page.locator("body")).not_to_contain_text("URLconf")
