"""The facilitator's handoff log, and bringing a response into the next session's agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.models import AgendaItem, Dialogue, Session
from summaries.liaison import selectors, services
from summaries.liaison.proposals import proposals_of
from summaries.models import ReleaseAccess, SummaryVersion, Uptake
from tests.factories import SessionFactory
from tests.liaison.helpers import BODY, COMMISSION, GAUGES, release_for_real, released

pytestmark = pytest.mark.django_db


def respond(version: SummaryVersion, liaison: User, plain: str, status: str, comment: str = "") -> Uptake:
    key = next(p.key for p in proposals_of(version.body) if p.plain == plain)
    return Uptake.objects.create(
        version=version, proposal_key=key, liaison=liaison, status=status, comment=comment
    )


@pytest.fixture
def next_session(dialogue: Dialogue) -> Session:
    return SessionFactory.create(
        dialogue=dialogue, title="Round two", starts_at=timezone.now() + timedelta(days=9), status="scheduled"
    )


def test_the_log_shows_releases_reads_downloads_and_responses(
    client: Client,
    facilitator: User,
    liaison: User,
    liaison2: User,
    observer: User,
    session: Session,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    v = release_for_real(session, facilitator, django_capture_on_commit_callbacks)
    for user in (liaison, liaison, liaison2):
        client.force_login(user)
        client.get(reverse("liaison:read", args=[v.pk]))
    client.force_login(liaison)
    client.get(reverse("liaison:download", args=[v.pk, "pdf"]))
    respond(v, liaison, COMMISSION, "noted", "Read it.")
    respond(v, liaison, COMMISSION, "taken_forward", "Cabinet agreed on Tuesday.")
    respond(v, liaison2, GAUGES, "declined", "No budget this year.")

    client.force_login(facilitator)
    page = client.get(reverse("liaison:handoff", args=[session.dialogue_id])).content.decode()
    releases = page[page.index("<h3>Releases</h3>") : page.index("<h3>Reads and downloads</h3>")]
    assert "Version 1" in releases and "Fiona Facilitator" in releases and "current" in releases
    accesses = page[page.index("<h3>Reads and downloads</h3>") : page.index("<h3>Uptake responses</h3>")]
    rows = accesses.split("<tr>")[2:]
    lena_reads = next(r for r in rows if "lena" in r and "<td>Read</td>" in r)
    assert "<td>2</td>" in lena_reads  # two reads, grouped, with first and last time
    assert any("lars" in r and "<td>Read</td>" in r and "<td>1</td>" in r for r in rows)
    assert any("lena" in r and "Downloaded PDF" in r for r in rows)
    responses = page[page.index("<h3>Uptake responses</h3>") :]
    assert "Cabinet agreed on Tuesday." in responses and "No budget this year." in responses
    assert COMMISSION in responses and GAUGES in responses
    # The newest response per liaison is in the table; the earlier one only in the full history.
    commission = next(b for b in responses.split('<div class="uptake">') if COMMISSION in b)
    table = commission[: commission.index("</table>")]
    assert "Taken forward" in table and "Read it." not in table
    assert "Every response (2)" in commission and "Read it." in commission


def test_only_liaison_accesses_are_counted(
    client: Client, facilitator: User, liaison: User, release: SummaryVersion
) -> None:
    client.force_login(facilitator)
    client.get(reverse("liaison:read", args=[release.pk]))
    client.get(reverse("liaison:download", args=[release.pk, "md"]))
    assert not ReleaseAccess.objects.exists()
    log = selectors.handoff_log(dialogue=release.session.dialogue)
    assert log.sessions[0].accesses == []


def test_a_correction_shows_as_corrected_and_keeps_its_responses(
    client: Client, facilitator: User, liaison: User, session: Session
) -> None:
    first = released(session)
    respond(first, liaison, COMMISSION, "noted", "On file.")
    second = released(session, BODY.replace("two days", "three days"))
    log = selectors.handoff_log(dialogue=session.dialogue)
    [s] = log.sessions
    assert [(r.version.number, r.corrected_by) for r in s.releases] == [(2, None), (1, 2)]
    [responses] = s.responses
    assert responses.proposal is not None and responses.proposal.plain == COMMISSION
    assert [u.comment for u in responses.latest] == ["On file."]
    assert second.number == 2


def test_add_a_response_to_the_next_sessions_agenda_in_one_click(
    client: Client, facilitator: User, liaison: User, release: SummaryVersion, next_session: Session
) -> None:
    uptake = respond(release, liaison, GAUGES, "under_consideration", "Treasury is costing it.")
    client.force_login(facilitator)
    response = client.post(
        reverse("liaison:uptake_agenda", args=[uptake.pk]), {"note": "Costings are being prepared."}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#uptake-{uptake.pk}")
    item = AgendaItem.objects.get(session=next_session)
    assert item.title == f"Follow-up: {GAUGES}"
    assert "Under consideration" in item.description
    # The comment was "Seen by the facilitators": participants get the facilitator's words, not it.
    assert "Treasury" not in item.description
    assert "From the facilitators: Costings are being prepared." in item.description
    assert "Lena" not in item.description and "lena" not in item.description  # no liaison named
    # A second click adds nothing.
    client.post(reverse("liaison:uptake_agenda", args=[uptake.pk]))
    assert AgendaItem.objects.filter(session=next_session).count() == 1
    page = client.get(reverse("liaison:handoff", args=[release.session.dialogue_id])).content.decode()
    assert "already has this on its agenda" in page


def test_the_next_session_is_the_earliest_scheduled_one_after_the_summarised_one(
    dialogue: Dialogue, session: Session, next_session: Session
) -> None:
    later = SessionFactory.create(
        dialogue=dialogue, title="Later", starts_at=timezone.now() + timedelta(days=30), status="scheduled"
    )
    SessionFactory.create(
        dialogue=dialogue, title="Sooner", starts_at=timezone.now() + timedelta(hours=2), status="scheduled"
    )
    SessionFactory.create(
        dialogue=dialogue, title="Closed", starts_at=timezone.now() + timedelta(days=2), status="closed"
    )
    assert selectors.next_session(after=session) == next_session
    assert selectors.next_session(after=next_session) == later
    assert selectors.next_session(after=later) is None


def test_without_a_later_session_the_response_waits(
    client: Client, facilitator: User, liaison: User, release: SummaryVersion
) -> None:
    uptake = respond(release, liaison, GAUGES, "noted")
    with pytest.raises(services.UptakeError) as refused:
        services.uptake_to_agenda(uptake=uptake)
    assert refused.value.code == "no_next_session"
    client.force_login(facilitator)
    page = client.get(reverse("liaison:handoff", args=[release.session.dialogue_id])).content.decode()
    assert "No session is scheduled after this one" in page
    assert f"/uptake/{uptake.pk}/agenda/" not in page
    assert not [i for i in AgendaItem.objects.all() if i.title.startswith("Follow-up")]  # titles are sealed


def test_a_long_proposal_makes_a_title_that_fits(
    facilitator: User, liaison: User, session: Session, next_session: Session
) -> None:
    long = "A " + "very " * 80 + "long proposal."
    v = released(session, f"## Item\n\n### Proposals\n\n- {long}\n")
    uptake = respond(v, liaison, long, "noted")
    item = services.uptake_to_agenda(uptake=uptake)
    assert len(item.title) == 200 and item.title.endswith("…")


def test_an_empty_log_says_so(client: Client, facilitator: User, dialogue: Dialogue) -> None:
    client.force_login(facilitator)
    page = client.get(reverse("liaison:handoff", args=[dialogue.pk])).content.decode()
    assert "Nothing has been released to liaisons yet" in page


def test_the_dialogue_page_links_facilitators_to_the_log(
    client: Client, facilitator: User, participant: User, dialogue: Dialogue
) -> None:
    link = reverse("liaison:handoff", args=[dialogue.pk])
    client.force_login(facilitator)
    assert link in client.get(reverse("dialogues:detail", args=[dialogue.pk])).content.decode()
    client.force_login(participant)
    assert link not in client.get(reverse("dialogues:detail", args=[dialogue.pk])).content.decode()
