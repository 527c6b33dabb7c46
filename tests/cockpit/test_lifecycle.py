"""The session's life: scheduled -> lobby -> live <-> paused -> ended; what is on the record in each state,
the closing screen, the project's error pages (issue 15, item 1)."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.errors import ParleyError
from dialogues.live import services
from dialogues.models import Message, Room, Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _say(user: User, room: Room, body: str = "hello") -> services.Posted:
    return services.message_post(user_id=user.pk, room_id=room.pk, client_id=uuid.uuid4(), body=body)


@pytest.fixture
def scheduled(session: Session) -> Session:
    Session.objects.filter(pk=session.pk).update(status="scheduled")
    session.refresh_from_db()
    return session


def test_nothing_said_in_a_scheduled_session_or_its_lobby_is_on_the_record(
    facilitator: User, participant: User, scheduled: Session
) -> None:
    room = scheduled.rooms.get(kind="plenary")
    assert _say(participant, room).seq is None  # relayed to those present, never stored
    services.session_open(user_id=facilitator.pk, room_id=room.pk)
    scheduled.refresh_from_db()
    assert scheduled.status == "lobby" and scheduled.started_at is None
    assert _say(participant, room, "in the lobby").seq is None
    assert not Message.objects.exists()
    # A client that still thinks the room is on the record is told, and nothing is sent.
    with pytest.raises(ParleyError) as refused:
        services.message_post(
            user_id=participant.pk, room_id=room.pk, client_id=uuid.uuid4(), body="x", expect_on_record=True
        )
    assert refused.value.code == "record_changed"


def test_live_pause_resume_and_the_session_clock(
    facilitator: User,
    participant: User,
    scheduled: Session,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = scheduled.rooms.get(kind="plenary")
    services.session_open(user_id=facilitator.pk, room_id=room.pk)
    services.session_start(user_id=facilitator.pk, room_id=room.pk)
    scheduled.refresh_from_db()
    started = scheduled.started_at
    assert scheduled.status == "live" and started is not None
    assert _say(participant, room, "on the record").seq == 1
    services.session_pause(user_id=facilitator.pk, room_id=room.pk)
    assert _say(participant, room, "during the break").seq is None
    services.session_start(user_id=facilitator.pk, room_id=room.pk)  # resume
    scheduled.refresh_from_db()
    assert scheduled.status == "live" and scheduled.started_at == started  # the clock is not reset
    assert [m.body for m in Message.objects.order_by("seq")] == ["on the record"]
    # Opening the doors of a live session changes nothing.
    services.session_open(user_id=facilitator.pk, room_id=room.pk)
    scheduled.refresh_from_db()
    assert scheduled.status == "live"


def test_only_facilitators_move_the_session(participant: User, scheduled: Session) -> None:
    room = scheduled.rooms.get(kind="plenary")
    for move in (services.session_open, services.session_start, services.session_pause):
        with pytest.raises(ParleyError) as refused:
            move(user_id=participant.pk, room_id=room.pk)
        assert refused.value.code == "forbidden"


def test_the_session_frame_carries_the_server_deadline(facilitator: User, scheduled: Session) -> None:
    from dialogues.live.selectors import room_state, session_clock

    room = scheduled.rooms.get(kind="plenary")
    assert session_clock(scheduled) == {"started_at": None, "ends_at": None}
    services.session_start(user_id=facilitator.pk, room_id=room.pk)
    scheduled.refresh_from_db()
    clock = session_clock(scheduled)
    assert scheduled.started_at is not None
    assert clock["ends_at"] is not None and clock["started_at"] == scheduled.started_at.isoformat()
    state = room_state(room, [])
    assert state["session_status"] == "live" and state["session_ends_at"] == clock["ends_at"]


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_an_ended_session_shows_its_closing_screen_not_an_error(
    facilitator: User, participant: User, session: Session
) -> None:
    plenary = session.rooms.get(kind="plenary")
    breakout = Room.objects.create(session=session, kind="breakout", parent=plenary, title="Side room")
    services.session_end(user_id=facilitator.pk, room_id=plenary.pk)
    for room in (plenary, breakout):
        page = _client(participant).get(reverse("dialogues:room", args=[room.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "The session has ended. Thank you." in text and "read it back" in text
        assert "Side room" not in text  # a breakout's page shows the plenary's closing screen
    page = _client(facilitator).get(reverse("dialogues:room", args=[plenary.pk]))
    assert "Review it under" in page.content.decode()


def test_a_removed_person_or_an_outsider_gets_not_found(
    facilitator: User, participant: User, outsider: User, session: Session
) -> None:
    plenary = session.rooms.get(kind="plenary")
    services.session_end(user_id=facilitator.pk, room_id=plenary.pk)
    page = _client(outsider).get(reverse("dialogues:room", args=[plenary.pk]))
    assert page.status_code == 404 and "Not found" in page.content.decode()


def test_error_pages_are_the_projects_own(participant: User) -> None:
    page = _client(participant).get("/no/such/page/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "Not found" in text and "URLconf" not in text and "Parley" in text


def test_the_room_page_has_no_raise_hand_for_the_facilitator(
    facilitator: User, participant: User, session: Session
) -> None:
    plenary = session.rooms.get(kind="plenary")
    fac_page = _client(facilitator).get(reverse("dialogues:room", args=[plenary.pk])).content.decode()
    assert 'id="hand"' not in fac_page and 'id="cockpit-tabs"' in fac_page
    assert "capture the selected message" in fac_page  # the shortcuts are documented on the page
    assert fac_page.index('id="overrun"') < fac_page.index('id="transcript"')  # alerts at the top
    participant_page = _client(participant).get(reverse("dialogues:room", args=[plenary.pk])).content.decode()
    assert 'id="hand"' in participant_page and 'id="cockpit-tabs"' not in participant_page


def test_a_new_session_starts_scheduled(facilitator: User, session: Session) -> None:
    s = SessionFactory.create(dialogue=session.dialogue, status="scheduled")
    assert s.get_status_display() == "Scheduled"
    s.status = "closed"
    assert s.get_status_display() == "Ended"


def test_two_facilitators_can_each_run_the_session(
    facilitator: User, participant: User, scheduled: Session
) -> None:
    """Co-facilitation: a second facilitator of the dialogue drives the same session."""
    from dialogues.choices import Role
    from dialogues.models import Hand
    from tests.factories import member

    co = member(scheduled.dialogue, Role.FACILITATOR, username="cora")
    room = scheduled.rooms.get(kind="plenary")
    services.session_open(user_id=facilitator.pk, room_id=room.pk)
    services.session_start(user_id=co.pk, room_id=room.pk)
    services.hand_raise(user_id=participant.pk, room_id=room.pk)
    services.floor_give(user_id=co.pk, room_id=room.pk)
    room.refresh_from_db()
    assert room.floor_user_id == participant.pk and not Hand.objects.exists()
    services.floor_end(user_id=facilitator.pk, room_id=room.pk)  # the other one takes over
    room.refresh_from_db()
    assert room.floor_user_id is None
    services.session_pause(user_id=co.pk, room_id=room.pk)
    scheduled.refresh_from_db()
    assert scheduled.status == "paused"
