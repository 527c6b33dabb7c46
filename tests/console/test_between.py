"""Between sessions: open action items and questions become one-click agenda suggestions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.errors import ParleyError
from dialogues.models import Dialogue, Session
from facilitation.console.between import agenda_suggestions, suggestion_accept
from facilitation.models import CapturedItem, CaptureKind
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(dialogue: Dialogue) -> dict[str, CapturedItem]:
    """A past session with one captured item of each interesting sort."""
    s = SessionFactory.create(
        dialogue=dialogue, title="March session", starts_at=datetime(2025, 3, 1, 9, tzinfo=UTC)
    )
    item = AgendaItemFactory.create(session=s, title="Data sharing")

    def make(kind: str, text: str, **kw: Any) -> CapturedItem:
        return CapturedItem.objects.create(session=s, agenda_item=item, kind=kind, text=text, **kw)

    return {
        "action": make(CaptureKind.ACTION, "Draft a data-sharing protocol"),
        "question": make(CaptureKind.QUESTION, "Who hosts the server?"),
        "key_point": make(CaptureKind.KEY_POINT, "Trust is low"),
        "done": make(CaptureKind.ACTION, "Circulate the map", resolved=True),
        "removed": make(CaptureKind.QUESTION, "Struck out", removed_at=timezone.now()),
    }


@pytest.fixture
def later(dialogue: Dialogue) -> Session:
    return SessionFactory.create(
        dialogue=dialogue, title="June session", starts_at=datetime(2025, 6, 1, 9, tzinfo=UTC)
    )


def test_only_open_actions_and_questions_of_earlier_sessions_are_suggested(
    earlier: dict[str, CapturedItem], later: Session, dialogue: Dialogue
) -> None:
    got = agenda_suggestions(later)
    assert [s.text for s in got] == ["Draft a data-sharing protocol", "Who hosts the server?"]
    assert got[0].from_session == "March session" and got[0].from_agenda_item == "Data sharing"
    # Nothing flows backwards in time, and a session never suggests its own items.
    assert agenda_suggestions(earlier["action"].session) == []
    other = SessionFactory.create(
        title="Another dialogue's session", starts_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert agenda_suggestions(other) == []


def test_one_click_adds_the_item_and_carries_it_forward_once(
    client: Client, facilitator: User, earlier: dict[str, CapturedItem], later: Session, dialogue: Dialogue
) -> None:
    client.force_login(facilitator)
    url = reverse("console:suggestion_add", args=[later.pk, earlier["action"].pk])
    assert client.post(url).status_code == 302
    item = later.agenda_items.get()
    assert item.title == "Action: Draft a data-sharing protocol" and item.timebox_minutes == 10
    carried = CapturedItem.objects.get(session=later)
    assert carried.carried_from == earlier["action"] and carried.agenda_item == item
    assert carried.text == "Draft a data-sharing protocol" and carried.created_by == facilitator
    # A second click (or a stale page) adds nothing.
    client.post(url)
    assert later.agenda_items.count() == 1
    assert [s.text for s in agenda_suggestions(later)] == ["Who hosts the server?"]
    # In a third session only the newest link of the chain is suggested.
    third = SessionFactory.create(dialogue=dialogue, starts_at=datetime(2025, 9, 1, tzinfo=UTC))
    suggested = agenda_suggestions(third)
    assert [(s.capture_id, s.from_session) for s in suggested] == [
        (earlier["question"].pk, "March session"),
        (carried.pk, "June session"),
    ]


def test_resolving_any_link_resolves_the_chain(
    client: Client, facilitator: User, earlier: dict[str, CapturedItem], later: Session, dialogue: Dialogue
) -> None:
    carried_item = suggestion_accept(session=later, capture_id=earlier["action"].pk, user=facilitator)
    carried = CapturedItem.objects.get(agenda_item=carried_item)
    client.force_login(facilitator)
    response = client.post(
        reverse("console:capture_resolve", args=[carried.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:session", args=[later.pk])
    earlier["action"].refresh_from_db()
    carried.refresh_from_db()
    assert earlier["action"].resolved and carried.resolved
    third = SessionFactory.create(dialogue=dialogue, starts_at=datetime(2025, 9, 1, tzinfo=UTC))
    assert [s.text for s in agenda_suggestions(third)] == ["Who hosts the server?"]


def test_a_closed_session_takes_no_suggestions(
    facilitator: User, earlier: dict[str, CapturedItem], later: Session
) -> None:
    later.status = "closed"
    later.save()
    with pytest.raises(ParleyError, match="ended"):
        suggestion_accept(session=later, capture_id=earlier["action"].pk, user=facilitator)
    assert not later.agenda_items.exists()


def test_items_that_are_not_suggestions_cannot_be_added(
    facilitator: User, earlier: dict[str, CapturedItem], later: Session
) -> None:
    for key in ("key_point", "done", "removed"):
        with pytest.raises(ParleyError):
            suggestion_accept(session=later, capture_id=earlier[key].pk, user=facilitator)
    assert not later.agenda_items.exists()


def test_the_session_page_loads_suggestions_for_facilitators(
    client: Client, facilitator: User, participant: User, earlier: dict[str, CapturedItem], later: Session
) -> None:
    client.force_login(facilitator)
    page = client.get(reverse("dialogues:session", args=[later.pk])).content.decode()
    src = reverse("console:agenda_suggestions", args=[later.pk])
    assert f'data-src="{src}?partial=1"' in page and "js/console/suggestions.js" in page
    fragment = client.get(src, {"partial": "1"}).content.decode()
    assert "<html" not in fragment and "Draft a data-sharing protocol" in fragment
    assert reverse("console:suggestion_add", args=[later.pk, earlier["action"].pk]) in fragment
    assert "Trust is low" not in fragment
    full = client.get(src).content.decode()
    assert "<html" in full and "Who hosts the server?" in full
    client.force_login(participant)
    assert (
        "agenda-suggestions" not in client.get(reverse("dialogues:session", args=[later.pk])).content.decode()
    )
