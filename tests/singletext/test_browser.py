"""The single-text procedure in Chromium, as the issue's "done when" describes it: a facilitator and three
participants go through two rounds, a revision that resolves the brackets and a package vote; then a
liaison reads the released text and records uptake of a clause."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from dialogues.choices import Role
from dialogues.models import Dialogue, Session
from singletext.models import AuditEntry, ClauseUptake, Rating, SingleText
from tests.browser.conftest import OpenAs, Person, browser, people  # noqa: F401  (fixtures)
from tests.factories import PASSWORD, member
from tests.live import Server, start_server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768), "phone": (390, 844)}
CLAUSES = [
    "The parties share the waters of the basin equitably.",
    "Flows at the border are [measured / estimated] every month by [a joint commission / each party].",
    "Data on releases is published within [seven / thirty] days.",
]
REVISED = [
    "The parties share the waters of the basin equitably and reasonably.",
    "Flows at the border are measured every month by a joint commission.",
    "Data on releases is published within thirty days.",
]


@pytest.fixture
def server(transactional_db: None, artifacts_dir: Path) -> Iterator[Server]:
    # k = 2, so that three participants give a distribution and a package result; the k rule itself is
    # tested in test_procedure.py.
    srv = start_server(artifacts_dir, PARLEY_K_ANONYMITY=2)
    yield srv
    srv.stop()


@pytest.fixture
def three(dialogue: Dialogue) -> list[User]:
    north, south = dialogue.parties.get(name="Northvale"), dialogue.parties.get(name="Southmark")
    names = [
        ("nadia", "Nadia Northwood", north),
        ("nils", "Nils Norberg", north),
        ("sara", "Sara Southey", south),
    ]
    return [member(dialogue, Role.PARTICIPANT, username=u, display_name=d, party=p) for u, d, p in names]


def shots(page: Page, name: str) -> None:
    """The page at laptop, tablet and phone sizes, into var/screenshots/ (looked at by a person)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENS / f"singletext-{name}-{size}.png"), full_page=True)
    if before:
        page.set_viewport_size(before)


def rate(person: Person, text_id: int, values: list[str], criticism: dict[int, str] | None = None) -> None:
    page = person.page
    page.goto(f"/texts/{text_id}/")
    for number, value in enumerate(values, start=1):
        page.locator(f"#clause-{number}").get_by_label(value, exact=True).check()
    for number, words in (criticism or {}).items():
        page.get_by_label(f"Criticism of clause {number} (optional)").fill(words)
    page.get_by_role("button", name="Save my ratings").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Your ratings of {len(values)} clause(s) were recorded"
    )


def open_round(fac: Person) -> None:
    deadline = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    fac.page.get_by_label("Deadline").fill(deadline)
    fac.page.get_by_role("button", name="Open the round").click()
    expect(fac.page.locator(".messages")).to_contain_text("is open; the participants were told")


