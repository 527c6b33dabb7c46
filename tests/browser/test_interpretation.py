"""An interpreter renders between an Arabic reader and an English reader in Chromium (issue 17, item 2).

Screenshots of each view at three sizes go to var/screenshots/interpretation/ for review.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dialogues.choices import Role
from dialogues.models import Dialogue, MessageRendering, ReadingLanguage, Session
from tests.browser.conftest import OpenAs, Person
from tests.factories import PASSWORD, consent, member

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "interpretation"
SIZES = {"desktop": (1366, 768), "tablet": (1024, 768), "phone": (390, 844)}

ARABIC = "نحتاج إلى ضمانات بشأن المعابر الحدودية قبل الصيف."
ARABIC_IN_ENGLISH = "We need guarantees on the border crossings before the summer."
ENGLISH = "The water schedule should be published every week."
ENGLISH_IN_ARABIC = "يجب نشر جدول المياه كل أسبوع."


def enter(person: Person, room_id: int) -> None:
    person.page.goto(f"/rooms/{room_id}/")
    # "Connected" in the reader's interface language: the badge's class says it in any language.
    expect(person.page.locator("#conn")).to_have_class("badge ok", timeout=20_000)


def say(person: Person, text: str) -> None:
    person.page.fill("#body", text)
    person.page.press("#body", "Enter")


def message(page: Page, text: str):  # type: ignore[no-untyped-def]  # a Locator
    return page.locator("#transcript li.msg", has=page.locator(".body", has_text=text))


def render(booth: Page, original: str, language: str, text: str) -> None:
    """The interpreter renders the message by keyboard: Render, pick the language, type, send."""
    item = message(booth, original)
    item.locator("[data-render]").focus()
    booth.keyboard.press("Enter")
    form = item.locator(".render-form")
    expect(form.locator("textarea")).to_be_focused()
    form.locator("select").select_option(language)
    form.locator("textarea").fill(text)
    form.locator("button[type=submit]").click()
    expect(item.locator(".render-form")).to_have_count(0)
    expect(item.locator("[data-render]")).to_be_focused()  # focus goes back where it was


def shoot(person: Person, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = person.page
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(150)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_interpreter_renders_between_an_arabic_and_an_english_reader(
    people: OpenAs, dialogue: Dialogue, session: Session
) -> None:
    room = session.rooms.get(kind="plenary")
    party = dialogue.parties.first()
    layla: User = member(dialogue, Role.PARTICIPANT, username="layla", party=party, language="ar")
    ed: User = member(dialogue, Role.PARTICIPANT, username="edward", party=dialogue.parties.last())
    ines: User = member(dialogue, Role.INTERPRETER, username="ines")
    consent(ines, dialogue)
    ReadingLanguage.objects.create(user=layla, language="ar")
    ReadingLanguage.objects.create(user=ed, language="en")

    arabic, english, interpreter = (people(u.username, PASSWORD) for u in (layla, ed, ines))
    for person in (arabic, english, interpreter):
        enter(person, room.pk)
    booth = interpreter.page
    expect(booth.locator("#send")).to_be_disabled()  # interpreters render; they do not post

    # Arabic in: the interpreter sees it needs rendering into English.
    say(arabic, ARABIC)
    said = message(booth, ARABIC)
    expect(said.locator("[data-needs=en]")).to_contain_text("Needs rendering into English")
    expect(said.locator("[data-needs=ar]")).to_have_count(0)  # already in Arabic
    expect(said.locator(".body")).to_have_attribute("lang", "ar")
    shoot(interpreter, "interpreter-needs-rendering")
    render(booth, ARABIC, "en", ARABIC_IN_ENGLISH)
    expect(said.locator("[data-needs=en]")).to_have_count(0)
    expect(said.locator("[data-rendered=en]")).to_contain_text(ARABIC_IN_ENGLISH)

    # The English reader reads the rendering; the original is one click away, and back.
    line = english.page.locator("#transcript li.msg").first
    expect(line.locator(".rendering-text")).to_have_text(ARABIC_IN_ENGLISH)
    expect(line.locator(".rendering-meta")).to_contain_text("Interpreted from Arabic")
    expect(line.locator(".body")).to_be_hidden()
    # A screen reader hears what the page shows: the original when it came, then the rendering that
    # replaced it (not only the words this reader chose not to read).
    heard = english.page.locator("#announce-polite p")
    expect(heard.filter(has_text=ARABIC)).to_have_count(1)
    expect(heard.filter(has_text=ARABIC_IN_ENGLISH)).to_have_count(1)
    expect(heard.filter(has_text=ARABIC_IN_ENGLISH)).to_contain_text(
        f"interpreted from Arabic: {ARABIC_IN_ENGLISH}"
    )
    expect(booth.locator("#announce-polite p", has_text=ARABIC_IN_ENGLISH)).to_have_count(0)
    toggle = line.locator("[data-toggle-original]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(line.locator(".body")).to_be_visible()
    expect(line.locator(".body")).to_have_text(ARABIC)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_be_focused()
    shoot(english, "english-reader-original-shown")
    toggle.press("Enter")  # keyboard: hide it again
    expect(line.locator(".body")).to_be_hidden()
    shoot(english, "english-reader")

    # The Arabic reader sees their own words as they wrote them, with no rendering in the way.
    mine = arabic.page.locator("#transcript li.msg").first
    expect(mine.locator(".body")).to_be_visible()
    expect(mine.locator(".rendering")).to_have_count(0)

    # And back: English in, Arabic rendering for the Arabic reader.
    say(english, ENGLISH)
    expect(message(booth, ENGLISH).locator("[data-needs=ar]")).to_be_visible()
    render(booth, ENGLISH, "ar", ENGLISH_IN_ARABIC)
    reply = arabic.page.locator("#transcript li.msg").nth(1)
    expect(reply.locator(".rendering-text")).to_have_text(ENGLISH_IN_ARABIC)
    expect(reply.locator(".rendering-text")).to_have_attribute("dir", "rtl")
    expect(reply.locator(".body")).to_be_hidden()
    expect(arabic.page.locator("#announce-polite p", has_text=ENGLISH_IN_ARABIC)).to_have_count(1)
    # A rendering into a language the reader does not read changes nothing on their page: not said.
    expect(english.page.locator("#announce-polite p", has_text=ENGLISH_IN_ARABIC)).to_have_count(0)
    shoot(arabic, "arabic-reader")
    shoot(interpreter, "interpreter")

    # The English reader switches to Arabic: renderings into Arabic now, and the choice is remembered.
    english.page.select_option("#reading-language", "ar")
    expect(english.page.locator("#transcript li.msg").nth(1).locator(".rendering-text")).to_have_text(
        ENGLISH_IN_ARABIC
    )
    expect(english.page.locator("#transcript li.msg").first.locator(".rendering")).to_have_count(0)
    english.page.wait_for_function("() => document.getElementById('reading-note').textContent === ''")
    for _ in range(50):
        if ReadingLanguage.objects.get(user=ed).language == "ar":
            break
        english.page.wait_for_timeout(100)
    assert ReadingLanguage.objects.get(user=ed).language == "ar"

    # A reload replays messages and renderings from the server, in the remembered language.
    english.page.reload()
    expect(english.page.locator("#reading-language")).to_have_value("ar")
    expect(english.page.locator("#transcript li.msg").nth(1).locator(".rendering-text")).to_have_text(
        ENGLISH_IN_ARABIC
    )
    # Replayed renderings are there to read, not read out again.
    expect(english.page.locator("#announce-polite p", has_text=ENGLISH_IN_ARABIC)).to_have_count(0)
    assert MessageRendering.objects.filter(room=room).count() == 2
