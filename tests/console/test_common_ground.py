"""The common-ground pictures of a session: planted groups and consensus show; small buckets do not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dialogues.choices import Role
from dialogues.models import Dialogue, Session
from facilitation.console.common_ground import session_common_ground
from facilitation.console.selectors import voter_hash
from facilitation.models import Statement, Vote
from tests.factories import member

pytestmark = pytest.mark.django_db

# Two camps of six, each camp half in each party; everyone agrees with S7.
CAMP_A = [1, 1, 1, 1, -1, -1, 1]
CAMP_B = [-1, -1, -1, -1, 1, 1, 1]
# The `voted` fixture: the session's statements and the twelve people who voted on them.
Voted = tuple[list[Statement], list[User]]


@pytest.fixture
def voted(dialogue: Dialogue, session: Session, facilitator: User) -> Voted:
    north, south = dialogue.parties.first(), dialogue.parties.last()
    statements = [
        Statement.objects.create(session=session, text=f"Statement number {n}") for n in range(1, 8)
    ]
    people: list[User] = []
    for i in range(12):
        user = member(
            dialogue,
            Role.PARTICIPANT,
            username=f"voter{i}",
            display_name=f"Voter Person {i}",
            party=north if i % 2 else south,
        )
        people.append(user)
        for statement, value in zip(statements, CAMP_A if i < 6 else CAMP_B, strict=True):
            Vote.objects.create(
                statement=statement,
                voter=voter_hash(session.pk, user.pk),
                party_id=user.memberships.get().party_id,
                value=value,
            )
    return statements, people


def test_planted_camps_and_consensus_are_found(session: Session, voted: Voted) -> None:
    result = session_common_ground(session, closed_only=False)
    assert result.voters == 12
    assert result.view is not None
    groups = [g for g in result.view["groups"] if not g.get("hidden")]
    assert sorted(g["size"] for g in groups) == [6, 6]
    assert result.consensus[0]["label"] == "S7"
    assert result.bridging[0]["label"] == "S7"
    assert "<svg" in result.opinion_map and "Statement number 7" in result.bars_by_group
    assert "Northvale" in result.bars_by_party


def test_the_facilitator_page_shows_pictures_and_no_one(
    client: Client, facilitator: User, session: Session, voted: Voted
) -> None:
    _, people = voted
    client.force_login(facilitator)
    page = client.get(reverse("console:common_ground", args=[session.pk])).content.decode()
    assert page.count("<svg") == 3
    assert all(f"Statement number {n}" in page for n in range(1, 8))
    for user in people:
        assert user.profile.display_name not in page and user.username not in page
        assert voter_hash(session.pk, user.pk) not in page


def test_participants_see_closed_statements_only(
    client: Client, participant: User, session: Session, voted: Voted
) -> None:
    statements, _ = voted
    client.force_login(participant)
    url = reverse("console:common_ground", args=[session.pk])
    assert "No statement has closed yet" in client.get(url).content.decode()
    Statement.objects.filter(pk__in=[statements[0].pk, statements[6].pk]).update(status="closed")
    page = client.get(url).content.decode()
    assert "Statement number 1" in page and "Statement number 7" in page
    assert "Statement number 2" not in page


def test_small_sessions_show_too_few_to_show(
    client: Client, facilitator: User, dialogue: Dialogue, session: Session
) -> None:
    statement = Statement.objects.create(session=session, text="Only a few voted")
    for i in range(3):
        user = member(dialogue, Role.PARTICIPANT, username=f"few{i}")
        Vote.objects.create(statement=statement, voter=voter_hash(session.pk, user.pk), value=1)
    client.force_login(facilitator)
    page = client.get(reverse("console:common_ground", args=[session.pk])).content.decode()
    assert "too few to show" in page
    assert "<circle" not in page  # no participant dot for a group under k
    result = session_common_ground(session, closed_only=False)
    assert result.statements[0]["results"] is None and result.consensus == []


def test_the_console_panel_reports_groups_exclusions_and_divisive_statements(
    client: Client, facilitator: User, session: Session, voted: Voted
) -> None:
    statements, people = voted
    # Two more people with too few votes to be placed: counted, never named.
    for i in range(2):
        Vote.objects.create(statement=statements[0], voter=f"late-{i}", value=1)
    client.force_login(facilitator)
    url = reverse("console:common_ground", args=[session.pk])
    panel = client.get(url, {"partial": "1"}).content.decode()

    assert "<html" not in panel and panel.count("<svg") == 1
    assert "14</strong> voted" in panel and "2</strong> opinion groups" in panel
    assert "2 left out: fewer than 7 votes on statements in the analysis" in panel
    # S1-S6 split the camps; S7 (everyone agrees) is common ground, not divisive.
    divisive = panel.split('id="cg-divisive"')[1].split("</ol>")[0]
    assert "S7" not in divisive and "S1" in divisive
    for user in people:
        assert user.profile.display_name not in panel and voter_hash(session.pk, user.pk) not in panel
    assert "late-0" not in panel


def test_the_page_reports_the_choice_of_groups_and_what_divides_them(
    client: Client, facilitator: User, session: Session, voted: Voted
) -> None:
    client.force_login(facilitator)
    page = client.get(reverse("console:common_ground", args=[session.pk])).content.decode()
    assert "2 opinion groups." in page
    assert "People fall clearly into these groups (separation" in page  # the score with what it means
    assert "Statements that divide the groups" in page
    divided = page.split("Statements that divide the groups")[1].split("</ol>")[0]
    assert "Statement number 1" in divided and "Statement number 7" not in divided


def test_scores_are_explained_in_words_never_bare_numbers(
    client: Client, facilitator: User, session: Session, voted: Voted
) -> None:
    """Issue 15, item 10: no "(0.86)" a facilitator has to guess at."""
    import re

    client.force_login(facilitator)
    url = reverse("console:common_ground", args=[session.pk])
    for page in (client.get(url).content.decode(), client.get(url, {"partial": "1"}).content.decode()):
        text = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
        assert not re.search(r"\(\s*-?\d\.\d+\s*\)", text), "a bare score in parentheses"
        assert "silhouette" not in text
        consensus = text.split('id="cg-consensus"')[1].split("</ol>")[0] if "cg-consensus" in text else text
        assert re.search(r"(Strong common ground|Common ground|Leaning to agree).*about \d+% ", consensus)
    page = client.get(url).content.decode()
    divided = page.split("Statements that divide the groups")[1].split("</ol>")[0]
    assert re.search(
        r"divides the opinion groups: their agreement differs by about \d+ percentage points", divided
    )
    assert "How to read the percentages" in page


def test_words_follow_the_numbers() -> None:
    from facilitation.console.cg_words import bridging_words, consensus_words, divisive_words, grouping_words

    # Two groups each agreeing about 90%: 0.81 overall, "about 90% in each group".
    assert consensus_words(0.81, 2) == "Strong common ground: about 90% agree in each opinion group."
    assert consensus_words(0.16, 2).startswith("No common ground yet: about 40%")
    assert consensus_words(0.5, 0) == "Too few votes to compare opinion groups yet."
    assert bridging_words(0.72) == "Bridges the parties: at least about 72% agree in every party."
    assert divisive_words(0.6).startswith("Sharply divides") and "60 percentage points" in divisive_words(0.6)
    assert grouping_words({"k": 2, "score": 0.1, "rule": "silhouette"}).startswith("The groups overlap")
    assert "Next best: 3 groups" in grouping_words(
        {"k": 2, "score": 0.6, "rule": "silhouette", "runner_up": 3}
    )
