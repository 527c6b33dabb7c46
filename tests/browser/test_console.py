"""The facilitator runs an agenda, a vote and a timed breakout from the console, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from dialogues.models import AgendaItem, Message, Room, Session
from facilitation.models import CapturedItem, Statement, Vote
from tests.browser.conftest import OpenAs, Person
from tests.factories import PASSWORD
from tests.live import Server, start_server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(transactional_db: None, artifacts_dir: Path) -> Iterator[Server]:
    # k = 2 so that two voters see a result; the k rule itself is tested in tests/console.
    srv = start_server(artifacts_dir, PARLEY_K_ANONYMITY=2)
    yield srv
    srv.stop()


def enter(person: Person, room_id: int) -> None:
    person.page.goto(f"/rooms/{room_id}/")
    expect(person.page.locator("#conn")).to_have_text("Connected")


def shot(person: Person, artifacts_dir: Path, name: str) -> None:
    person.page.screenshot(path=str(artifacts_dir / f"console-{name}.png"), full_page=True)


def test_agenda_vote_and_breakout_from_the_console(
    people: OpenAs,
    facilitator: User,
    participant: User,
    participant2: User,
    observer: User,
    session: Session,
    artifacts_dir: Path,
) -> None:
    plenary = session.rooms.get(kind="plenary")
    fac = people(facilitator.username, PASSWORD)
    paula = people(participant.username, PASSWORD)
    pedro = people(participant2.username, PASSWORD)
    otto = people(observer.username, PASSWORD)
    for person in (fac, paula, pedro, otto):
        enter(person, plenary.pk)
    expect(paula.page.locator("#console-card")).to_have_count(0)
    expect(fac.page.locator("#session-state")).to_have_text("Live")  # the factory's session is under way

    # --- agenda: reorder, start, skip; overrun warning for the facilitator ----------------------------
    agenda = fac.page.locator("#console-agenda-list li")
    expect(agenda).to_have_count(2)
    agenda.filter(has_text="Opening").get_by_role("button", name="Move Opening down").click()
    expect(agenda.first).to_contain_text("Water releases")
    assert list(AgendaItem.objects.filter(session=session).values_list("title", flat=True)) == [
        "Water releases",
        "Opening",
    ]
    agenda.filter(has_text="Water releases").get_by_role("button", name="Start").click()
    expect(paula.page.locator("#agenda-title")).to_have_text("Water releases")
    expect(paula.page.locator("#agenda-clock")).to_contain_text(":")
    # Fifteen minutes pass (in the database); the next agenda change carries the old start time.
    Session.objects.filter(pk=session.pk).update(item_started_at=timezone.now() - timedelta(minutes=16))
    agenda.filter(has_text="Opening").get_by_role("button", name="Skip").click()
    expect(agenda.filter(has_text="Opening")).to_contain_text("skipped")
    expect(fac.page.locator("#overrun")).to_contain_text("Over time on “Water releases”")
    expect(paula.page.locator("#agenda-clock")).to_contain_text("over")
    expect(paula.page.locator("#overrun")).to_have_count(0)
    shot(fac, artifacts_dir, "agenda-overrun")

    # --- capture a message in one click, without its author -------------------------------------------
    paula.page.fill("#body", "Pool the gauge data in a neutral server.")
    paula.page.press("#body", "Enter")
    message = fac.page.locator("#transcript li.msg", has_text="Pool the gauge data")
    message.get_by_role("button", name="Capture").click()
    expect(fac.page.locator("#capture-text")).to_have_value("Pool the gauge data in a neutral server.")
    fac.page.select_option("#capture-kind", "proposal")
    fac.page.fill("#capture-text", "Pool gauge data on a neutral server")
    fac.page.click("#capture-save")
    for person in (paula, pedro, otto):
        expect(person.page.locator("#captures")).to_contain_text("Pool gauge data on a neutral server")
    expect(pedro.page.locator("#captures")).to_contain_text("Proposal")
    # Her name as the room shows it, from the page's own store (imported again by URL: no globals).
    paula_name = paula.page.evaluate(
        """async () => {
            const main = document.querySelector('script[src*="/js/room/main.js"]').src;
            return (await import(new URL("store.js", main))).store.state.you.name;
        }"""
    )
    expect(pedro.page.locator("#captures")).not_to_contain_text(paula_name)
    captured_on = CapturedItem.objects.get().agenda_item
    assert captured_on is not None and captured_on.title == "Water releases"

    # --- a statement, two anonymous votes, a changed vote, closing ------------------------------------
    fac.page.fill("#statement-text", "Both sides should publish river flow data.")
    fac.page.click("#statement-form button[type=submit]")
    for person in (paula, pedro):
        expect(person.page.locator("#statements li")).to_contain_text("Both sides should publish")
    expect(otto.page.locator("#statements li")).to_contain_text("Both sides should publish")
    expect(otto.page.locator("#statements button[data-vote]")).to_have_count(0)
    paula.page.locator("#statements").get_by_role("button", name="Agree", exact=True).click()
    pedro.page.locator("#statements").get_by_role("button", name="Disagree", exact=True).click()
    expect(fac.page.locator("#statements")).to_contain_text("2 votes: 1 agree, 1 disagree, 0 pass")
    paula.page.locator("#statements").get_by_role("button", name="Pass", exact=True).click()
    expect(otto.page.locator("#statements")).to_contain_text("2 votes: 0 agree, 1 disagree, 1 pass")
    expect(paula.page.locator("#statements button[aria-pressed=true]")).to_have_text("Pass")
    assert Vote.objects.count() == 2
    shot(fac, artifacts_dir, "vote-results")
    fac.page.locator("#statements").get_by_role("button", name="Close voting").click()
    expect(pedro.page.locator("#statements li")).to_contain_text("closed")
    expect(pedro.page.locator("#statements button[data-vote]")).to_have_count(0)
    expect(pedro.page.locator("#statements")).to_contain_text("You voted: Disagree")
    shot(pedro, artifacts_dir, "participant-after-vote")

    # --- split into a timed breakout, talk there, and come back when the time is up -------------------
    fac.page.click("#console-split summary")
    fac.page.fill("#split-rooms", "1")
    fac.page.fill("#split-minutes", "1")
    fac.page.fill("#split-title", "Gauges")
    fac.page.click("#split-form button[type=submit]")
    expect(fac.page.locator("#console-note")).to_contain_text("Opened 1 breakout room")
    breakout = Room.objects.get(kind="breakout")
    assert breakout.title == "Gauges 1" and breakout.closes_at is not None
    paula.page.get_by_role("link", name="Join the breakout").click()
    expect(paula.page.locator("h1")).to_have_text("Gauges 1")
    expect(paula.page.locator("#conn")).to_have_text("Connected")
    paula.page.fill("#body", "In the breakout: the gauges are ours to share.")
    paula.page.press("#body", "Enter")
    expect(paula.page.locator("#transcript li.msg:not(.pending)")).to_have_count(1)
    shot(paula, artifacts_dir, "breakout")

    fac.page.click("#console-balance summary")
    expect(fac.page.locator("#balance table.balance")).to_have_count(3)  # party, sector, person
    expect(fac.page.locator("#balance")).to_contain_text("Northvale")
    shot(fac, artifacts_dir, "balance")

    # Nobody closes it: its minute runs out, an open page nudges, the server's clock closes it.
    paula.page.wait_for_url(f"**/rooms/{plenary.pk}/", timeout=100_000)
    expect(paula.page.locator("#conn")).to_have_text("Connected")
    breakout.refresh_from_db()
    assert not breakout.is_open
    # The breakout's transcript belongs to the session.
    assert Message.objects.filter(room__session=session, room=breakout).count() == 1
    shot(fac, artifacts_dir, "after-breakout")


# Two camps of six synthetic voters (already in the database) on three statements.
CAMPS = {"A": [1, 1, -1], "B": [-1, 1, 1]}
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768), "phone": (390, 844)}


def test_the_common_ground_panel_follows_votes_without_a_reload(
    people: OpenAs,
    facilitator: User,
    participant: User,
    participant2: User,
    session: Session,
    artifacts_dir: Path,
) -> None:
    plenary = session.rooms.get(kind="plenary")
    statements = [
        Statement.objects.create(session=session, text=text)
        for text in ("Publish river flows daily.", "Share flood warnings at once.", "Fund a joint gauge.")
    ]
    for camp, values in CAMPS.items():
        for i in range(6):
            for j, (statement, value) in enumerate(zip(statements, values, strict=True)):
                # Two in each camp passed on one statement, so people do not sit on just two points.
                vote = 0 if i < 2 and j == i else value
                Vote.objects.create(statement=statement, voter=f"synthetic-{camp}{i}", value=vote)
    fac = people(facilitator.username, PASSWORD)
    paula = people(participant.username, PASSWORD)
    pedro = people(participant2.username, PASSWORD)
    for person in (fac, paula, pedro):
        enter(person, plenary.pk)

    fac.page.click("#console-common-ground summary")
    summary = fac.page.locator("#common-ground-panel #cg-summary")
    expect(summary).to_contain_text("12 voted")
    expect(summary).to_contain_text("2 opinion groups")
    expect(summary).to_contain_text("Next best")
    expect(summary).to_contain_text("People fall")  # how clearly, in words (issue 15, item 10)
    expect(fac.page.locator("#cg-map svg")).to_have_count(1)
    expect(fac.page.locator("#cg-consensus")).to_contain_text("Share flood warnings at once.")
    expect(fac.page.locator("#cg-divisive li")).to_have_count(2)
    fac.page.evaluate("window.__notReloaded = true")

    # Real votes from the room: the panel updates by itself as each one is announced.
    for row, label in enumerate(("Agree", "Agree", "Disagree")):
        paula.page.locator("#statements li").nth(row).get_by_role("button", name=label, exact=True).click()
    expect(summary).to_contain_text("13 voted")
    pedro.page.locator("#statements li").nth(0).get_by_role("button", name="Disagree", exact=True).click()
    # Pedro has one vote of the three needed to be in the conversation: counted, and said so.
    expect(summary).to_contain_text("14 voted")
    expect(fac.page.locator("#cg-excluded")).to_contain_text("1 left out: fewer than 3 votes")
    assert fac.page.evaluate("window.__notReloaded") is True
    for name, (width, height) in SIZES.items():
        fac.page.set_viewport_size({"width": width, "height": height})
        if fac.page.locator("#cockpit-tabs").is_visible():  # tablet and phone: the console's tabs
            fac.page.get_by_role("tab", name="Outcomes").click()
        fac.page.locator("#console-common-ground").scroll_into_view_if_needed()
        fac.page.screenshot(path=str(SCREENSHOTS / f"console-common-ground-{name}.png"))
        assert smallest_label(fac.page, "#cg-map svg") >= 12, name
    # The full page says the same, with the statements that divide the groups.
    fac.page.goto(f"/sessions/{session.pk}/common-ground/")
    expect(fac.page.locator("main")).to_contain_text("Statements that divide the groups")
    expect(fac.page.locator("main")).to_contain_text("1 left out: fewer than 3 votes")
    for name, (width, height) in SIZES.items():
        fac.page.set_viewport_size({"width": width, "height": height})
        fac.page.screenshot(path=str(SCREENSHOTS / f"common-ground-page-{name}.png"), full_page=True)
        # Chart labels a person can read: at least 12 px as drawn, at every size (issue 15, item 10).
        assert smallest_label(fac.page, "main .charts svg") >= 12, name
    expect(fac.page.locator("main")).not_to_contain_text(re.compile(r"\(\d\.\d\d\)"))


def smallest_label(page: Page, svgs: str) -> float:
    """The smallest text of these charts as drawn on screen, in CSS pixels (its size in the SVG's units,
    times the scale the page draws the SVG at)."""
    sizes: list[float] = page.eval_on_selector_all(
        svgs,
        """nodes => nodes.flatMap(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const texts = [...svg.querySelectorAll("text")];
            return texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        })""",
    )
    assert sizes, f"no chart text in {svgs}"
    return min(sizes)
