"""Pages and API operations of the single text: bad input gets a clear message, exports hold no rating,
the report names nobody, and the API follows the same rules as the pages."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from dialogues.models import Dialogue
from participants.tokens import token_create
from singletext import services
from singletext.access import access_text_facilitation, access_text_rating
from singletext.models import SingleText
from tests.api.conftest import AuthHeaders

pytestmark = pytest.mark.django_db

SOURCE = "Water is shared.\nFlows are [measured / estimated] monthly."


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bearer(user: User) -> AuthHeaders:
    secret = token_create(user=user, name="t", scopes=["manage_dialogues", "read_summaries"], days=5).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def text(facilitator: User, dialogue: Dialogue) -> SingleText:
    return services.text_create(
        dialogue_id=dialogue.pk, user=facilitator, title="Basin non-paper", source=SOURCE
    )


def test_a_bad_text_is_refused_with_the_clause_to_fix(facilitator: User, dialogue: Dialogue) -> None:
    page = _client(facilitator).post(
        f"/dialogues/{dialogue.pk}/texts/new/", {"title": "T", "source": "Fine.\nFlows [a / b"}, follow=True
    )
    assert "Clause 2: a &#x27;[&#x27; is never closed." in page.content.decode()
    assert not SingleText.objects.exists()


def test_a_round_without_a_deadline_or_too_far_ahead_is_refused(facilitator: User, text: SingleText) -> None:
    client = _client(facilitator)
    missing = client.post(f"/texts/{text.pk}/round/open/", {"timezone": "UTC"}, follow=True)
    assert "Give the round a deadline" in missing.content.decode()
    far = (timezone.now() + timedelta(days=90)).strftime("%Y-%m-%dT%H:%M")
    too_far = client.post(f"/texts/{text.pk}/round/open/", {"deadline": far, "timezone": "UTC"}, follow=True)
    assert "A round lasts at most 60 days." in too_far.content.decode()
    assert not text.rounds.exists()


def test_ratings_are_checked_and_seen_only_by_their_author(
    settings: Settings,
    facilitator: User,
    participant: User,
    participant2: User,
    observer: User,
    text: SingleText,
) -> None:
    settings.PARLEY_K_ANONYMITY = 5
    services.round_open(
        access=access_text_facilitation(user=facilitator, text_id=text.pk),
        user=facilitator,
        deadline=timezone.now() + timedelta(days=1),
    )
    paula = _client(participant)
    bad = paula.post(f"/texts/{text.pk}/rate/", {"clause-1": "maybe"}, follow=True)
    assert "Clause 1: choose acceptable, can live with or cannot accept." in bad.content.decode()
    paula.post(f"/texts/{text.pk}/rate/", {"clause-1": "cannot", "criticism-1": "Paula Participant objects."})
    mine = paula.get(f"/texts/{text.pk}/").content.decode()
    assert 'value="cannot" checked' in mine and "Paula Participant objects." in mine
    theirs = _client(participant2).get(f"/texts/{text.pk}/").content.decode()
    assert "checked" not in theirs and "objects" not in theirs
    assert _client(observer).post(f"/texts/{text.pk}/rate/", {"clause-1": "cannot"}).status_code == 403

    report = _client(facilitator).get(f"/texts/{text.pk}/report/").content.decode()
    assert "1 rated — fewer than 5" in report
    assert "Paula" not in report and "[participant] objects." in report


def test_exports_hold_the_history_and_no_rating(
    facilitator: User, participant: User, text: SingleText
) -> None:
    fac = access_text_facilitation(user=facilitator, text_id=text.pk)
    services.round_open(access=fac, user=facilitator, deadline=timezone.now() + timedelta(days=1))
    services.ratings_save(
        access=access_text_rating(user=participant, text_id=text.pk),
        user=participant,
        ratings={1: ("cannot", "A secret criticism.")},
    )
    services.round_close(access=fac, user=facilitator)
    services.version_create(
        access=fac, user=facilitator, source=SOURCE.replace("[measured / estimated]", "measured")
    )
    client = _client(participant)
    data = json.loads(client.get(f"/texts/{text.pk}/export.json").content)
    assert [v["number"] for v in data["versions"]] == [1, 2]
    assert data["versions"][1]["resolved_brackets"] == [
        {"clause": 2, "bracket": "[measured / estimated]", "chosen": "measured"}
    ]
    markdown = client.get(f"/texts/{text.pk}/export.md").content.decode()
    assert markdown.startswith("# Basin non-paper") and "kept “measured”" in markdown
    pdf = client.get(f"/texts/{text.pk}/export.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    html = client.get(f"/texts/{text.pk}/export.html").content.decode()
    for body in (json.dumps(data), markdown, html):
        assert "secret criticism" not in body and "cannot" not in body
    assert client.get(f"/texts/{text.pk}/export.docx").status_code == 404


def test_the_api_runs_a_round_and_refuses_bad_input(
    settings: Settings, facilitator: User, participant: User, participant2: User, dialogue: Dialogue
) -> None:
    settings.PARLEY_K_ANONYMITY = 2
    api, fac = Client(), _bearer(facilitator)
    created = api.post(
        f"/api/v1/dialogues/{dialogue.pk}/texts",
        {"title": "Non-paper", "clauses": ["Water is shared.", "Flows are [a / b]."]},
        content_type="application/json",
        **fac,
    )
    assert created.status_code == 201, created.content
    text_id = created.json()["id"]
    assert created.json()["clauses"][1]["brackets"] == [{"raw": "[a / b]", "options": ["a", "b"]}]
    bad = api.post(
        f"/api/v1/dialogues/{dialogue.pk}/texts",
        {"title": "X", "clauses": ["A [b"]},
        content_type="application/json",
        **fac,
    )
    assert bad.status_code == 422 and "never closed" in bad.json()["error"]["message"]

    deadline = (timezone.now() + timedelta(days=1)).isoformat()
    opened = api.post(
        f"/api/v1/texts/{text_id}/rounds", {"deadline": deadline}, content_type="application/json", **fac
    )
    assert opened.status_code == 201 and opened.json()["open"] is True
    for user, value in ((participant, "acceptable"), (participant2, "cannot")):
        rated = api.post(
            f"/api/v1/texts/{text_id}/ratings",
            {"ratings": [{"clause": 1, "value": value}]},
            content_type="application/json",
            **_bearer(user),
        )
        assert rated.json() == {"saved": 1}
    wrong = api.post(
        f"/api/v1/texts/{text_id}/ratings",
        {"ratings": [{"clause": 9, "value": "acceptable"}]},
        content_type="application/json",
        **_bearer(participant),
    )
    assert wrong.status_code == 422
    mine = api.get(f"/api/v1/texts/{text_id}", **_bearer(participant)).json()["mine"]
    assert mine == {"1": {"value": "acceptable", "criticism": ""}}

    report = api.get(f"/api/v1/texts/{text_id}/report", **fac).json()
    assert report["clauses"][0]["counts"] == {"acceptable": 1, "live_with": 0, "cannot": 1}
    # One person per party: no party row, and nothing in the report identifies a rater.
    assert report["clauses"][0]["parties"] == [] and report["clauses"][0]["parties_hidden"] == 2
    assert re.search(r"[0-9a-f]{64}", json.dumps(report)) is None  # no rater hash leaves the server


def test_a_liaison_downloads_the_released_text_with_its_profile(
    facilitator: User, liaison: User, text: SingleText
) -> None:
    release = services.text_release(
        access=access_text_facilitation(user=facilitator, text_id=text.pk), user=facilitator
    )
    client = _client(liaison)
    data = json.loads(client.get(f"/released-texts/{release.pk}/download.json").content)
    assert data["clauses"][1] == {
        "number": 2,
        "text": "Flows are [measured / estimated] monthly.",
        "counts": None,
    }
    assert client.get(f"/released-texts/{release.pk}/download.pdf").content.startswith(b"%PDF")
    assert (
        "not shown (too few raters)"
        in client.get(f"/released-texts/{release.pk}/download.md").content.decode()
    )
    assert text.audit.filter(kind="exported", actor=liaison).count() == 3
