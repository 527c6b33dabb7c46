"""What a compiled draft says, and what it never says."""

from __future__ import annotations

import uuid

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from core.crypto import rotate_all
from dialogues.live import services as rooms
from dialogues.models import AgendaItem, Membership, Message, Pseudonym, Room, Session
from summaries import services
from summaries.document import content_hash, parse_markdown
from summaries.gate import release_findings
from summaries.models import SummaryStatus, SummaryVersion
from summaries.selectors import review_flags
from tests.summaries.helpers import Cast, capture, compile_now, plenary, post, post_many, statement_with_votes

pytestmark = pytest.mark.django_db


def _sections(version: SummaryVersion) -> dict[str, dict[str, list[str]]]:
    doc = parse_markdown(version.body)
    return {
        s.title: {p.key: p.items or [p.text] for p in s.parts} | {"_items": s.items} for s in doc.sections
    }


def test_draft_has_a_section_per_agenda_item_and_general(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    north, south = people.by_party["Northvale"], people.by_party["Southmark"]
    post(
        room,
        north[0],
        "Dam releases and water sharing quotas must be fixed before the dry season starts.",
        items[1],
    )
    post(
        room, south[0], "Farmers downstream suffer when dam releases are cut during the dry season.", items[1]
    )
    post(room, south[1], "Border crossings need longer opening hours and faster customs checks for traders.")
    capture(session, "proposal", "Publish dam releases weekly on a shared dashboard.", items[1])
    capture(session, "agreement", "Data on releases should be shared.", items[1])
    capture(session, "disagreement", "Whether quotas come before data sharing.", items[1])
    capture(
        session, "action_item", "Secretariat to circulate the notification protocol.", items[1], resolved=True
    )
    capture(session, "open_question", "Who pays for the monitoring stations?", None)

    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)

    assert version.status == SummaryStatus.DRAFT
    sections = _sections(version)
    assert list(sections) == ["Participation", "Water releases", "General"]  # "Opening" had nothing said
    water = sections["Water releases"]
    assert {"main_points", "themes", "proposals", "agreements", "disagreements", "action_items"} <= set(water)
    assert any("dry season" in point for point in water["main_points"])
    assert water["proposals"] == ["Publish dam releases weekly on a shared dashboard."]
    assert water["action_items"] == [
        "Secretariat to circulate the notification protocol. *(done; owner to be agreed; no due date)*"
    ]
    assert sections["General"]["open_questions"] == ["Who pays for the monitoring stations?"]
    assert any("Border crossings" in point for point in sections["General"]["main_points"])
    assert version.content_hash == content_hash(version.body)
    assert version.progress == 100 and version.compiled_at is not None


