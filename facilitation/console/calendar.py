"""Calendar export (.ics) of one session or a whole dialogue, via the `icalendar` package.

Times are written in UTC ("…Z"), which every calendar shows in its owner's own zone; the zone the
session was planned in goes into the description. Nothing confidential goes in: no background,
objectives or names, only titles, times and the link.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from dialogues.models import Dialogue, Session

PRODID = "-//Parley//Track II dialogues//EN"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _event(session: Session, dialogue: Dialogue) -> Event:
    url = settings.SITE_URL + reverse("dialogues:session", args=[session.pk])
    host = urlsplit(settings.SITE_URL).hostname or "parley.invalid"
    starts = session.starts_at.astimezone(UTC).replace(microsecond=0)
    event = Event()
    event.add("uid", f"parley-session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=session.duration_minutes))
    event.add("summary", f"{session.title} ({dialogue.title})")
    event.add(
        "description",
        f"Parley session, planned in {session.timezone}. The Chatham House Rule applies; "
        f"please do not forward this invitation.\n{url}",
    )
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _ics(cal: Calendar, sessions: Iterable[Session], dialogue: Dialogue) -> bytes:
    for session in sessions:
        cal.add_component(_event(session, dialogue))
    return bytes(cal.to_ical())


def session_ics(session: Session) -> bytes:
    dialogue = session.dialogue
    return _ics(_calendar(session.title), [session], dialogue)


def dialogue_ics(dialogue: Dialogue) -> bytes:
    """Every session of the dialogue, in order."""
    sessions = dialogue.sessions.order_by("starts_at", "id")
    return _ics(_calendar(dialogue.title), sessions, dialogue)
