"""Pages beside the room: who may open them, calendar export, the console inside the room page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.choices import Role
from dialogues.models import Dialogue, Room, Session
from facilitation.models import CapturedItem, CaptureKind
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "participant", "observer", "liaison", "facilitator"]
OK, NOT_FOUND, LOGIN = 200, 404, 302
TABLE = {
    "session_ics": (LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, OK),
    "dialogue_ics": (LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, OK),
    "common_ground": (LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, OK),
    "agenda_suggestions": (LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
}


@pytest.fixture
def people(
    facilitator: User, participant: User, observer: User, liaison: User, outsider: User
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "outsider": outsider,
        "participant": participant,
        "observer": observer,
        "liaison": liaison,
        "facilitator": facilitator,
    }


def _url(page: str, dialogue: Dialogue, session: Session) -> str:
    return reverse(f"console:{page}", args=[dialogue.pk if page == "dialogue_ics" else session.pk])


@pytest.mark.parametrize("page", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_page_visibility(
    client: Client, people: dict[str, User | None], dialogue: Dialogue, session: Session, page: str, role: str
) -> None:
    visitor = people[role]
    if visitor is not None:
        client.force_login(visitor)
    response = client.get(_url(page, dialogue, session))
    assert response.status_code == TABLE[page][ROLES.index(role)], f"{role} on {page}"


def test_every_console_get_page_is_in_the_table() -> None:
    from facilitation.urls import urlpatterns

    get_pages = {p.name for p in urlpatterns} - {"suggestion_add", "capture_resolve"}  # POST only, below
    assert get_pages == set(TABLE)


@pytest.mark.parametrize("role", ["participant", "observer", "liaison", "outsider"])
def test_post_actions_are_404_for_non_facilitators(
    client: Client,
    people: dict[str, User | None],
    facilitator: User,
    dialogue: Dialogue,
    session: Session,
    role: str,
) -> None:
    earlier = SessionFactory.create(dialogue=dialogue, starts_at=datetime(2020, 1, 1, tzinfo=UTC))
    item = CapturedItem.objects.create(session=earlier, kind=CaptureKind.ACTION, text="Share data")
    visitor = people[role]
    assert visitor is not None
    client.force_login(visitor)
    assert client.post(reverse("console:suggestion_add", args=[session.pk, item.pk])).status_code == 404
    assert client.post(reverse("console:capture_resolve", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert not item.resolved and not [i for i in session.agenda_items.all() if "Share data" in i.title]


def test_session_calendar_is_in_utc_with_nothing_confidential(
    client: Client, participant: User, dialogue: Dialogue, session: Session
) -> None:
    client.force_login(participant)
    response = client.get(reverse("console:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    cal = Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.utcoffset().total_seconds() == 0 and start == session.starts_at.replace(microsecond=0)
    assert (end - start).total_seconds() == session.duration_minutes * 60
    assert session.title in str(event["summary"])
    assert b"DTSTART:" in response.content and re.search(rb"DTSTART:\d{8}T\d{6}Z", response.content)
    assert dialogue.background.encode() not in response.content
    assert b"Europe/Zurich" in response.content.replace(b"\r\n ", b"")


def test_dialogue_calendar_lists_every_session_once(
    client: Client, participant: User, dialogue: Dialogue, session: Session
) -> None:
    SessionFactory.create(dialogue=dialogue, title="Second session")
    client.force_login(participant)
    cal = Calendar.from_ical(client.get(reverse("console:dialogue_ics", args=[dialogue.pk])).content)
    events = cal.walk("VEVENT")
    assert sorted(str(e["summary"]).split(" (")[0] for e in events) == ["First session", "Second session"]
    assert len({str(e["uid"]) for e in events}) == 2


def test_pages_show_times_in_each_persons_own_zone(
    client: Client, participant: User, session: Session
) -> None:
    session.starts_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    session.save()
    participant.profile.timezone = "Asia/Tokyo"
    participant.profile.save()
    client.force_login(participant)
    page = client.get(reverse("dialogues:session", args=[session.pk])).content.decode()
    assert "18:30" in page  # 09:30 UTC is 18:30 in Tokyo
    assert reverse("console:session_ics", args=[session.pk]) in page


def test_the_room_page_carries_the_console_for_facilitators_only(
    client: Client, facilitator: User, participant: User, session: Session, room: Room
) -> None:
    url = reverse("dialogues:room", args=[room.pk])
    client.force_login(facilitator)
    page = client.get(url).content.decode()
    assert 'id="console-card"' in page and 'id="statements-card"' in page and "js/console/main.js" in page
    kinds = re.findall(
        r'<option value="([a-z_]+)">([^<]+)</option>',
        page.split('id="capture-kind"')[1].split("</select>")[0],
    )
    assert kinds == [(k, str(label)) for k, label in CaptureKind.choices]
    assert reverse("participants:roster", args=[session.dialogue_id]) in page
    assert reverse("participants:invitations", args=[session.dialogue_id]) in page
    client.force_login(participant)
    page = client.get(url).content.decode()
    assert 'id="statements-card"' in page and 'id="captures-card"' in page
    assert 'id="console-card"' not in page and "invite-form" not in page
    assert 'id="statement-form"' not in page  # the session does not let participants propose


def test_the_console_invitation_form_sends_an_invitation(
    client: Client,
    facilitator: User,
    dialogue: Dialogue,
    room: Room,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The console's small form posts, field for field, to the existing invitations page."""
    client.force_login(facilitator)
    page = client.get(reverse("dialogues:room", args=[room.pk])).content.decode()
    form = page.split('id="invite-form"')[1].split("</form>")[0]
    found = re.search(r'action="([^"]+)"', form)
    assert found is not None
    action = found.group(1)
    names = set(re.findall(r'name="([a-z_]+)"', form)) - {"csrfmiddlewaretoken"}
    assert names == {"email", "display_name", "role", "party"}
    party = dialogue.parties.first()
    assert party is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action,
            {"email": "new@example.org", "display_name": "New", "role": Role.PARTICIPANT, "party": party.pk},
        )
    assert response.status_code == 200 and "Copy link" in response.content.decode()  # the link, once
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