def test_people_are_described_by_counts_never_by_who(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    north, south = people.by_party["Northvale"], people.by_party["Southmark"]
    point = "A joint commission on dam releases could publish monitoring figures every month."
    post_many(room, [(user, point, items[1]) for user in north[:3] + south[:3]])
    post(
        room,
        north[4],
        "Students use the border crossings daily and need predictable opening hours.",
        items[0],
    )

    body = compile_now(session, people.facilitator, django_capture_on_commit_callbacks).body

    assert "several participants from different parties" in body
    assert "*(raised by one or more participants)*" in body  # one author: no count below k
    discussion = body.split("## Water releases", 1)[1]
    assert "Northvale" not in discussion and "Southmark" not in discussion
    for user in people.participants:
        assert user.profile.display_name not in body
        assert user.profile.organisation not in body
        assert user.get_username() not in body


def test_every_text_is_redacted_before_it_goes_in(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    north, south = people.by_party["Northvale"], people.by_party["Southmark"]
    items[1].title = "Proposal of Dr. Okafor on releases"
    items[1].save()
    post(
        room,
        south[0],
        "I agree with Amina Okafor: dam releases must be published every week in the season.",
        items[1],
    )
    post(
        room,
        north[1],
        "Ask Mina, or write to her at amina@example.org, or call +234 803 555 0142 about the dams.",
        items[1],
    )
    capture(
        session, "proposal", "Ato Tesfaye proposed a joint dashboard for dam releases run by BRI.", items[1]
    )
    party = {u: u.memberships.get().party for u in people.participants}
    statement_with_votes(
        session,
        "Müller's irrigation plan should be tested first.",
        {u: 1 for u in people.participants},
        party,
        items[1],
    )

    body = compile_now(session, people.facilitator, django_capture_on_commit_callbacks).body

    for leaked in ("Okafor", "Amina", "Mina", "amina@example.org", "555 0142", "Tesfaye", "BRI", "Müller"):
        assert leaked not in body, leaked
    assert "## Proposal of [participant] on releases" in body
    assert "[participant] proposed a joint dashboard for dam releases run by [organisation]." in body
    assert "[participant]'s irrigation plan should be tested first." in body


def test_a_member_removed_after_speaking_is_still_redacted(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    removed = people.by_party["Northvale"][3]  # Oleksandr Petrovych Kovalenko
    post(
        plenary(session),
        people.by_party["Southmark"][0],
        "I agree with Kovalenko that dam releases must be published every week.",
        items[1],
    )
    Membership.objects.filter(user=removed).update(is_active=False)

    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)

    assert "Kovalenko" not in version.body
    assert "I agree with [participant] that dam releases" in version.body
    edited = services.summary_edit(
        version=version, body=version.body + "\n- Kovalenko left early.\n", user=people.facilitator
    )
    assert any(f.text == "Kovalenko" for f in release_findings(edited))


def test_removed_messages_never_appear(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    north = people.by_party["Northvale"]
    post(room, north[0], "Upstream reservoirs could hold back less water before the dry season.", items[1])
    post(
        room,
        north[1],
        "Withdrawn: the secret figure for the reservoir deal is ninety two.",
        items[1],
        removal="withdrawn",
    )
    post(
        room,
        north[2],
        "Retracted: our delegation will walk out over the reservoir quotas.",
        items[1],
        removal="retracted",
    )
    capture(
        session,
        "proposal",
        "A removed proposal about reservoir ownership transfers.",
        items[1],
        removed_at=timezone.now(),
    )

    body = compile_now(session, people.facilitator, django_capture_on_commit_callbacks).body

    assert "Upstream reservoirs" in body
    for gone in ("ninety two", "walk out", "ownership transfers"):
        assert gone not in body


def test_off_the_record_content_never_reaches_the_draft(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    speaker = people.by_party["Southmark"][0]
    Room.objects.filter(pk=room.pk).update(on_record=False)
    rooms.message_post(
        user_id=speaker.pk,
        room_id=room.pk,
        client_id=uuid.uuid4(),
        body="Off the record: the minister will resign over the dam.",
    )
    Room.objects.filter(pk=room.pk).update(on_record=True)
    rooms.message_post(
        user_id=speaker.pk,
        room_id=room.pk,
        client_id=uuid.uuid4(),
        body="On the record: the dam schedule needs a joint technical review.",
    )

    assert Message.objects.filter(room=room).count() == 1  # only the on-the-record message was stored
    body = compile_now(session, people.facilitator, django_capture_on_commit_callbacks).body

    assert "joint technical review" in body
    assert "resign" not in body


def test_breakout_messages_count_too(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    breakout = Room.objects.create(session=session, kind="breakout", title="Breakout A", parent=room)
    post(
        breakout,
        people.by_party["Southmark"][3],
        "Grazing corridors across the border should reopen in spring.",
        items[0],
    )

    body = compile_now(session, people.facilitator, django_capture_on_commit_callbacks).body

    assert "Grazing corridors" in body


def test_room_pseudonyms_become_neutral(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    north = people.by_party["Northvale"]
    Pseudonym.objects.create(session=session, user=north[0], number=12, label="Participant 12")
    post(
        room,
        north[1],
        "As Participant 12 said, monitoring stations on the river need shared funding.",
        items[1],
    )
    post(
        room,
        north[2],
        "Speaker number 3 also said monitoring stations need joint maintenance crews.",
        items[1],
    )

    body = compile_now(session, people.facilitator, django_capture_on_commit_callbacks).body

    assert "Participant 12" not in body and "Speaker number 3" not in body
    assert "As [participant] said, monitoring stations" in body


def test_participation_counts_follow_the_k_rule(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    settings.PARLEY_K_ANONYMITY = 5
    room = plenary(session)
    north, south = people.by_party["Northvale"], people.by_party["Southmark"]
    post_many(
        room,
        [
            (u, f"Monitoring point number {i} on the river needs a shared budget line.", items[1])
            for i, u in enumerate(north[:5] + south[:3])
        ],
    )

    few = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)
    lines = _sections(few)["Participation"]["_items"]
    assert "8 participants contributed on the record." in lines
    assert any(line.startswith("Balance across parties: withheld") for line in lines)

    post_many(room, [(u, "Seasonal quotas should follow measured river flow.", items[1]) for u in south[3:5]])
    enough = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)
    balance = next(
        line for line in _sections(enough)["Participation"]["_items"] if line.startswith("Balance")
    )
    assert "Northvale" in balance and "Southmark" in balance and "(5 participants)" in balance
    assert enough.number == few.number + 1


def test_few_contributors_are_not_counted_exactly(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    post(
        room,
        people.by_party["Northvale"][0],
        "Flood warnings should reach villages downstream within an hour.",
        items[1],
    )

    lines = _sections(compile_now(session, people.facilitator, django_capture_on_commit_callbacks))[
        "Participation"
    ]["_items"]

    assert lines[0] == "Fewer than 5 participants contributed on the record; the exact number is withheld."


def test_common_ground_lists_what_every_group_agreed_with_its_support(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    party = {u: u.memberships.get().party for u in people.participants}
    everyone = people.participants
    statement_with_votes(
        session, "Flood data should be shared in real time.", dict.fromkeys(everyone, 1), party, items[1]
    )
    split = {u: 1 if i % 2 else -1 for i, u in enumerate(everyone)}
    statement_with_votes(session, "Quotas should be fixed for ten years.", split, party, items[1])

    sections = _sections(compile_now(session, people.facilitator, django_capture_on_commit_callbacks))

    assert sections["Water releases"]["common_ground"] == [
        "Flood data should be shared in real time. *(agreed by 100% of 12 voters, with a majority in every "
        "opinion group and in every party)*"
    ]


def test_common_ground_support_is_withheld_under_k_voters(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    party = {u: u.memberships.get().party for u in people.participants}
    few = people.participants[:4]
    statement_with_votes(
        session, "Flood data should be shared in real time.", dict.fromkeys(few, 1), party, items[0]
    )

    sections = _sections(compile_now(session, people.facilitator, django_capture_on_commit_callbacks))

    assert sections["Opening"]["common_ground"] == [
        "Too few people voted here to report support under the k rule."
    ]
    assert (
        "Fewer than 5 people voted on 1 statement; the exact number is withheld."
        in sections["Participation"]["_items"]
    )


def test_flags_are_encrypted_at_rest_and_shown(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    post(
        room,
        people.by_party["Southmark"][2],
        "When I was ambassador we shared river data every week.",
        items[1],
    )
    post(
        room,
        people.by_party["Southmark"][3],
        "Mr Karimov said the dam inspection reports were never published.",
        items[1],
    )

    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)

    flags = review_flags(version)
    assert {"self_identifying", "unknown_name"} <= {flag.kind for flag in flags}
    assert all(flag.in_draft for flag in flags if "Karimov" in flag.sentence)
    assert {"kind": "unknown_name", "in_draft": True} in version.flags  # countable without decrypting
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT flags, review, body FROM facilitation_summaryversion WHERE id = %s", [version.pk]
        )
        stored = " ".join(str(column) for column in cursor.fetchone())
    assert "Karimov" not in stored and "ambassador" not in stored and "inspection" not in stored


def test_flags_survive_a_key_rotation(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    post(
        plenary(session),
        people.by_party["Southmark"][3],
        "Mr Karimov said the reports were never published.",
        items[1],
    )
    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)
    old_keys = list(settings.PARLEY_FIELD_KEYS)

    settings.PARLEY_FIELD_KEYS = [Fernet.generate_key().decode(), *old_keys]
    rotate_all()
    settings.PARLEY_FIELD_KEYS = settings.PARLEY_FIELD_KEYS[:1]  # the old keys are gone

    version = SummaryVersion.objects.get(pk=version.pk)
    assert any("Karimov" in flag.sentence for flag in review_flags(version))


def test_an_empty_session_compiles_to_a_short_honest_draft(
    session: Session, people: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)

    assert version.status == SummaryStatus.DRAFT
    assert "No participant contributed on the record." in version.body
    assert "Nothing was said on the record in this session." in version.body
