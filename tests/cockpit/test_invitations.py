"""Invitations from the facilitator's side (issue 15, item 6): duplicate guard, resend with a link to copy,
expiry with its zone, withdraw with confirmation, bulk CSV with a preview and per-row errors; and sign-up
confirming display name, organisation, sector and role with the browser's time zone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.crypto import lookup_hash
from dialogues.models import Dialogue
from participants.accounts import stored_username
from participants.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def fac(facilitator: User) -> Client:
    c = Client()
    c.force_login(facilitator)
    return c


def _invite(fac: Client, dialogue: Dialogue, email: str) -> str:
    party = dialogue.parties.first()
    assert party is not None
    url = reverse("participants:invitations", args=[dialogue.pk])
    page = fac.post(url, {"email": email, "role": "participant", "party": party.pk, "display_name": ""})
    return page.content.decode()


def test_a_second_invitation_to_the_same_address_is_refused_next_to_the_field(
    fac: Client, dialogue: Dialogue, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = _invite(fac, dialogue, "amal@example.org")
    assert "Copy link" in first and "/invite/" in first  # the link, once, to copy
    again = _invite(fac, dialogue, "Amal@Example.org")
    assert "already has an invitation to this dialogue" in again and "Resend it" in again
    assert 'class="errorlist"' in again
    assert Invitation.objects.filter(email_hash=lookup_hash("email", "amal@example.org")).count() == 1
    assert len(mail.outbox) == 1


def test_resend_makes_a_new_link_and_the_old_one_stops_working(
    fac: Client,
    client: Client,
    dialogue: Dialogue,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _invite(fac, dialogue, "bo@example.org")
    old_link = mail.outbox[0].body.split("/invite/")[1].split("/")[0]
    invitation = Invitation.objects.get(email_hash=lookup_hash("email", "bo@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        page = fac.post(reverse("participants:invitation_resend", args=[dialogue.pk, invitation.pk]))
    text = page.content.decode()
    assert "the old one no longer works" in text and "Copy link" in text
    assert len(mail.outbox) == 2
    new_link = mail.outbox[1].body.split("/invite/")[1].split("/")[0]
    assert new_link != old_link and new_link in text
    assert client.get(reverse("participants:invitation", args=[old_link])).status_code == 410
    assert client.get(reverse("participants:invitation", args=[new_link])).status_code == 200


def test_the_list_shows_expiry_with_its_zone_and_withdraw_asks_first(
    fac: Client, facilitator: User, dialogue: Dialogue
) -> None:
    facilitator.profile.timezone = "Asia/Tokyo"
    facilitator.profile.save()
    _invite(fac, dialogue, "chen@example.org")
    page = fac.get(reverse("participants:invitations", args=[dialogue.pk])).content.decode()
    assert " JST" in page  # the viewer's zone, abbreviated
    assert 'data-confirm="Withdraw the invitation to chen@example.org?' in page
    assert "Resend" in page


CSV = """name,email,party,sector,organisation,role
Dana Doe,dana@example.org,{party},NGO / civil society,River Watch,director
Eli Roe,not-an-email,{party},academic,Uni,professor
Fay Poe,fay@example.org,Atlantis,media,Daily,editor
Gus Moe,dana@example.org,{party},business,Firm,CEO
Hal Noe,hal@example.org,,other,,
"""


def test_bulk_csv_preview_names_each_rows_problems_then_sends_the_good_ones(
    fac: Client, dialogue: Dialogue, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    party = dialogue.parties.first()
    assert party is not None
    url = reverse("participants:invitations_bulk", args=[dialogue.pk])
    text = CSV.format(party=party.name)
    preview = fac.post(url, {"csv_text": text}).content.decode()
    assert "1 of 5 rows can be invited" in preview
    assert "“not-an-email” is not an email address." in preview
    assert "“Atlantis” is not a party of this dialogue" in preview
    assert "This address is already on line 2." in preview
    assert "the party is missing" in preview
    assert not Invitation.objects.exists()  # a preview sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = fac.post(url, {"csv_text": text, "send": "1"}, follow=True).content.decode()
    assert "Sent 1 invitation(s). 4 row(s) with problems were skipped." in done
    inv = Invitation.objects.get()
    assert (inv.email, inv.organisation, inv.sector, inv.position) == (
        "dana@example.org",
        "River Watch",
        "ngo",
        "director",
    )
    assert len(mail.outbox) == 1


def test_bulk_csv_without_the_columns_says_which_are_missing(fac: Client, dialogue: Dialogue) -> None:
    url = reverse("participants:invitations_bulk", args=[dialogue.pk])
    page = fac.post(url, {"csv_text": "name,email\nA,a@example.org\n"}).content.decode()
    assert "Missing: party, sector, organisation, role." in page
    assert fac.post(url, {"csv_text": ""}).content.decode().count("Choose a CSV file or paste its rows") == 1


def test_sign_up_confirms_organisation_sector_and_role_and_takes_the_browser_zone(
    fac: Client,
    client: Client,
    dialogue: Dialogue,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    party = dialogue.parties.first()
    assert party is not None
    csv = (
        "name,email,party,sector,organisation,role\n"
        + f"Ida Loe,ida@example.org,{party.name},academic,Uni,professor\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        fac.post(reverse("participants:invitations_bulk", args=[dialogue.pk]), {"csv_text": csv, "send": "1"})
    token = mail.outbox[0].body.split("/invite/")[1].split("/")[0]
    url = reverse("participants:invitation", args=[token])
    form = client.get(url).content.decode()
    assert 'value="Uni"' in form and 'value="professor"' in form and "js/tz.js" in form
    client.post(
        url,
        {
            "username": "ida",
            "display_name": "Ida Loe",
            "organisation": "University of the Basin",
            "sector": "academic",
            "position": "professor of hydrology",
            "timezone": "Africa/Nairobi",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    profile = User.objects.get(username=stored_username("ida")).profile
    assert profile.organisation == "University of the Basin" and profile.sector == "academic"
    assert profile.roles == ["professor of hydrology"] and profile.timezone == "Africa/Nairobi"
