"""Forms say what is wrong next to the field in plain words, and warn on past dates and on agendas longer
than the session (issue 15, item 9)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Dialogue, Session
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fac(facilitator: User) -> Client:
    c = Client()
    c.force_login(facilitator)
    return c


def test_a_start_in_the_past_is_accepted_with_a_warning(fac: Client, dialogue: Dialogue) -> None:
    yesterday = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = fac.post(
        reverse("dialogues:session_create", args=[dialogue.pk]),
        {
            "title": "Late",
            "starts_at": yesterday,
            "timezone": "UTC",
            "duration_minutes": 60,
            "attribution_mode": "veiled",
        },
        follow=True,
    ).content.decode()
    assert "Session created." in page and "The start time is in the past." in page


def test_session_form_errors_are_in_plain_words(fac: Client, dialogue: Dialogue) -> None:
    page = fac.post(
        reverse("dialogues:session_create", args=[dialogue.pk]),
        {"title": "", "starts_at": "next tuesday", "timezone": "UTC", "duration_minutes": 2},
    ).content.decode()
    assert "Give the session a title." in page
    assert "Give a date and a time, e.g. 2026-12-03 14:00." in page
    assert "A session lasts at least 5 minutes." in page


def test_an_agenda_longer_than_the_session_is_pointed_out(fac: Client, session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(duration_minutes=30, status="scheduled")
    url = reverse("dialogues:session", args=[session.pk])
    assert "time boxes add up" not in fac.get(url).content.decode()  # 2 x 15 = 30: fits
    AgendaItemFactory.create(session=session, position=3, title="Any other business", timebox_minutes=20)
    page = fac.get(url).content.decode()
    assert "time boxes add up to 50 minutes, longer than the session" in page


def test_participants_do_not_see_planning_warnings(participant: User, session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(duration_minutes=5)
    c = Client()
    c.force_login(participant)
    assert "time boxes add up" not in c.get(reverse("dialogues:session", args=[session.pk])).content.decode()
