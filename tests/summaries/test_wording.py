"""Issue 14, item 5: a dialogue's title and party names go through the leak gate when they are written,
on the page (next to the field, nothing saved) and through the API; the summary's own cover title is
edited from the summary (tests/summaries/test_review_flow.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from dialogues.models import Dialogue, Party, Session

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(dialogue: Dialogue, **changes: str) -> dict[str, str]:
    data = {
        "title": dialogue.title,
        "background": "",
        "objectives": "",
        "status": dialogue.status,
        "parties": "Northvale\nSouthmark",
    }
    data.update(changes)
    return data


def test_a_title_naming_a_participant_is_refused_next_to_the_field_and_nothing_is_saved(
    facilitator: User, participant: User, dialogue: Dialogue
) -> None:
    url = reverse("dialogues:edit", args=[dialogue.pk])
    response = _client(facilitator).post(
        url, _form(dialogue, title="Basin talks with Paula", parties="Northvale\nSouthmark\nEastfield")
    )
    page = response.content.decode()
    assert response.status_code == 200
    title_field = page.split('name="title"')[0].rsplit("<label", 1)[1] + page.split('name="title"')[1][:1500]
    assert "The title:" in title_field and "Paula" in title_field
    dialogue.refresh_from_db()
    assert dialogue.title == "Basin dialogue"
    assert not Party.objects.filter(dialogue=dialogue, name="Eastfield").exists()  # the whole write refused


def test_a_party_name_naming_someone_is_refused_and_a_clean_edit_passes(
    facilitator: User, participant: User, dialogue: Dialogue
) -> None:
    url = reverse("dialogues:edit", args=[dialogue.pk])
    response = _client(facilitator).post(
        url, _form(dialogue, parties="Northvale\nSouthmark\nFriends of Paula")
    )
    # Paula is on the roster: her name as a party name would name her on every page and export.
    assert response.status_code == 200
    assert "The party name “Friends of Paula”" in response.content.decode()
    assert dialogue.parties.count() == 2

    clean = _client(facilitator).post(url, _form(dialogue, title="Basin dialogue, second round"))
    assert clean.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.title == "Basin dialogue, second round"


def test_a_new_dialogue_whose_title_names_its_facilitator_is_not_created(facilitator: User) -> None:
    facilitator.user_permissions.add(Permission.objects.get(codename="add_dialogue"))
    before = Dialogue.objects.count()
    response = _client(facilitator).post(
        reverse("dialogues:create"),
        {
            "title": "Fiona Facilitator's working group",
            "background": "",
            "objectives": "",
            "status": "preparing",
            "parties": "Northvale\nSouthmark",
        },
    )
    assert response.status_code == 200
    assert "The title:" in response.content.decode()
    assert Dialogue.objects.count() == before


def test_the_api_refuses_it_with_a_clear_error(
    facilitator: User, participant: User, dialogue: Dialogue
) -> None:
    from dialogues import services

    with pytest.raises(services.WordingRefused) as refused:
        services.dialogue_update(
            dialogue=dialogue,
            title="Paula Participant and friends",
            background="",
            objectives="",
            status=dialogue.status,
            parties=["Northvale", "Southmark"],
        )
    assert refused.value.code == "invalid" and refused.value.field == "title"
    assert "The title:" in refused.value.message
    dialogue.refresh_from_db()
    assert dialogue.title == "Basin dialogue"


def test_the_session_page_links_participants_to_the_outcome_page(
    facilitator: User, participant: User, observer: User, session: Session
) -> None:
    """Issue 14: participants find the read-back and the released summary from the session page."""
    outcome = reverse("summaries:outcome", args=[session.pk])
    page = _client(participant).get(reverse("dialogues:session", args=[session.pk])).content.decode()
    assert f'href="{outcome}"' in page and "Outcome of this session" in page
    Session.objects.filter(pk=session.pk).update(status="closed")
    page = _client(participant).get(reverse("dialogues:session", args=[session.pk])).content.decode()
    assert "Outcome: read back and released summary" in page
    assert _client(participant).get(outcome).status_code == 200  # the link leads somewhere
    for other in (facilitator, observer):  # the page is the participants' (others get 404 there)
        assert (
            outcome
            not in _client(other).get(reverse("dialogues:session", args=[session.pk])).content.decode()
        )
