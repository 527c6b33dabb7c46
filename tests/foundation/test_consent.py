"""The Chatham House consent gate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dialogues.choices import Role
from dialogues.consent import consent_current
from dialogues.models import Consent, Dialogue, Session
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(dialogue: Dialogue) -> User:
    return member(dialogue, Role.PARTICIPANT, username="nadia", consented=False, display_name="Nadia N")


def test_unconsented_participant_is_asked_to_accept(
    client: Client, newcomer: User, dialogue: Dialogue, session: Session
) -> None:
    client.force_login(newcomer)
    page = client.get(reverse("dialogues:detail", args=[dialogue.pk])).content.decode()
    assert "accept the Chatham House Rule" in page
    session_page = client.get(reverse("dialogues:session", args=[session.pk])).content.decode()
    assert reverse("participants:consent", args=[dialogue.pk]) in session_page


def test_accepting_records_time_and_rule_version(client: Client, newcomer: User, dialogue: Dialogue) -> None:
    client.force_login(newcomer)
    url = reverse("participants:consent", args=[dialogue.pk])
    assert "neither the identity nor the affiliation" in client.get(url).content.decode()
    response = client.post(url, {"accept": "on"})
    assert response.status_code == 302
    consent = Consent.objects.get(user=newcomer, dialogue=dialogue)
    assert (
        consent.rule_version.version == 1 and consent.accepted_at is not None and consent.revoked_at is None
    )


def test_accepting_without_ticking_is_refused(client: Client, newcomer: User, dialogue: Dialogue) -> None:
    client.force_login(newcomer)
    response = client.post(reverse("participants:consent", args=[dialogue.pk]), {})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert not Consent.objects.filter(user=newcomer).exists()


def test_consent_redirects_back_to_a_local_page_only(
    client: Client, newcomer: User, dialogue: Dialogue, session: Session
) -> None:
    client.force_login(newcomer)
    url = reverse("participants:consent", args=[dialogue.pk])
    target = reverse("dialogues:session", args=[session.pk])
    assert client.post(url + f"?next={target}", {"accept": "on"})["Location"] == target
    Consent.objects.all().delete()
    for evil in ("//evil.example/", "/\\evil.example/", "https://evil.example/", "javascript:alert(1)"):
        Consent.objects.all().delete()
        response = client.post(url + f"?next={evil}", {"accept": "on"})
        assert response["Location"] == reverse("dialogues:detail", args=[dialogue.pk]), evil


def test_consent_is_per_dialogue(newcomer: User, dialogue: Dialogue) -> None:
    from tests.factories import DialogueFactory, MembershipFactory, consent

    other = DialogueFactory.create()
    MembershipFactory.create(dialogue=other, user=newcomer)
    consent(newcomer, other)
    assert consent_current(user=newcomer, dialogue_id=dialogue.pk) is None


def test_revoking_keeps_the_record(client: Client, participant: User, dialogue: Dialogue) -> None:
    client.force_login(participant)
    client.post(reverse("participants:consent_revoke", args=[dialogue.pk]))
    assert consent_current(user=participant, dialogue_id=dialogue.pk) is None
    assert Consent.objects.filter(user=participant, revoked_at__isnull=False).count() == 1


def test_a_newer_rule_text_asks_again(participant: User, dialogue: Dialogue) -> None:
    from dialogues.models import RuleVersion

    assert consent_current(user=participant, dialogue_id=dialogue.pk) is not None
    RuleVersion.objects.create(version=2, text="Revised text.")
    assert consent_current(user=participant, dialogue_id=dialogue.pk) is None
