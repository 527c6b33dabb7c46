"""Issue 14, items 5-8: gate decisions and the cover, four eyes, the participants' read-back, and uptake
flowing back to participants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.errors import ParleyError
from dialogues.choices import Role
from dialogues.models import Dialogue, Membership, Session
from summaries import readback, services
from summaries.gate import gate_decide, gate_report
from summaries.models import GateDecision, ReadBack, ReadBackFlag, SummaryStatus, SummaryVersion, Uptake
from tests.factories import member
from tests.liaison.helpers import version as make_version
from tests.summaries.helpers import Cast, approve_as_second, second_facilitator

pytestmark = pytest.mark.django_db

CLEAN = """## Water releases

### Proposals

- Publish dam releases weekly on a shared dashboard.

### Main points

- Dam releases should be published every week during the dry season. *(raised by several participants)*
"""


@pytest.fixture
def draft(session: Session, people: Cast) -> SummaryVersion:
    return make_version(session, SummaryStatus.DRAFT, CLEAN, created_by=people.facilitator)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_finding_is_resolved_by_a_recorded_decision_the_approver_sees(
    draft: SummaryVersion, people: Cast, django_capture_on_commit_callbacks: object
) -> None:
    edited = services.summary_edit(
        version=draft, body=CLEAN + "\n- Two participants asked for a pilot first.\n", user=people.facilitator
    )
    approve_as_second(edited)
    with pytest.raises(services.ReleaseRefused) as refused:
        services.summary_release(version=edited, user=people.facilitator)
    (finding,) = refused.value.findings
    assert finding.kind == "small_count"

    with pytest.raises(ParleyError):
        gate_decide(version=edited, key=finding.key, reason="  ", user=people.facilitator)
    gate_decide(
        version=edited, key=finding.key, reason="Quoted from the agreed text.", user=people.facilitator
    )

    decision = GateDecision.objects.get()
    assert (decision.decided_by, decision.reason, decision.text) == (
        people.facilitator,
        "Quoted from the agreed text.",
        "Two participants",
    )
    page = _client(second_facilitator(draft.session.dialogue)).get(
        reverse("summaries:summary", args=[edited.pk])
    )
    html = page.content.decode()
    assert (
        "Decisions recorded" in html
        and "Quoted from the agreed text." in html
        and "Fiona Facilitator" in html
    )
    services.summary_release(version=edited, user=people.facilitator)
    edited.refresh_from_db()
    assert edited.status == SummaryStatus.RELEASED


def test_the_cover_title_is_checked_when_written_and_replaces_a_dialogue_title_that_names_someone(
    dialogue: Dialogue, draft: SummaryVersion, people: Cast
) -> None:
    dialogue.title = "Okafor basin talks"
    dialogue.save()
    approve_as_second(draft)
    with pytest.raises(services.ReleaseRefused) as refused:
        services.summary_release(version=draft, user=people.facilitator)
    assert [f.where for f in refused.value.findings] == ["cover title"]

    with pytest.raises(services.CoverRefused):
        services.summary_edit(
            version=draft, body=CLEAN, user=people.facilitator, cover_title="Dr Okafor's talks"
        )
    response = _client(people.facilitator).post(
        reverse("summaries:summary_edit", args=[draft.pk]),
        {"body": CLEAN, "cover_title": "Amina Okafor talks"},
    )
    assert response.status_code == 200 and "would not pass the leak gate" in response.content.decode()

    covered = services.summary_edit(
        version=draft, body=CLEAN, user=people.facilitator, cover_title="Basin talks"
    )
    approve_as_second(covered)
    services.summary_release(version=covered, user=people.facilitator)
    covered.refresh_from_db()
    assert covered.status == SummaryStatus.RELEASED and covered.cover_title == "Basin talks"


def test_four_eyes_the_last_editor_cannot_approve_a_second_facilitator_can(
    draft: SummaryVersion, people: Cast
) -> None:
    second = second_facilitator(draft.session.dialogue)
    with pytest.raises(services.SummaryError) as refused:
        services.summary_approve(version=draft, user=people.facilitator, solo_reason="I am sure.")
    assert refused.value.code == "four_eyes"

    services.summary_approve(version=draft, user=second)
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by, draft.solo_reason) == (SummaryStatus.APPROVED, second, "")
    # An approval by the editor that slipped past (written directly) is still not released.
    own = make_version(draft.session, SummaryStatus.APPROVED, CLEAN, created_by=second, approved_by=second)
    with pytest.raises(services.SummaryError, match="second facilitator"):
        services.summary_release(version=own, user=second)


def test_a_solo_facilitator_releases_alone_only_with_a_recorded_acknowledgement(
    draft: SummaryVersion, people: Cast, django_capture_on_commit_callbacks: object
) -> None:
    client = _client(people.facilitator)
    page = client.get(reverse("summaries:summary", args=[draft.pk])).content.decode()
    assert "approving it alone" in page or "To approve it alone" in page

    with pytest.raises(services.SummaryError, match="acknowledgement"):
        services.summary_approve(version=draft, user=people.facilitator)
    client.post(
        reverse("summaries:summary_approve", args=[draft.pk]),
        {"solo_reason": "The co-facilitator left the dialogue; I checked the text twice."},
    )
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.APPROVED and draft.solo_reason.startswith("The co-facilitator")
    services.summary_release(version=draft, user=people.facilitator)
    page = client.get(reverse("summaries:summary", args=[draft.pk])).content.decode()
    assert "approved alone" in page and "I checked the text twice" in page


def test_read_back_participants_flag_anonymously_and_release_waits(
    session: Session, draft: SummaryVersion, people: Cast, observer: User, liaison: User
) -> None:
    participant = people.participants[0]
    outcome = reverse("summaries:outcome", args=[session.pk])
    assert "Nothing to read yet" in _client(participant).get(outcome).content.decode()

    readback.readback_open(version=draft, hours=24, user=people.facilitator)
    page = _client(participant).get(outcome).content.decode()
    assert "Publish dam releases weekly" in page and "Flags are anonymous" in page
    for outsider in (observer, liaison):
        assert _client(outsider).get(outcome).status_code == 404

    line = CLEAN.split("\n").index("- Publish dam releases weekly on a shared dashboard.") + 1
    response = _client(participant).post(
        reverse("summaries:outcome_flag", args=[session.pk]),
        {"line": str(line), "note": "Only one of us said it."},
    )
    assert response.status_code == 302
    flag = ReadBackFlag.objects.get()
    assert flag.line == line and "Publish dam releases" in flag.line_text
    stored = {f.name for f in ReadBackFlag._meta.get_fields()}
    assert not stored & {"user", "author", "created_by", "participant"}  # who flagged is never stored

    approve_as_second(draft)
    with pytest.raises(services.SummaryError) as refused:
        services.summary_release(version=draft, user=people.facilitator)
    assert refused.value.code == "read_back_open"
    facilitator_page = (
        _client(people.facilitator).get(reverse("summaries:summary", args=[draft.pk])).content.decode()
    )
    assert (
        "Only one of us said it." in facilitator_page
        and participant.profile.display_name not in facilitator_page
    )

    _client(people.facilitator).post(
        reverse("summaries:flag_resolve", args=[flag.pk]),
        {"resolution": "The proposal came from the whole room."},
    )
    services.summary_release(version=draft, user=people.facilitator)
    page = _client(participant).get(outcome).content.decode()
    assert "Released" in page and "Flags are anonymous" not in page


def test_a_closed_window_takes_no_flags(session: Session, draft: SummaryVersion, people: Cast) -> None:
    window = readback.readback_open(version=draft, hours=1, user=people.facilitator)
    ReadBack.objects.filter(pk=window.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    window.refresh_from_db()
    with pytest.raises(ParleyError, match="closed"):
        readback.readback_flag(read_back=window, line=1)
    with pytest.raises(ParleyError):
        readback.readback_open(version=draft, hours=0, user=people.facilitator)


def test_participants_see_each_proposals_uptake_status_never_the_comment(
    session: Session, people: Cast, liaison: User
) -> None:
    released = make_version(session, SummaryStatus.RELEASED, CLEAN)
    from summaries.liaison.proposals import proposals_of

    key = proposals_of(released.body)[0].key
    Uptake.objects.create(
        version=released,
        proposal_key=key,
        liaison=liaison,
        status="under_consideration",
        comment="Minister X hates it.",
    )

    page = (
        _client(people.participants[0]).get(reverse("summaries:outcome", args=[session.pk])).content.decode()
    )

    assert "Under consideration" in page and "Publish dam releases weekly" in page
    assert "Minister X" not in page
    assert Membership.objects.filter(user=liaison, role=Role.LIAISON).exists()


def test_a_facilitator_of_another_dialogue_cannot_decide_or_resolve(
    draft: SummaryVersion, people: Cast
) -> None:
    from tests.factories import DialogueFactory

    stranger = member(DialogueFactory.create(title="Elsewhere"), Role.FACILITATOR, username="stranger")
    client = _client(stranger)
    key = gate_report(draft).open[0].key if gate_report(draft).open else "x"
    assert (
        client.post(
            reverse("summaries:gate_decide", args=[draft.pk]), {"key": key, "reason": "r"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("summaries:read_back_open", args=[draft.pk]), {"hours": "3"}).status_code == 404
    )
    assert not ReadBack.objects.exists() and not GateDecision.objects.exists()
