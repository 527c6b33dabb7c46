"""The whole outcome path in Chromium against a real server: compile → gate decision → read-back flag →
second approval → release → the participants' and the liaison's views (issue 14, "Done when").

Screenshots of each page at laptop, tablet and phone sizes go to var/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from dialogues.models import Dialogue, Session
from summaries.models import GateDecision, ReadBackFlag, SummaryStatus, SummaryVersion, Uptake
from tests.browser.conftest import Person, browser, server  # noqa: F401 (fixtures)
from tests.factories import PASSWORD
from tests.live import Server
from tests.summaries.helpers import Cast, capture, cast, plenary, post_many, second_facilitator

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768), "phone": (390, 844)}
SAID = [
    "Dam releases should be published every week so that downstream farmers can plan their planting.",
    "Farmers downstream lose a whole harvest when releases are cut without notice in the dry season.",
    "A joint monitoring station at the border would give both sides the same release figures.",
]
PROPOSAL = "Publish dam releases weekly on a shared dashboard, as Minister Karimov proposed in 2019."


def shoot(page: Page, name: str) -> None:
    """The page at three sizes, full length, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"outcome-{name}-{size}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)


@pytest.fixture
def crowd(dialogue: Dialogue, facilitator: User) -> Cast:
    return cast(dialogue, facilitator)


@pytest.fixture
def open_as(browser: Browser, server: Server) -> Iterator[Callable[[User], Person]]:  # noqa: F811
    opened: list[Person] = []

    def login(user: User) -> Person:
        person = Person(browser, server, user.username, PASSWORD)
        opened.append(person)
        return person

    yield login
    for person in opened:
        person.close()


def test_compile_decide_read_back_approve_release_and_read(
    open_as: Callable[[User], Person], session: Session, crowd: Cast, liaison: User
) -> None:
    login = open_as
    session.started_at = timezone.now() - timedelta(hours=1)
    session.save(update_fields=["started_at"])
    post_many(plenary(session), [(u, SAID[i % 3], None) for i, u in enumerate(crowd.participants)])
    capture(session, "proposal", PROPOSAL)
    cora = second_facilitator(session.dialogue)
    participant = crowd.participants[0]

    # 1. The facilitator compiles a draft; the gate lists what needs a decision.
    fiona = login(crowd.facilitator)
    page = fiona.page
    page.goto(f"/sessions/{session.pk}/summaries/")
    page.get_by_role("button", name="Compile a new draft").click()
    expect(page.locator("#gate-title")).to_be_visible(timeout=60_000)
    version = SummaryVersion.objects.get(session=session)
    assert version.status == SummaryStatus.DRAFT
    expect(page.locator(".summary-body")).to_contain_text("Publish dam releases weekly")

    # 2. Each finding is let stand by a recorded decision (a public figure's published plan).
    while page.locator("form.decide input[name=reason]").count():
        form = page.locator("#gate form.decide").first
        form.locator("input[name=reason]").fill("Karimov is a minister quoted from his published 2019 plan.")
        form.get_by_role("button", name="Record decision").click()
        expect(page.locator(".messages")).to_contain_text("Decision recorded")
    expect(page.locator("#gate-title")).to_contain_text("passes")
    assert GateDecision.objects.filter(decided_by=crowd.facilitator).exists()

    # 3. Read-back: the facilitator opens it; a participant flags a line, anonymously.
    page.get_by_role("button", name="Open read-back").click()
    expect(page.locator(".messages")).to_contain_text("Participants can read this draft")
    shoot(page, "1-facilitator-draft")
    paula = login(participant)
    paula.page.goto(f"/sessions/{session.pk}/outcome/")
    expect(paula.page.locator("ol.read-back")).to_contain_text("Publish dam releases weekly")
    shoot(paula.page, "2-participant-read-back")
    line = paula.page.locator("ol.read-back li", has_text="Publish dam releases weekly").first
    line.locator("summary").click()
    line.get_by_label("Why (optional)").fill("Only one delegation talks about 2019.")
    line.get_by_role("button", name="Flag this line").click()
    expect(paula.page.locator(".messages")).to_contain_text("not who flagged it")
    flag = ReadBackFlag.objects.get()

    # 4. The facilitator resolves it; a second facilitator approves, sees the decisions, and releases.
    page.reload()
    expect(page.locator("ul.read-back-flags")).to_contain_text("Only one delegation talks about 2019.")
    expect(page.locator("ul.read-back-flags")).not_to_contain_text(participant.profile.display_name)
    page.get_by_label("Resolved how").fill("The year is public; the plan is a minister's, not a delegate's.")
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator(".messages")).to_contain_text("Flag resolved")
    flag.refresh_from_db()
    assert flag.resolved_by == crowd.facilitator
    assert page.get_by_role("button", name="Approve as second facilitator").count() == 0  # the editor cannot

    second = login(cora)
    second.page.goto(f"/summaries/{version.pk}/")
    expect(second.page.locator("#gate")).to_contain_text("Decisions recorded")
    expect(second.page.locator("#gate")).to_contain_text("published 2019 plan")
    second.page.get_by_role("button", name="Approve as second facilitator").click()
    expect(second.page.locator(".messages")).to_contain_text("approved")
    second.page.get_by_role("button", name="Release to liaisons and participants").click()
    expect(second.page.locator(".messages")).to_contain_text("released")
    version.refresh_from_db()
    assert (version.status, version.approved_by, version.released_by) == (SummaryStatus.RELEASED, cora, cora)

    # 5. The liaison reads it and records uptake; the participant reads the release and the status only.
    lena = login(liaison)
    lena.page.goto(f"/released/{version.pk}/")
    expect(lena.page.locator(".summary-body")).to_contain_text("Publish dam releases weekly")
    proposal = lena.page.locator(".proposal", has_text="Publish dam releases weekly")
    proposal.get_by_label("Under consideration").check()
    proposal.get_by_label("Comment (optional)").fill("The treasury is costing it.")
    proposal.get_by_role("button", name="Record response").click()
    expect(lena.page.locator(".messages")).to_contain_text("Your response was recorded")
    shoot(lena.page, "3-liaison")
    assert Uptake.objects.get().status == "under_consideration"

    paula.page.goto(f"/sessions/{session.pk}/outcome/")
    expect(paula.page.locator("#uptake")).to_contain_text("Under consideration")
    expect(paula.page.locator("body")).not_to_contain_text("treasury")
    expect(paula.page.locator(".summary-body")).to_contain_text("Publish dam releases weekly")
    shoot(paula.page, "4-participant-released")
