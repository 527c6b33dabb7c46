"""Carried-over items are dated by the day their session was held, not the day it was planned (issue 15,
item 8)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dialogues.models import Dialogue, Session
from facilitation.console.between import agenda_suggestions
from facilitation.models import CapturedItem, CaptureKind
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_carried_over_item_carries_the_day_its_session_was_held(
    dialogue: Dialogue, facilitator: User
) -> None:
    planned = datetime(2025, 3, 1, 9, tzinfo=UTC)
    held = datetime(2025, 3, 4, 9, tzinfo=UTC)  # postponed by three days
    earlier = SessionFactory.create(dialogue=dialogue, starts_at=planned, started_at=held, status="closed")
    CapturedItem.objects.create(session=earlier, kind=CaptureKind.ACTION, text="Draft a protocol")
    later: Session = SessionFactory.create(dialogue=dialogue, starts_at=datetime(2025, 6, 1, tzinfo=UTC))
    (suggestion,) = agenda_suggestions(later)
    assert suggestion.from_held_at == held and suggestion.from_held
    c = Client()
    c.force_login(facilitator)
    page = c.get(reverse("console:agenda_suggestions", args=[later.pk]) + "?partial=1").content.decode()
    assert "(held <time" in page and ">4 Mar 2025</time>" in page and "1 Mar 2025" not in page


def test_a_session_never_held_says_its_date_was_planned(dialogue: Dialogue) -> None:
    earlier = SessionFactory.create(dialogue=dialogue, starts_at=datetime(2025, 3, 1, 9, tzinfo=UTC))
    CapturedItem.objects.create(session=earlier, kind=CaptureKind.QUESTION, text="Who hosts it?")
    later = SessionFactory.create(dialogue=dialogue, starts_at=datetime(2025, 6, 1, tzinfo=UTC))
    (suggestion,) = agenda_suggestions(later)
    assert not suggestion.from_held and suggestion.from_held_at == earlier.starts_at


def test_the_liaisons_uptake_time_carries_its_zone(
    dialogue: Dialogue, session: Session, liaison: User, facilitator: User
) -> None:
    from summaries.liaison.proposals import proposals_of
    from summaries.models import Uptake
    from tests.liaison.helpers import GAUGES, released

    version = released(session)
    key = next(p.key for p in proposals_of(version.body) if p.plain == GAUGES)
    Uptake.objects.create(version=version, proposal_key=key, liaison=liaison, status="noted")
    facilitator.profile.timezone = "Asia/Tokyo"
    facilitator.profile.save()
    c = Client()
    c.force_login(facilitator)
    page = c.get(reverse("liaison:handoff", args=[dialogue.pk])).content.decode()
    assert " JST" in page
