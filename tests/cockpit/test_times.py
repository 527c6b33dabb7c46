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


def test_exports_give_the_release_time_in_the_readers_zone_with_its_abbreviation(
    dialogue: Dialogue, session: Session, facilitator: User
) -> None:
    """A summary export downloaded by a facilitator in Tokyo says "JST (Asia/Tokyo)", not a bare time; the
    session's date stays the day it was held where it was held."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from summaries.exports import export_markdown, export_meta
    from summaries.models import SummaryVersion
    from tests.liaison.helpers import released

    version = released(session)
    at = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    SummaryVersion.objects.filter(pk=version.pk).update(released_at=at)
    Session.objects.filter(pk=session.pk).update(started_at=datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    version.refresh_from_db()
    facilitator.profile.timezone = "Asia/Tokyo"
    facilitator.profile.save()
    c = Client()
    c.force_login(facilitator)
    html = c.get(reverse("summaries:summary_export", args=[version.pk, "html"])).content.decode()
    assert "26 November 2026 at 05:00 JST (Asia/Tokyo)" in html
    # The session (in Europe/Zurich) was held on 25 November there, whatever the reader's zone.
    assert "25 November 2026" in html
    with timezone.override(ZoneInfo("America/New_York")):
        assert export_meta(version).released_words == "25 November 2026 at 15:00 EST (America/New_York)"
    assert "released_at: 2026-11-25T20:00:00+00:00" in export_markdown(version)  # machines get ISO 8601


def test_a_single_text_release_says_when_in_the_readers_zone(dialogue: Dialogue, facilitator: User) -> None:
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from singletext.exports import release_markdown, render_release
    from singletext.models import TextRelease
    from tests.singletext.world import build

    world = build(dialogue, facilitator)
    TextRelease.objects.filter(pk=world.release.pk).update(released_at=datetime(2026, 11, 25, 20, tzinfo=UTC))
    world.release.refresh_from_db()
    with timezone.override(ZoneInfo("Europe/Berlin")):
        assert "released 25 November 2026 at 21:00 CET (Europe/Berlin)." in release_markdown(world.release)
        html = render_release(world.release, "html")
        assert isinstance(html, str) and "at 21:00 CET (Europe/Berlin)" in html
