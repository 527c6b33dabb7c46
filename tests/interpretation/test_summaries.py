"""A summary compiled per language: main points from the interpreters' renderings, never their own words."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.errors import ParleyError
from dialogues.live import services as rooms
from dialogues.live.interpretation import rendering_post
from dialogues.models import Dialogue, Message, Session
from participants.tokens import token_create
from summaries import services
from summaries.models import SummaryVersion
from tests.api.conftest import AuthHeaders
from tests.summaries.helpers import Cast, cast, plenary, post

pytestmark = pytest.mark.django_db

ARABIC = "يجب نشر جدول إطلاقات المياه من السد كل أسبوع حتى يتمكن المزارعون في المصب من التخطيط للزراعة."
ENGLISH = "Dam releases must be published every week so that farmers downstream can plan their planting."
SPANISH = "Los cruces fronterizos necesitan horarios más largos y controles aduaneros más rápidos."
CHATTER = "Interpreter here: please speak more slowly, the booth cannot keep up with this discussion."


@pytest.fixture
def people(dialogue: Dialogue, facilitator: User) -> Cast:
    return cast(dialogue, facilitator)


def _compile(
    session: Session, user: User, capture: DjangoCaptureOnCommitCallbacks, language: str = ""
) -> SummaryVersion:
    with capture(execute=True):
        version = services.summary_request(session_id=session.pk, requested_by_id=user.pk, language=language)
    version.refresh_from_db()
    return version


def _say(session: Session, author: User, body: str) -> Message:
    room = plenary(session)
    posted = rooms.message_post(user_id=author.pk, room_id=room.pk, client_id=uuid.uuid4(), body=body)
    assert posted.seq is not None
    return Message.objects.get(room=room, seq=posted.seq)


def test_main_points_read_the_renderings_into_the_chosen_language(
    session: Session,
    people: Cast,
    interpreter: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    north, south = people.by_party["Northvale"], people.by_party["Southmark"]
    said = _say(session, north[0], ARABIC)
    assert said.language == "ar"
    _say(session, south[0], SPANISH)  # no rendering: read as said
    room = plenary(session)
    with django_capture_on_commit_callbacks(execute=True):
        rendering_post(user_id=interpreter.pk, room_id=room.pk, of=said.seq, language="en", text=ENGLISH)
    post(room, interpreter, CHATTER)  # an interpreter's own words, however they were stored

    english = _compile(session, people.facilitator, django_capture_on_commit_callbacks, "en")
    assert english.language == "en"
    assert ENGLISH in english.body and ARABIC not in english.body
    point = next(line for line in english.body.splitlines() if ENGLISH in line)
    assert "interpreted from Arabic" in point
    assert SPANISH in english.body  # nothing rendered it: as it was said
    assert next(p for p in english.provenance if p["point"] == ENGLISH)["rendering"] is True

    as_said = _compile(session, people.facilitator, django_capture_on_commit_callbacks)
    assert as_said.language == ""
    assert ARABIC in as_said.body and ENGLISH not in as_said.body
    assert "interpreted" not in as_said.body
    for version in (english, as_said):
        assert "booth" not in version.body  # interpreters' chatter never feeds a summary


def test_an_unknown_language_is_refused_and_nothing_is_queued(session: Session, people: Cast) -> None:
    with pytest.raises(ParleyError) as refused:
        services.summary_request(session_id=session.pk, requested_by_id=people.facilitator.pk, language="xx")
    assert refused.value.code == "invalid"
    assert not SummaryVersion.objects.filter(session=session).exists()


def test_the_compile_form_takes_a_language(
    client: Client,
    session: Session,
    people: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:

    client.force_login(people.facilitator)
    page = client.get(f"/sessions/{session.pk}/summaries/")
    assert b'name="language"' in page.content and "العربية".encode() in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sessions/{session.pk}/summaries/compile/", {"language": "fr"})
    assert response.status_code == 302
    assert SummaryVersion.objects.get(session=session).language == "fr"
    refused = client.post(f"/sessions/{session.pk}/summaries/compile/", {"language": "klingon"})
    assert refused.status_code == 422
    assert b"cannot be compiled in that language" in refused.content
    assert SummaryVersion.objects.filter(session=session).count() == 1


def _token(user: User, *scopes: str) -> AuthHeaders:
    issued = token_create(user=user, name="test", scopes=list(scopes), days=1)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def test_the_api_compiles_in_a_language(
    client: Client,
    session: Session,
    people: Cast,
    interpreter: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    said = _say(session, people.by_party["Northvale"][0], ARABIC)
    with django_capture_on_commit_callbacks(execute=True):
        rendering_post(
            user_id=interpreter.pk, room_id=plenary(session).pk, of=said.seq, language="en", text=ENGLISH
        )
    url = f"/api/v1/sessions/{session.pk}/summaries"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"language": "en"},
            content_type="application/json",
            **_token(people.facilitator, "manage_dialogues"),
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["language"] == "en" and body["number"] == 1 and body["status"] in {"queued", "compiling"}
    version = SummaryVersion.objects.get(pk=body["id"])
    assert version.language == "en"
    assert ENGLISH in version.body and ARABIC not in version.body

    # No language: every message as it was said (an empty body is the same as {"language": ""}).
    with django_capture_on_commit_callbacks(execute=True):
        as_said = client.post(
            url, {}, content_type="application/json", **_token(people.facilitator, "manage_dialogues")
        )
    assert as_said.status_code == 202 and as_said.json()["language"] == ""
    assert ARABIC in SummaryVersion.objects.get(pk=as_said.json()["id"]).body


@pytest.mark.parametrize("language", ["xx", "EN", "en-gb", " ar", "ar\x00", "x" * 100])
def test_the_api_refuses_an_unknown_language_clearly(
    client: Client, session: Session, people: Cast, language: str
) -> None:
    response = client.post(
        f"/api/v1/sessions/{session.pk}/summaries",
        {"language": language},
        content_type="application/json",
        **_token(people.facilitator, "manage_dialogues"),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"].startswith("`language` must be one of: ") and "ar" in error["message"]
    assert not SummaryVersion.objects.filter(session=session).exists()


def test_only_the_sessions_facilitators_compile_through_the_api(
    client: Client, session: Session, people: Cast, liaison: User
) -> None:
    url = f"/api/v1/sessions/{session.pk}/summaries"
    participant = people.by_party["Northvale"][0]
    for user, scope, status in [
        (participant, "manage_dialogues", 404),
        (liaison, "read_summaries", 403),
        (liaison, "manage_dialogues", 404),
        (people.facilitator, "read_summaries", 403),
    ]:
        response = client.post(
            url, {"language": "ar"}, content_type="application/json", **_token(user, scope)
        )
        assert response.status_code == status, (user.pk, scope, response.content)
    assert not SummaryVersion.objects.filter(session=session).exists()
