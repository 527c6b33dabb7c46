"""`roster_for_dialogue`: the same roster as the JSON file, built from a dialogue's active members."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dialogues.choices import Role
from dialogues.models import Dialogue, Membership, Party
from participants.accounts import stored_username
from participants.models import Profile
from participants.roster import roster_for_dialogue
from redaction import build_redactor, leak_findings

pytestmark = pytest.mark.django_db


def member(dialogue: Dialogue, username: str, role: str, party: Party | None, **profile: object) -> None:
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org")
    Profile.objects.create(user=user, **profile)
    Membership.objects.create(dialogue=dialogue, user=user, role=role, party=party)


@pytest.fixture
def dialogue() -> Dialogue:
    dialogue = Dialogue.objects.create(title="Rail links")
    armenia = Party.objects.create(dialogue=dialogue, name="Armenia")
    Party.objects.create(dialogue=dialogue, name="Azerbaijan")
    member(
        dialogue,
        "aokafor",
        Role.PARTICIPANT,
        armenia,
        display_name="Amina Okafor",
        title="Dr.",
        sector="former_official",
        organisation="International Crisis Group",
        organisation_aliases=["ICG"],
        aliases=["Mina"],
        roles=["former Deputy Foreign Minister"],
        phones=["+234 803 555 0142"],
        handles=["@aokafor"],
    )
    member(dialogue, "liaison1", Role.LIAISON, None, display_name="Lars Lindqvist", sector="former_official")
    member(dialogue, "gone", Role.PARTICIPANT, armenia, display_name="Gohar Removed", sector="academic")
    Membership.objects.filter(user__username=stored_username("gone")).update(is_active=False)
    return dialogue


def test_roster_from_memberships(dialogue: Dialogue) -> None:
    roster = roster_for_dialogue(dialogue.pk)
    names = [p.name for p in roster.people]
    assert names == ["Amina Okafor", "Lars Lindqvist", "Gohar Removed"]
    okafor = roster.people[0]
    assert okafor.party == "Armenia" and okafor.sector == "former_official"
    assert okafor.emails == ("aokafor@example.org",)
    assert okafor.organisation_aliases == ("ICG",) and "Mina" in okafor.aliases
    assert set(roster.parties) == {"Armenia", "Azerbaijan"}


def test_liaisons_are_redacted_but_never_counted_towards_k(dialogue: Dialogue) -> None:
    roster = roster_for_dialogue(dialogue.pk)
    liaison = roster.people[1]
    assert (liaison.sector, liaison.party) == ("", "")
    assert (
        build_redactor(roster, k=5).redact("Lindqvist and Mina met.").text
        == "[participant] and [participant] met."
    )
    findings = leak_findings("A former official said so.", roster, 2)
    assert [f.kind for f in findings] == ["descriptor"]  # one former official, not two


def test_removed_members_are_still_redacted_but_never_counted(dialogue: Dialogue) -> None:
    """Someone removed after speaking can still be named by others: the summary must not identify them."""
    roster = roster_for_dialogue(dialogue.pk)
    gone = roster.people[2]
    assert (gone.sector, gone.party) == ("", "")
    assert (
        build_redactor(roster, k=5).redact("Gohar Removed said it first.").text
        == "[participant] said it first."
    )
    assert any(f.kind == "name" for f in leak_findings("As Gohar said.", roster, 5))


def test_username_and_email_are_identifiers(dialogue: Dialogue) -> None:
    roster = roster_for_dialogue(dialogue.pk)
    out = build_redactor(roster, k=5).redact("Ask aokafor or aokafor@example.org.").text
    assert out == "Ask [participant] or [email]."
