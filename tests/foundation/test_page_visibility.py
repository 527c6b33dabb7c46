"""Who sees which page: one table of roles × pages. A page you may not see answers like a missing one."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.crypto import lookup_hash
from dialogues.choices import Role
from dialogues.models import Dialogue, Session
from tests.factories import member

pytestmark = pytest.mark.django_db

# The full role x page x operation table is tests/test_permission_table.py; these are the rules it
# cannot express in a cell.


@pytest.fixture
def people(
    facilitator: User, participant: User, observer: User, liaison: User, outsider: User
) -> dict[str, User]:
    return {
        "facilitator": facilitator,
        "participant": participant,
        "observer": observer,
        "liaison": liaison,
        "outsider": outsider,
    }


def test_unconsented_participant_is_sent_to_the_consent_page(
    client: Client, dialogue: Dialogue, session: Session
) -> None:
    newcomer = member(dialogue, Role.PARTICIPANT, username="uma", consented=False, display_name="Uma U")
    client.force_login(newcomer)
    room = session.rooms.get(kind="plenary")
    response = client.get(reverse("dialogues:room", args=[room.pk]))
    consent = reverse("participants:consent", args=[dialogue.pk])
    assert (
        response.status_code == 302
        and response["Location"] == f"{consent}?next={reverse('dialogues:room', args=[room.pk])}"
    )
    assert client.get(reverse("dialogues:detail", args=[dialogue.pk])).status_code == 200


def test_missing_and_forbidden_dialogues_answer_alike(
    client: Client, outsider: User, dialogue: Dialogue
) -> None:
    client.force_login(outsider)
    forbidden = client.get(reverse("dialogues:detail", args=[dialogue.pk]))
    missing = client.get(reverse("dialogues:detail", args=[dialogue.pk + 999]))
    assert forbidden.status_code == missing.status_code == 404
    # The CSRF token in the logout form is random per response; everything else must match.
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", forbidden.content) == strip.sub(b"", missing.content)


def test_veiled_room_page_carries_no_names(
    client: Client, participant: User, participant2: User, session: Session
) -> None:
    room = session.rooms.get(kind="plenary")
    client.force_login(participant)
    page = client.get(reverse("dialogues:room", args=[room.pk])).content.decode()
    assert "Veiled room" in page
    assert participant2.profile.display_name not in page and participant2.profile.organisation not in page


def test_pseudonym_roster_maps_pseudonyms_for_the_facilitator(
    client: Client, facilitator: User, participant: User, dialogue: Dialogue
) -> None:
    """Seats are given when the session is scheduled and when someone accepts an invitation later;
    reading the roster (a GET) writes nothing."""
    from datetime import UTC, datetime

    from dialogues.models import Pseudonym
    from dialogues.services import session_create
    from participants.services import invitation_accept_new, invitation_create

    session = session_create(
        dialogue=dialogue,
        title="Scheduled",
        starts_at=datetime(2027, 1, 5, 9, tzinfo=UTC),
        duration_minutes=90,
    )
    issued = invitation_create(
        dialogue=dialogue,
        email="late@example.org",
        role=Role.PARTICIPANT,
        created_by=facilitator,
        party=dialogue.parties.first(),
        display_name="Late Comer",
    )
    latecomer, _ = invitation_accept_new(
        token=issued.token, username="latecomer", password="a-long-enough-pass-9", display_name="Late Comer"
    )
    seats = Pseudonym.objects.filter(session=session)
    assert set(seats.values_list("user_id", flat=True)) == {facilitator.pk, participant.pk, latecomer.pk}

    client.force_login(facilitator)
    page = client.get(reverse("participants:session_roster", args=[session.pk])).content.decode()
    assert "Participant 1" in page and participant.profile.display_name in page and "Late Comer" in page
    assert seats.count() == 3  # the page added none


def test_an_ended_session_room_shows_its_closing_screen(
    client: Client, participant: User, session: Session
) -> None:
    session.status = "closed"
    session.save()
    client.force_login(participant)
    page = client.get(reverse("dialogues:room", args=[session.rooms.get(kind="plenary").pk]))
    assert page.status_code == 200 and "The session has ended" in page.content.decode()


def test_liaison_overview_shows_no_background_sessions_or_names(
    client: Client, liaison: User, participant: User, dialogue: Dialogue, session: Session
) -> None:
    client.force_login(liaison)
    page = client.get(reverse("dialogues:detail", args=[dialogue.pk])).content.decode()
    assert dialogue.title in page
    assert dialogue.background not in page
    assert session.title not in page
    assert participant.profile.display_name not in page


def test_my_dialogues_lists_only_mine(client: Client, participant: User, dialogue: Dialogue) -> None:
    from tests.factories import DialogueFactory

    other = DialogueFactory.create(title="Someone else's dialogue")
    client.force_login(participant)
    page = client.get(reverse("dialogues:home")).content.decode()
    assert dialogue.title in page and other.title not in page


def test_removed_member_loses_access(
    client: Client, facilitator: User, participant: User, dialogue: Dialogue
) -> None:
    from dialogues.models import Membership

    m = Membership.objects.get(user=participant, dialogue=dialogue)
    client.force_login(facilitator)
    assert client.post(reverse("participants:member_remove", args=[dialogue.pk, m.pk])).status_code == 302
    client.force_login(participant)
    assert client.get(reverse("dialogues:detail", args=[dialogue.pk])).status_code == 404


@pytest.mark.parametrize("role", ["participant", "observer", "liaison", "outsider"])
def test_post_actions_refused_to_non_facilitators(
    client: Client, people: dict[str, User], dialogue: Dialogue, session: Session, role: str
) -> None:
    from dialogues.models import AgendaItem, Membership
    from participants.models import Invitation
    from participants.services import invitation_create

    inv = invitation_create(
        dialogue=dialogue, email="x@example.org", role=Role.OBSERVER, created_by=people["facilitator"]
    ).invitation
    item = session.agenda_items.first()
    assert item is not None
    target = Membership.objects.get(user=people["participant"], dialogue=dialogue)
    client.force_login(people[role])
    urls = [
        reverse("participants:invitation_revoke", args=[dialogue.pk, inv.pk]),
        reverse("participants:member_remove", args=[dialogue.pk, target.pk]),
        reverse("dialogues:agenda_add", args=[session.pk]),
        reverse("dialogues:agenda_delete", args=[item.pk]),
        reverse("dialogues:agenda_move", args=[item.pk]),
    ]
    for url in urls:
        assert client.post(url, {"title": "x", "timebox_minutes": 5, "direction": "up"}).status_code == 404, (
            url
        )
    inv.refresh_from_db()
    assert inv.status == "pending"
    assert Membership.objects.get(pk=target.pk).is_active
    assert AgendaItem.objects.filter(pk=item.pk, position=1).exists()
    assert not Invitation.objects.filter(
        email_hash=lookup_hash("email", "x@example.org"), revoked_at__isnull=False
    ).exists()