def test_two_rounds_a_revision_a_package_vote_and_a_liaison_reads_it(
    people: OpenAs,  # noqa: F811
    facilitator: User,
    three: list[User],
    liaison: User,
    session: Session,
    artifacts_dir: Path,
) -> None:
    dialogue = session.dialogue
    fac = people(facilitator.username, PASSWORD)
    nadia, nils, sara = (people(u.username, PASSWORD) for u in three)

    # The facilitator creates the text from the dialogue page.
    fac.page.goto(f"/dialogues/{dialogue.pk}/")
    fac.page.get_by_role("link", name="Single texts").click()
    fac.page.get_by_label("Title").fill("Basin non-paper")
    fac.page.get_by_label("Clauses").fill("\n".join(f"{n}. {c}" for n, c in enumerate(CLAUSES, start=1)))
    fac.page.get_by_role("button", name="Create the text").click()
    expect(fac.page.locator("h1")).to_have_text("Basin non-paper")
    expect(fac.page.locator("mark.st-bracket")).to_have_count(3)
    text = SingleText.objects.get()

    # Nadia keeps the session room open in a tab of her own: the round appears there live.
    room = nadia.context.new_page()
    room.goto(f"/rooms/{session.rooms.get(kind='plenary').pk}/")
    expect(room.locator("#conn")).to_have_text("Connected")

    # --- round 1 on version 1 -------------------------------------------------------------------------
    open_round(fac)
    notice = room.locator("#single-text-notice")
    expect(notice).to_contain_text("round 1 is open on version 1")
    expect(notice.get_by_role("link", name="Open the text")).to_have_attribute("href", f"/texts/{text.pk}/")

    rate(
        nadia,
        text.pk,
        ["Acceptable", "Cannot accept", "Can live with"],
        {2: "Nadia Northwood thinks estimates invite disputes."},
    )
    rate(nils, text.pk, ["Acceptable", "Can live with", "Cannot accept"])
    rate(
        sara,
        text.pk,
        ["Can live with", "Cannot accept", "Can live with"],
        {3: "Seven days is too short for our ministry."},
    )
    # Nobody sees another person's rating: Sara's page shows only her own choices.
    sara.page.goto(f"/texts/{text.pk}/")
    expect(sara.page.locator("#clause-1").get_by_label("Can live with", exact=True)).to_be_checked()
    expect(sara.page.locator("#st-round")).to_contain_text("You have rated 3 of 3 clauses")
    shots(sara.page, "participant-rates")

    fac.page.get_by_role("button", name="Close the round now").click()
    expect(fac.page.locator("h1")).to_have_text("Round report")
    clause2 = fac.page.locator("#report-2")
    expect(clause2.locator("tr.total")).to_contain_text("All (3)")
    expect(clause2.locator("tr.total td").nth(2)).to_have_text("2")  # cannot accept
    # Southmark has one rater: no party row at all (Northvale's would give Sara's away by subtraction).
    expect(clause2.locator("tr.party")).to_have_count(0)
    expect(clause2.locator(".st-criticisms")).to_contain_text("estimates invite disputes")
    expect(clause2.locator(".st-criticisms")).not_to_contain_text("Nadia")
    shots(fac.page, "facilitator-report")

    # --- the revision resolves every bracket -----------------------------------------------------------
    fac.page.get_by_role("link", name="Draft the next version").click()
    fac.page.get_by_label("Clauses").fill("\n".join(REVISED))
    fac.page.get_by_label("What changed, for the parties (optional)").fill("Brackets resolved after round 1.")
    shots(fac.page, "facilitator-revises")
    fac.page.get_by_role("button", name="Save as version 2").click()
    expect(fac.page.locator(".messages")).to_contain_text("Version 2 is now the current text")
    expect(fac.page.locator("mark.st-bracket")).to_have_count(0)

    fac.page.get_by_role("link", name="History and changes").click()
    version2 = fac.page.locator("#version-2")
    expect(version2.locator(".st-resolved li")).to_have_count(3)
    expect(version2.locator(".st-resolved")).to_contain_text("kept “measured”")
    expect(version2.locator(".st-resolved")).to_contain_text("kept “a joint commission”")
    expect(version2.locator("ins").first).to_have_text("and reasonably")
    shots(fac.page, "history")

    # --- round 2 on version 2 -------------------------------------------------------------------------
    fac.page.goto(f"/texts/{text.pk}/")
    open_round(fac)
    expect(notice).to_contain_text("round 2 is open on version 2")
    rate(nadia, text.pk, ["Acceptable", "Acceptable", "Can live with"])
    rate(nils, text.pk, ["Acceptable", "Can live with", "Acceptable"])
    rate(sara, text.pk, ["Can live with", "Acceptable", "Acceptable"])
    fac.page.get_by_role("button", name="Close the round now").click()
    expect(fac.page.locator("#report-2 tr.total td").nth(2)).to_have_text("0")

    # --- the package vote -----------------------------------------------------------------------------
    fac.page.goto(f"/texts/{text.pk}/")
    fac.page.get_by_role("button", name="Open the package vote").click()
    expect(notice).to_contain_text("package vote on version 2 is open")
    for person in (nadia, nils, sara):
        person.page.goto(f"/texts/{text.pk}/")
        person.page.get_by_role("button", name="Accept the package").click()
        expect(person.page.locator("#my-ballot")).to_contain_text("Your vote: accept")
    shots(sara.page, "participant-votes")
    shots(room, "room-notice")
    fac.page.reload()
    expect(fac.page.locator("#st-vote")).to_contain_text("3 votes cast")
    fac.page.get_by_role("button", name="Close the package vote").click()
    expect(fac.page.locator("#st-status")).to_have_text("Agreed ad referendum")
    expect(fac.page.locator("#st-result")).to_contain_text("3 accepted, 0 rejected")
    expect(notice).to_contain_text("agreed ad referendum")

    # --- release and the liaison's reading ------------------------------------------------------------
    fac.page.get_by_role("button", name="Release version 2 to liaisons").click()
    expect(fac.page.locator(".messages")).to_contain_text("Version 2 was released to the dialogue's liaisons")
    shots(fac.page, "facilitator-text")

    lena = people(liaison.username, PASSWORD)
    lena.page.goto(f"/dialogues/{dialogue.pk}/")
    lena.page.get_by_role("link", name="Basin non-paper").click()
    expect(lena.page.locator("#st-released-status")).to_have_text("Agreed ad referendum")
    expect(lena.page.locator("#clause-2")).to_contain_text(REVISED[1])
    expect(lena.page.locator("#clause-2 .st-profile")).to_contain_text(
        "Acceptable 2 · can live with 1 · cannot accept 0"
    )
    clause3 = lena.page.locator("#clause-3")
    clause3.get_by_label("Taken forward").check()
    clause3.get_by_label("Comment (optional)").fill("The ministry will publish within thirty days.")
    clause3.get_by_role("button", name="Record uptake of clause 3").click()
    expect(lena.page.locator(".messages")).to_contain_text("Your response was recorded")
    expect(lena.page.locator("#clause-3 .st-uptake")).to_contain_text("Taken forward")
    shots(lena.page, "liaison-reads")

    # What stayed on the server: ratings without accounts, and an audit entry for every step.
    assert not Rating.objects.filter(rater__in=[str(u.pk) for u in three]).exists()
    assert ClauseUptake.objects.get().clause == 3
    kinds = set(AuditEntry.objects.filter(text=text).values_list("kind", flat=True))
    assert {"round_opened", "round_closed", "version", "vote_closed", "released", "read", "uptake"} <= kinds
