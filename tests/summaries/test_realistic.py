"""No roster identifier reaches a compiled draft of a realistic transcript.

The transcripts are the labeled redaction corpus (tests/redaction/corpus: seven dialogues with naming
traditions from Arabic, Amharic, Slavic, German, Chinese, Vietnamese, Khmer, Spanish, Aymara, Turkish,
Azerbaijani, Hebrew and Akan names, plus chat noise). Here each becomes a real dialogue in the database:
its roster as members and profiles, its lines as messages over two agenda items, then a real compile.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.choices import Role
from dialogues.models import Dialogue, Party
from participants.roster import roster_for_dialogue
from redaction import leak_findings
from summaries.gate import release_findings
from summaries.models import SummaryStatus
from tests.factories import (
    AgendaItemFactory,
    DialogueFactory,
    MembershipFactory,
    ProfileFactory,
    SessionFactory,
    UserFactory,
)
from tests.redaction.labels import CORPUS, ROSTER_KINDS, load_corpus
from tests.summaries.helpers import compile_now, plenary, post_many

pytestmark = pytest.mark.django_db

TRANSCRIPTS = {t.name: t for t in load_corpus()}
IDENTIFIER_KINDS = {"name", "organisation", "role", "email", "phone", "contact", "pii", "pseudonym"}


def _dialogue_from_roster(path: Path) -> tuple[Dialogue, User, list[User]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    dialogue = DialogueFactory.create(title="Regional water dialogue")
    parties: dict[str, Party] = {}
    for entry in data.get("parties", []):
        name = entry["name"] if isinstance(entry, dict) else entry
        parties[name] = Party.objects.create(dialogue=dialogue, name=name)
    facilitator = UserFactory.create(username="facilitator-of-corpus")
    ProfileFactory.create(user=facilitator, display_name="Session Host")
    MembershipFactory.create(dialogue=dialogue, user=facilitator, role=Role.FACILITATOR)
    users: list[User] = []
    for i, person in enumerate(data["people"]):
        emails = person.get("emails", [])
        user = UserFactory.create(username=f"corpus-{i}", email=emails[0] if emails else "")
        ProfileFactory.create(
            user=user,
            display_name=person["name"],
            title=person.get("title", ""),
            aliases=person.get("aliases", []),
            organisation=person.get("organisation", ""),
            organisation_aliases=person.get("organisation_aliases", []),
            phones=person.get("phones", []),
            handles=person.get("handles", []),
            roles=person.get("roles", []),
            sector=person.get("sector", "other") or "other",
        )
        party = person.get("party")
        if party and party not in parties:
            parties[party] = Party.objects.create(dialogue=dialogue, name=party)
        MembershipFactory.create(
            dialogue=dialogue, user=user, role=Role.PARTICIPANT, party=parties.get(party)
        )
        users.append(user)
    return dialogue, facilitator, users


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_no_roster_identifier_in_a_compiled_draft(
    name: str, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    transcript = TRANSCRIPTS[name]
    dialogue, facilitator, users = _dialogue_from_roster(CORPUS / f"{name}.roster.json")
    session = SessionFactory.create(dialogue=dialogue, title="Round one")
    first = AgendaItemFactory.create(session=session, position=1, title="Data and monitoring")
    second = AgendaItemFactory.create(session=session, position=2, title="Next steps")
    half = len(transcript.messages) // 2
    post_many(
        plenary(session),
        [
            (users[i % len(users)], message.text, first if i < half else second)
            for i, message in enumerate(transcript.messages)
        ],
    )

    version = compile_now(session, facilitator, django_capture_on_commit_callbacks)

    assert version.status == SummaryStatus.DRAFT
    body = version.body
    assert "### Main points" in body  # there is something to read, not a draft redacted to nothing
    roster = roster_for_dialogue(dialogue.pk)
    leaks = [f for f in leak_findings(body, roster, 5) if f.kind in IDENTIFIER_KINDS]
    assert leaks == [], f"{name}: {[(f.kind, f.text) for f in leaks]}"
    # Every labeled roster mention of four letters or more, exactly as written in the transcript.
    mentions = {
        message.text[label.start : label.end]
        for message in transcript.messages
        for label in message.labels
        if label.kind in ROSTER_KINDS and label.end - label.start >= 4
    }
    # Decoys ("West Bank" beside a participant called Bank) are ordinary words and must stay.
    decoys = {
        message.text[label.start : label.end]
        for message in transcript.messages
        for label in message.labels
        if label.kind == "D"
    }
    plain = body
    for decoy in sorted(decoys, key=len, reverse=True):
        plain = plain.replace(decoy, " ")
    found = sorted(m for m in mentions if m in plain)
    assert found == [], f"{name}: {found}"
    # What the release gate would say about the draft as compiled: only sentences a human must reword.
    assert {f.kind for f in release_findings(version)} <= {
        "self_identifying",
        "unknown_name",
        "descriptor",
        "ambiguous_name",
        "name_fuzzy",
    }
