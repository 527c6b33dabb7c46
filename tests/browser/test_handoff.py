"""From release to uptake in Chromium: a facilitator approves and releases a summary, a liaison reads it
and records how a proposal was taken up, and the facilitator finds that response in the handoff log."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from dialogues.models import Session
from summaries.models import ReleaseAccess, SummaryStatus, Uptake
from tests.browser.conftest import OpenAs
from tests.factories import PASSWORD
from tests.liaison.helpers import COMMISSION, version

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_release_read_respond_and_see_it_in_the_handoff_log(
    people: OpenAs, facilitator: User, liaison: User, session: Session, artifacts_dir: Path
) -> None:
    draft = version(session, SummaryStatus.DRAFT)  # compiled, not edited: its facilitator may approve it

    # The facilitator approves the draft and releases it through the leak gate.
    fac = people(facilitator.username, PASSWORD)
    fac.page.goto(f"/summaries/{draft.pk}/")
    expect(fac.page.locator(".gate")).to_contain_text("passes")
    fac.page.get_by_role("button", name="Approve").click()
    expect(fac.page.locator(".messages")).to_contain_text("approved")
    fac.page.get_by_role("button", name="Release to liaisons").click()
    expect(fac.page.locator(".messages")).to_contain_text("released to the dialogue's liaisons")
    fac.page.screenshot(path=str(artifacts_dir / "handoff-1-released.png"), full_page=True)

    # The liaison finds it on the dialogue page and reads it.
    lena = people(liaison.username, PASSWORD)
    lena.page.goto("/")
    lena.page.get_by_role("link", name=session.dialogue.title).click()
    lena.page.get_by_role("link", name=session.title).click()
    expect(lena.page.locator("h1")).to_have_text(session.title)
    expect(lena.page.locator(".summary-body")).to_contain_text(COMMISSION)
    expect(lena.page.get_by_role("link", name="PDF")).to_be_visible()
    lena.page.screenshot(path=str(artifacts_dir / "handoff-2-liaison-reads.png"), full_page=True)

    # ... and records that the commission proposal was taken forward.
    proposal = lena.page.locator(".proposal", has_text=COMMISSION)
    proposal.get_by_label("Taken forward").check()
    proposal.get_by_label("Comment (optional)").fill("Cabinet approved the commission on Tuesday.")
    proposal.get_by_role("button", name="Record response").click()
    expect(lena.page.locator(".messages")).to_contain_text("Your response was recorded")
    answered = lena.page.locator(".proposal", has_text=COMMISSION)
    expect(answered.locator(".response")).to_contain_text("Taken forward")
    expect(answered.locator(".response")).to_contain_text("Cabinet approved the commission on Tuesday.")
    lena.page.screenshot(path=str(artifacts_dir / "handoff-3-uptake-recorded.png"), full_page=True)

    # The facilitator sees the read and the response in the handoff log.
    fac.page.goto(f"/dialogues/{session.dialogue_id}/")
    fac.page.get_by_role("link", name="Handoff log").click()
    expect(fac.page.locator("h1")).to_have_text("Handoff log")
    expect(fac.page.locator("table.accesses")).to_contain_text(liaison.username)
    response = fac.page.locator(".uptake", has_text=COMMISSION)
    expect(response).to_contain_text("Taken forward")
    expect(response).to_contain_text("Cabinet approved the commission on Tuesday.")
    expect(response).to_contain_text(liaison.profile.display_name)
    fac.page.screenshot(path=str(artifacts_dir / "handoff-4-facilitator-log.png"), full_page=True)

    draft.refresh_from_db()
    assert draft.status == SummaryStatus.RELEASED
    assert Uptake.objects.get().status == "taken_forward"
    assert ReleaseAccess.objects.filter(user=liaison, kind="read").exists()
