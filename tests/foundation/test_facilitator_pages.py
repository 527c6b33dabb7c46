"""A facilitator prepares a dialogue from the browser: dialogue, session, agenda."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dialogues.choices import Role
from dialogues.models import AgendaItem, Dialogue, Membership, Session

pytestmark = pytest.mark.django_db


def test_create_dialogue_makes_me_its_facilitator(client: Client, facilitator: User) -> None:
    client.force_login(facilitator)
    response = client.post(
        reverse("dialogues:create"),
        {
            "title": "Coastal fisheries",
            "objectives": "o",
            "background": "b",
            "parties": "A\nB\n\nA",
            "status": "preparing",
        },
    )
    d = next(d for d in Dialogue.objects.all() if d.title == "Coastal fisheries")
    assert response["Location"] == reverse("dialogues:detail", args=[d.pk])
    assert sorted(d.parties.values_list("name", flat=True)) == ["A", "B"]
    assert Membership.objects.get(dialogue=d, user=facilitator).role == Role.FACILITATOR


def test_a_dialogue_needs_two_parties(client: Client, facilitator: User) -> None:
    client.force_login(facilitator)
    response = client.post(
        reverse("dialogues:create"), {"title": "x", "parties": "Only one", "status": "preparing"}
    )
    assert response.status_code == 200
    assert "at least two parties" in response.content.decode()


def test_edit_cannot_drop_a_party_with_members(
    client: Client, facilitator: User, participant: User, dialogue: Dialogue
) -> None:
    client.force_login(facilitator)
    response = client.post(
        reverse("dialogues:edit", args=[dialogue.pk]),
        {"title": dialogue.title, "parties": "Southmark\nWestland", "status": "active"},
    )
    assert response.status_code == 200
    assert "still has members" in response.content.decode()
    assert dialogue.parties.filter(name="Northvale").exists()
    assert not dialogue.parties.filter(name="Westland").exists()


def test_session_time_is_read_in_its_own_zone(client: Client, facilitator: User, dialogue: Dialogue) -> None:
    client.force_login(facilitator)
    client.post(
        reverse("dialogues:session_create", args=[dialogue.pk]),
        {
            "title": "Tokyo round",
            "starts_at": "2027-03-01T09:30",
            "timezone": "Asia/Tokyo",
            "duration_minutes": 120,
            "attribution_mode": "veiled",
        },
    )
    s = next(s for s in Session.objects.all() if s.title == "Tokyo round")
    assert s.starts_at == datetime(2027, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert s.rooms.filter(kind="plenary").exists()


# The same session (planned in Zurich) seen by a participant in New York and a facilitator in Tokyo,
# once under daylight saving time and once without: each reads the wall-clock time and zone abbreviation
# of their own zone, so a page that ignored DST (a fixed -05:00) or the viewer's zone would show otherwise.
@pytest.mark.parametrize(
    ("starts_at_utc", "new_york", "tokyo", "zurich"),
    [
        (
            datetime(2027, 7, 15, 18, 30, tzinfo=ZoneInfo("UTC")),
            "Thursday 15 July 2027, 14:30 EDT",
            "Friday 16 July 2027, 03:30 JST",
            "15 Jul 2027, 20:30",
        ),
        (
            datetime(2027, 1, 14, 19, 30, tzinfo=ZoneInfo("UTC")),
            "Thursday 14 January 2027, 14:30 EST",
            "Friday 15 January 2027, 04:30 JST",
            "14 Jan 2027, 20:30",
        ),
    ],
    ids=["summer", "winter"],
)
def test_each_person_sees_times_in_their_own_zone(
    client: Client,
    participant: User,
    facilitator: User,
    session: Session,
    starts_at_utc: datetime,
    new_york: str,
    tokyo: str,
    zurich: str,
) -> None:
    session.starts_at = starts_at_utc
    session.timezone = "Europe/Zurich"
    session.save()
    for user, zone, expected in [
        (participant, "America/New_York", new_york),
        (facilitator, "Asia/Tokyo", tokyo),
    ]:
        user.profile.timezone = zone
        user.profile.save()
        client.force_login(user)
        page = client.get(reverse("dialogues:session", args=[session.pk])).content.decode()
        assert f"<strong>{expected}</strong> (your time)" in page
        assert f"Planned in Europe/Zurich: {zurich}" in page


def test_unknown_time_zone_is_refused(client: Client, facilitator: User, dialogue: Dialogue) -> None:
    client.force_login(facilitator)
    response = client.post(
        reverse("dialogues:session_create", args=[dialogue.pk]),
        {
            "title": "x",
            "starts_at": "2027-03-01T09:30",
            "timezone": "Mars/Olympus",
            "duration_minutes": 60,
            "attribution_mode": "veiled",
        },
    )
    assert response.status_code == 200
    assert "x" not in [s.title for s in Session.objects.all()]


def test_agenda_add_reorder_delete(client: Client, facilitator: User, session: Session) -> None:
    client.force_login(facilitator)
    client.post(
        reverse("dialogues:agenda_add", args=[session.pk]), {"title": "Closing", "timebox_minutes": 10}
    )

    def titles() -> list[str]:
        return list(session.agenda_items.order_by("position").values_list("title", flat=True))

    assert titles() == ["Opening", "Water releases", "Closing"]
    closing = next(i for i in AgendaItem.objects.all() if i.title == "Closing")
    client.post(reverse("dialogues:agenda_move", args=[closing.pk]), {"direction": "up"})
    assert titles() == ["Opening", "Closing", "Water releases"]
    opening = next(i for i in AgendaItem.objects.all() if i.title == "Opening")
    client.post(reverse("dialogues:agenda_delete", args=[opening.pk]))
    assert titles() == ["Closing", "Water releases"]
    assert list(session.agenda_items.order_by("position").values_list("position", flat=True)) == [1, 2]


def test_bad_agenda_input_is_explained_and_nothing_saved(
    client: Client, facilitator: User, session: Session
) -> None:
    client.force_login(facilitator)
    response = client.post(
        reverse("dialogues:agenda_add", args=[session.pk]), {"title": "", "timebox_minutes": 0}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 400
    # In plain words next to each field, not "title: This field is required.; timebox_minutes: …".
    assert "Give the item a title" in page and "A time box is at least 1 minute." in page
    assert "timebox_minutes:" not in page
    assert session.agenda_items.count() == 2
