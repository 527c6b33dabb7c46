"""A facilitator and two participants use a live room in Chromium, through a real ASGI server."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from dialogues.models import Message, Session
from tests.browser.conftest import OpenAs, Person
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def enter(person: Person, room_id: int) -> None:
    person.page.goto(f"/rooms/{room_id}/")
    expect(person.page.locator("#conn")).to_have_text("Connected")


def say(person: Person, text: str) -> None:
    person.page.fill("#body", text)
    person.page.press("#body", "Enter")


def test_talk_hands_off_record_and_reconnect(
    people: OpenAs,
    facilitator: User,
    participant: User,
    participant2: User,
    session: Session,
    artifacts_dir: Path,
) -> None:
    room = session.rooms.get(kind="plenary")
    fac = people(facilitator.username, PASSWORD)
    paula = people(participant.username, PASSWORD)
    pedro = people(participant2.username, PASSWORD)
    for person in (fac, paula, pedro):
        enter(person, room.pk)

    # Veiled room: everyone sees pseudonyms; the banner says so.
    expect(paula.page.locator("#mode-banner")).to_contain_text("Veiled room")
    say(paula, "Shared river data would build trust.")
    expect(pedro.page.locator("#transcript")).to_contain_text("Shared river data would build trust.")
    expect(pedro.page.locator("#transcript")).not_to_contain_text("Paula")

    # Hands and the floor.
    paula.page.click("#hand")
    expect(fac.page.locator("#hands li")).to_have_count(1)
    expect(paula.page.locator("#my-place")).to_contain_text("number 1")
    fac.page.click("#give-floor")
    expect(pedro.page.locator("#floor")).to_contain_text("has the floor")
    expect(paula.page.locator("#hand")).to_have_text("Raise hand")

    # Off the record: banner for everyone, relayed live, never stored.
    fac.page.click("#record-toggle")
    expect(pedro.page.locator("#record-banner")).to_contain_text("Off the record")
    say(pedro, "Between us, the ministry is split.")
    expect(paula.page.locator("#transcript li.off")).to_contain_text("Between us, the ministry is split.")
    fac.page.screenshot(path=str(artifacts_dir / "room-off-record-facilitator.png"), full_page=True)
    assert not any("ministry is split" in m.body for m in Message.objects.filter(room=room))
    fac.page.click("#record-toggle")
    expect(paula.page.locator("#record-banner")).to_contain_text("On the record")

    # Pedro's connection drops for a few seconds; the room goes on; he types while offline.
    # The page keeps no globals: import its socket module again (same URL, so the same instance).
    pedro.page.evaluate(
        """async () => {
            const main = document.querySelector('script[src*="/js/room/main.js"]').src;
            (await import(new URL("connection.js", main))).socket.cut(4000);
        }"""
    )
    expect(pedro.page.locator("#conn")).to_contain_text("Reconnecting")
    for i in range(3):
        say(paula, f"Missed message {i + 1}")
    expect(paula.page.locator("#transcript li.msg:not(.pending)")).to_have_count(5)
    say(pedro, "Typed while offline")
    expect(pedro.page.locator("#conn")).to_have_text("Connected", timeout=20_000)
    for i in range(3):
        expect(pedro.page.locator("#transcript li", has_text=f"Missed message {i + 1}")).to_have_count(1)
    expect(paula.page.locator("#transcript")).to_contain_text("Typed while offline")
    expect(pedro.page.locator("#transcript li.pending")).to_have_count(0)
    texts = pedro.page.locator("#transcript li.msg .body").all_inner_texts()
    missed = [t for t in texts if t.startswith("Missed message")]
    assert missed == ["Missed message 1", "Missed message 2", "Missed message 3"]
    pedro.page.screenshot(path=str(artifacts_dir / "room-after-reconnect.png"), full_page=True)

    bodies = [m.body for m in Message.objects.filter(room=room).order_by("seq")]
    assert bodies.count("Typed while offline") == 1
    # Every page shows the room's order: on Pedro's too, what he typed offline comes after what he
    # missed (stored first), not where he typed it.
    for person in (pedro, paula):
        expect(person.page.locator("#transcript li.msg[data-seq]")).to_have_count(len(bodies))
        assert person.page.locator("#transcript li.msg[data-seq] .body").all_inner_texts() == bodies
    assert not any("ministry is split" in b for b in bodies)
    assert [m.seq for m in Message.objects.filter(room=room).order_by("seq")] == list(
        range(1, len(bodies) + 1)
    )
