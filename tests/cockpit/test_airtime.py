"""Airtime for facilitators: speaking time and turns per person, party and sector (issue 15, item 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dialogues.models import FloorTurn, Room, Session
from facilitation.console.selectors import speaking_balance

pytestmark = pytest.mark.django_db


def test_turns_and_floor_time_per_party_and_sector(
    facilitator: User, participant: User, participant2: User, session: Session
) -> None:
    room: Room = session.rooms.get(kind="plenary")
    participant.profile.sector = "ngo"
    participant.profile.save()
    participant2.profile.sector = "academic"
    participant2.profile.save()
    now = timezone.now()
    for start, end in ((120, 60), (50, 20)):  # two turns of paula: 60 s and 30 s
        FloorTurn.objects.create(
            room=room,
            user=participant,
            started_at=now - timedelta(seconds=start),
            ended_at=now - timedelta(seconds=end),
        )
    FloorTurn.objects.create(room=room, user=participant2, started_at=now - timedelta(seconds=10))

    balance = speaking_balance(room, now=now)
    sectors = {row["sector"]: row for row in balance["sectors"]}
    assert sectors["NGO / civil society"]["turns"] == 2
    assert sectors["NGO / civil society"]["floor_seconds"] == 90
    assert sectors["Academic"]["turns"] == 1 and sectors["Academic"]["floor_seconds"] == 10
    assert sectors["NGO / civil society"]["floor_share"] == 0.9
    assert sum(row["turns"] for row in balance["parties"]) == 3
    assert sorted(row["turns"] for row in balance["people"] if row["turns"]) == [1, 2]
    # Sector lines are aggregates: no person's row carries a sector.
    assert all("sector" not in row for row in balance["people"])
