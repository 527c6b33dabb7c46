"""The interface in another language, in Chromium: a participant who picks Arabic reads the room and the
dialogue page in Arabic, right to left, and keeps Arabic in another browser; a French participant reads
French. Screenshots of Arabic and French pages at three sizes go to var/screenshots/i18n/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dialogues.models import Session
from participants.models import Profile
from tests.browser.conftest import OpenAs
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "i18n"
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768), "phone": (390, 844)}


def pick(page: Page, language: str) -> None:
    """The header's picker, as a person uses it: choose, then press the button next to it."""
    page.select_option("#lang-pick", language)
    page.locator("form.lang-pick button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_arabic_and_french_readers(
    people: OpenAs, participant: User, participant2: User, facilitator: User, session: Session
) -> None:
    room = session.rooms.get(kind="plenary")
    dialogue_url = f"/dialogues/{session.dialogue_id}/"

    # Paula signs in to an English page and picks Arabic in the header.
    paula = people(participant.username, PASSWORD)
    expect(paula.page.locator("html")).to_have_attribute("dir", "ltr")
    pick(paula.page, "ar")
    expect(paula.page.locator("html")).to_have_attribute("dir", "rtl")
    assert Profile.objects.get(user=participant).language == "ar"

    paula.page.goto(dialogue_url)
    expect(paula.page.locator("html")).to_have_attribute("dir", "rtl")
    expect(paula.page.locator("h2").first).to_have_text("الأهداف")  # "Objectives"
    expect(paula.page.get_by_role("button", name="سحب قبولي")).to_be_visible()  # withdraw acceptance
    shoot(paula.page, "ar-dialogue")

    # The room: server-rendered labels and the scripts' own words (the connection badge) in Arabic.
    paula.page.goto(f"/rooms/{room.pk}/")
    expect(paula.page.locator("#conn")).to_have_text("متصل")  # "Connected", from the JS catalog
    expect(paula.page.locator("#send")).to_have_text("إرسال")
    expect(paula.page.locator("#record-banner")).to_contain_text("المحضر")
    # Mirrored: the side column is left of the discussion in a right-to-left page.
    main_box = paula.page.locator(".room-main").bounding_box()
    side_box = paula.page.locator(".room-side").bounding_box()
    assert main_box is not None and side_box is not None
    assert side_box["x"] < main_box["x"]
    paula.page.fill("#body", "نحتاج إلى بيانات مشتركة عن النهر. Shared river data.")
    paula.page.press("#body", "Enter")
    expect(paula.page.locator("#transcript li.msg:not(.pending)")).to_have_count(1)
    shoot(paula.page, "ar-room")

    # Another browser, signed in afresh: the choice came with her account, not with a cookie.
    elsewhere = people(participant.username, PASSWORD)
    expect(elsewhere.page.locator("html")).to_have_attribute("lang", "ar")
    expect(elsewhere.page.locator("h1")).to_have_text("حواراتي")  # "My dialogues"

    # Pedro reads French.
    pedro = people(participant2.username, PASSWORD)
    pick(pedro.page, "fr")
    pedro.page.goto(f"/rooms/{room.pk}/")
    expect(pedro.page.locator("html")).to_have_attribute("dir", "ltr")
    expect(pedro.page.locator("#conn")).to_have_text("Connecté")
    expect(pedro.page.locator("#send")).to_have_text("Envoyer")
    expect(pedro.page.locator("#hand")).to_have_text("Lever la main")
    expect(pedro.page.locator("#transcript")).to_contain_text("Shared river data.")
    shoot(pedro.page, "fr-room")
    pedro.page.goto(dialogue_url)
    expect(pedro.page.locator("h2").first).to_have_text("Objectifs")
    shoot(pedro.page, "fr-dialogue")

    # The facilitator's cockpit in Arabic.
    fiona = people(facilitator.username, PASSWORD)
    pick(fiona.page, "ar")
    fiona.page.goto(f"/rooms/{room.pk}/")
    expect(fiona.page.locator("#conn")).to_have_text("متصل")
    expect(fiona.page.locator("#end-session")).to_have_text("إنهاء الجلسة")
    shoot(fiona.page, "ar-cockpit")
