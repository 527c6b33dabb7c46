"""The facilitator's summary pages: who may see them, the live progress display, edit and compare."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.choices import Role
from dialogues.models import AgendaItem, Dialogue, Session
from summaries import services
from summaries.models import SummaryStatus, SummaryVersion
from tests.factories import DialogueFactory, member
from tests.summaries.helpers import Cast, compile_now, plenary, post

pytestmark = pytest.mark.django_db

LOGIN, NOT_FOUND = "login", 404


@pytest.fixture
def draft(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> SummaryVersion:
    room = plenary(session)
    post(room, people.by_party["Northvale"][0], "Dam releases must be published every week.", items[1])
    post(
        room,
        people.by_party["Southmark"][0],
        "Mr Karimov said the dam inspection reports were never published.",
        items[1],
    )
    return compile_now(session, people.facilitator, django_capture_on_commit_callbacks)


@pytest.fixture
def visitors(
    dialogue: Dialogue, facilitator: User, participant: User, observer: User, liaison: User, outsider: User
) -> dict[str, User | None]:
    other = DialogueFactory.create(title="Another dialogue")
    return {
        "anonymous": None,
        "outsider": outsider,
        "participant": participant,
        "observer": observer,
        "liaison": liaison,
        "facilitator of another dialogue": member(other, Role.FACILITATOR, username="felix"),
        "facilitator": facilitator,
    }


def _urls(session: Session, version: SummaryVersion) -> list[tuple[str, str]]:
    s, v = [session.pk], [version.pk]
    return [
        ("get", reverse("summaries:summaries", args=s)),
        ("post", reverse("summaries:summary_compile", args=s)),
        ("get", reverse("summaries:summary_compare", args=s) + f"?a={version.pk}&b={version.pk}"),
        ("get", reverse("summaries:summary", args=v)),
        ("get", reverse("summaries:summary_progress", args=v)),
        ("get", reverse("summaries:summary_edit", args=v)),
        ("post", reverse("summaries:summary_edit", args=v)),
        ("post", reverse("summaries:summary_approve", args=v)),
        ("post", reverse("summaries:summary_release", args=v)),
        *[
            ("get", reverse("summaries:summary_export", args=[version.pk, fmt]))
            for fmt in ("md", "json", "html", "pdf")
        ],
    ]


@pytest.mark.parametrize(
    "who",
    ["anonymous", "outsider", "participant", "observer", "liaison", "facilitator of another dialogue"],
)
def test_only_the_dialogues_facilitators_reach_any_summary_page(
    client: Client, visitors: dict[str, User | None], session: Session, draft: SummaryVersion, who: str
) -> None:
    visitor = visitors[who]
    if visitor is not None:
        client.force_login(visitor)
    for method, url in _urls(session, draft):
        response = getattr(client, method)(url, {"body": "## Changed\n"} if method == "post" else None)
        if who == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("login")), url
        else:
            assert response.status_code == NOT_FOUND, f"{who} {method} {url}"
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.DRAFT  # nothing was approved or released on their behalf
    assert SummaryVersion.objects.count() == 1  # nothing compiled or edited either


def test_the_facilitator_reaches_every_summary_page(
    client: Client, visitors: dict[str, User | None], session: Session, draft: SummaryVersion
) -> None:
    facilitator = visitors["facilitator"]
    assert facilitator is not None
    client.force_login(facilitator)
    for method, url in _urls(session, draft):
        if method == "post":
            continue
        assert client.get(url).status_code == 200, url


def test_a_missing_version_answers_like_a_forbidden_one(
    client: Client, facilitator: User, draft: SummaryVersion
) -> None:
    client.force_login(facilitator)
    assert client.get(reverse("summaries:summary", args=[draft.pk + 1000])).status_code == NOT_FOUND


def test_the_progress_endpoint_reports_the_compile(
    client: Client, facilitator: User, session: Session
) -> None:
    version = services.summary_request(session_id=session.pk, requested_by_id=facilitator.pk)
    client.force_login(facilitator)
    url = reverse("summaries:summary_progress", args=[version.pk])

    assert client.get(url).json() == {
        "status": "queued",
        "status_label": "Queued",
        "progress": 0,
        "note": "Waiting for a worker",
        "done": False,
    }
    SummaryVersion.objects.filter(pk=version.pk).update(
        status=SummaryStatus.COMPILING,
        progress=42,
        progress_note="Removing names and identifiers (420 of 1000)",
    )
    response = client.get(url)
    assert response.json()["progress"] == 42 and response.json()["note"].startswith("Removing names")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    SummaryVersion.objects.filter(pk=version.pk).update(
        status=SummaryStatus.DRAFT, progress=100, body="## A\n"
    )
    assert client.get(url).json() == {
        "status": "draft",
        "status_label": "Draft",
        "progress": 100,
        "note": "Removing names and identifiers (420 of 1000)",
        "done": True,
    }


def test_the_page_shows_a_live_progress_bar_while_compiling(
    client: Client, facilitator: User, session: Session
) -> None:
    version = services.summary_request(session_id=session.pk, requested_by_id=facilitator.pk)
    SummaryVersion.objects.filter(pk=version.pk).update(
        status=SummaryStatus.COMPILING, progress=37, progress_note="Summarising the discussion"
    )
    client.force_login(facilitator)

    html = client.get(reverse("summaries:summary", args=[version.pk])).content.decode()

    progress_url = reverse("summaries:summary_progress", args=[version.pk])
    assert '<progress id="summary-progress" max="100" value="37"' in html
    assert f'data-progress-url="{progress_url}"' in html
    assert "37% · Summarising the discussion" in html
    assert "js/summary.js" in html
    assert '<meta http-equiv="refresh"' in html  # without JavaScript the page refreshes itself


def test_a_finished_draft_shows_text_flags_and_gate_not_progress(
    client: Client, facilitator: User, draft: SummaryVersion
) -> None:
    client.force_login(facilitator)

    html = client.get(reverse("summaries:summary", args=[draft.pk])).content.decode()

    assert "<progress" not in html and "js/summary.js" not in html
    assert "Dam releases must be published every week." in html
    assert "Possible name not on the roster" in html and "Karimov" in html  # a flag for review
    assert "Leak gate" in html and " open<" in html  # the unknown name would refuse a release


def test_a_failed_compile_says_so_and_offers_another(
    client: Client, facilitator: User, session: Session
) -> None:
    version = services.summary_request(session_id=session.pk, requested_by_id=facilitator.pk)
    services.summary_fail(version_id=version.pk, task_id="", reason="The compile failed (ValueError).")
    client.force_login(facilitator)

    html = client.get(reverse("summaries:summary", args=[version.pk])).content.decode()

    assert "This compile failed." in html and "ValueError" in html and "Compile again" in html


def test_compile_button_queues_a_draft_and_shows_it(
    client: Client,
    facilitator: User,
    session: Session,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("summaries:summary_compile", args=[session.pk]))
    version = SummaryVersion.objects.get(session=session)
    assert response.status_code == 302
    assert response["Location"] == reverse("summaries:summary", args=[version.pk])
    assert version.status == SummaryStatus.DRAFT


def test_saving_an_edit_creates_a_new_version_and_keeps_the_old(
    client: Client, facilitator: User, draft: SummaryVersion
) -> None:
    client.force_login(facilitator)
    new_body = draft.body.replace("Dam releases must be published every week.", "Releases should be weekly.")

    response = client.post(reverse("summaries:summary_edit", args=[draft.pk]), {"body": new_body})

    edited = SummaryVersion.objects.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("summaries:summary", args=[edited.pk])
    assert (edited.status, edited.parent_id, edited.created_by) == (
        SummaryStatus.DRAFT,
        draft.pk,
        facilitator,
    )
    assert "Releases should be weekly." in edited.body
    before = draft.body
    draft.refresh_from_db()
    assert draft.body == before and draft.status == SummaryStatus.DRAFT
    # Saving the same text again makes nothing new.
    client.post(reverse("summaries:summary_edit", args=[edited.pk]), {"body": edited.body})
    assert SummaryVersion.objects.count() == 2


def test_an_empty_edit_is_refused(client: Client, facilitator: User, draft: SummaryVersion) -> None:
    client.force_login(facilitator)
    response = client.post(reverse("summaries:summary_edit", args=[draft.pk]), {"body": "   \n"})
    assert response.status_code == 200 and SummaryVersion.objects.count() == 1


def test_compare_shows_what_changed_between_versions(
    client: Client, facilitator: User, draft: SummaryVersion
) -> None:
    edited = services.summary_edit(
        version=draft, body=draft.body.replace("every week", "every fortnight"), user=facilitator
    )
    client.force_login(facilitator)

    html = client.get(
        reverse("summaries:summary_compare", args=[draft.session_id]), {"a": draft.pk, "b": edited.pk}
    ).content.decode()

    assert '<span class="diff-del">- - Dam releases must be published every week.' in html
    assert '<span class="diff-add">+ - Dam releases must be published every fortnight.' in html


def test_compare_refuses_a_version_of_another_session(
    client: Client, facilitator: User, draft: SummaryVersion, dialogue: Dialogue
) -> None:
    from tests.factories import SessionFactory

    other = SummaryVersion.objects.create(
        session=SessionFactory.create(dialogue=dialogue), number=1, body="x\n"
    )
    client.force_login(facilitator)
    response = client.get(
        reverse("summaries:summary_compare", args=[draft.session_id]), {"a": draft.pk, "b": other.pk}
    )
    assert response.status_code == NOT_FOUND


def test_the_list_shows_every_version_with_its_status(
    client: Client, facilitator: User, draft: SummaryVersion
) -> None:
    services.summary_edit(version=draft, body=draft.body + "\n- one more point\n", user=facilitator)
    client.force_login(facilitator)

    html = client.get(reverse("summaries:summaries", args=[draft.session_id])).content.decode()

    assert "Version 1" in html and "Version 2" in html
    assert "edited from version 1" in html and "compiled from the session" in html
    assert html.count('data-status="draft"') == 2
