"""Release: approved versions only, through the leak gate on the final text, no override; released
versions never change, and a correction is a new released version."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.models import AgendaItem, Dialogue, Session
from summaries import selectors, services
from summaries.access import access_current_release
from summaries.models import SummaryStatus, SummaryVersion
from tests.summaries.helpers import Cast, approve_as_second, compile_now, plenary, post

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

CLEAN = """## Water releases

### Main points

- Dam releases should be published every week during the dry season. *(raised by several participants)*
- A joint commission could publish river flow figures every month. *(raised by a participant)*

### Action items

- The secretariat circulates the notification protocol before the next round.
"""


@pytest.fixture
def draft(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> SummaryVersion:
    post(
        plenary(session),
        people.by_party["Northvale"][0],
        "Dam releases must be published every week.",
        items[1],
    )
    return compile_now(session, people.facilitator, django_capture_on_commit_callbacks)


def _approved(draft: SummaryVersion, user: User, body: str) -> SummaryVersion:
    version = services.summary_edit(version=draft, body=body, user=user)
    approve_as_second(version)
    version.refresh_from_db()
    return version


def _release(client: Client, version: SummaryVersion, **extra: str) -> TestResponse:
    return client.post(reverse("summaries:summary_release", args=[version.pk]), extra)


@pytest.mark.parametrize(
    ("leak", "kind"),
    [
        ("- Amina Okafor proposed weekly publication.", "name"),
        ("- As Dr. Okafor put it, data comes first.", "name"),
        ("- Okafro proposed weekly publication.", "name_fuzzy"),
        ("- Hans Muller wants a pilot first.", "name"),  # Müller without the umlaut
        ("- O k a f o r insisted on data.", "name"),  # spaced out
        ("- The Basin Research Institute offered to host the data.", "organisation"),
        ("- A former official from Southmark said the data exists.", "descriptor"),
        ("- Participant 4 disagreed with the timetable.", "pseudonym"),
        ("- Write to amina@example.org for the annex.", "pii"),
    ],
)
def test_release_is_refused_with_the_findings_listed(
    client: Client, people: Cast, draft: SummaryVersion, leak: str, kind: str
) -> None:
    version = _approved(draft, people.facilitator, CLEAN + "\n### Also\n\n" + leak + "\n")
    client.force_login(people.facilitator)

    response = _release(client, version)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Release refused" in html
    assert f'<span class="badge warn">{kind}</span>' in html
    version.refresh_from_db()
    assert version.status == SummaryStatus.APPROVED and version.released_at is None


def test_clean_text_is_released(client: Client, people: Cast, draft: SummaryVersion) -> None:
    version = _approved(draft, people.facilitator, CLEAN)
    client.force_login(people.facilitator)

    response = _release(client, version)

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == SummaryStatus.RELEASED and version.released_at is not None


def test_a_compiled_draft_of_a_clean_discussion_passes_as_it_is(
    client: Client, people: Cast, draft: SummaryVersion
) -> None:
    approve_as_second(draft)
    client.force_login(people.facilitator)

    assert _release(client, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.RELEASED


def test_there_is_no_override(client: Client, people: Cast, draft: SummaryVersion) -> None:
    version = _approved(draft, people.facilitator, CLEAN + "\n- Amina Okafor agreed.\n")
    client.force_login(people.facilitator)

    for extra in ({"override": "1"}, {"force": "true"}, {"skip_gate": "yes"}, {"confirm": "release anyway"}):
        assert _release(client, version, **extra).status_code == 409
    version.refresh_from_db()
    assert version.status == SummaryStatus.APPROVED
    # ... and none in the service either: it takes the version and who releases it, nothing else.
    assert list(inspect.signature(services.summary_release).parameters) == ["version", "user"]


def test_the_titles_that_go_out_with_the_summary_are_checked_too(
    client: Client, people: Cast, draft: SummaryVersion, dialogue: Dialogue
) -> None:
    version = _approved(draft, people.facilitator, CLEAN)
    dialogue.title = "Dialogue hosted by Ambassador Sargsyan"
    dialogue.save()
    client.force_login(people.facilitator)

    response = _release(client, version)

    assert response.status_code == 409 and "cover title" in response.content.decode()


def test_fixing_the_text_and_retrying_releases(client: Client, people: Cast, draft: SummaryVersion) -> None:
    leaky = _approved(draft, people.facilitator, CLEAN + "\n- Amina Okafor agreed.\n")
    client.force_login(people.facilitator)
    assert _release(client, leaky).status_code == 409

    fixed = _approved(leaky, people.facilitator, CLEAN + "\n- A participant agreed.\n")
    assert _release(client, fixed).status_code == 302
    fixed.refresh_from_db()
    assert fixed.status == SummaryStatus.RELEASED and fixed.parent_id == leaky.pk


def test_only_an_approved_version_is_released(client: Client, people: Cast, draft: SummaryVersion) -> None:
    client.force_login(people.facilitator)
    assert _release(client, draft).status_code == 302  # back to the page, with an error message
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.DRAFT


def test_a_released_version_never_changes_and_a_correction_is_a_new_release(
    client: Client, people: Cast, draft: SummaryVersion, liaison: User
) -> None:
    first = _approved(draft, people.facilitator, CLEAN)
    services.summary_release(version=first, user=people.facilitator)
    first.refresh_from_db()
    frozen = (first.body, first.content_hash, first.status, first.released_at)

    with pytest.raises(services.SummaryError):
        approve_as_second(first)
    with pytest.raises(services.SummaryError):
        services.summary_release(version=first, user=people.facilitator)
    correction = services.summary_edit(
        version=first, body=CLEAN.replace("every week", "every ten days"), user=people.facilitator
    )
    first.refresh_from_db()
    assert (first.body, first.content_hash, first.status, first.released_at) == frozen
    assert correction.status == SummaryStatus.DRAFT and correction.parent_id == first.pk

    assert access_current_release(user=liaison, session_id=first.session_id).pk == first.pk
    approve_as_second(correction)
    services.summary_release(version=correction, user=people.facilitator)

    assert access_current_release(user=liaison, session_id=first.session_id).pk == correction.pk
    assert [v.number for v in selectors.released_versions(session=first.session)] == [
        correction.number,
        first.number,
    ]


def test_the_current_release_is_not_found_until_released_and_for_non_members(
    people: Cast, draft: SummaryVersion, liaison: User, outsider: User
) -> None:
    from core.errors import NotFound

    participant = people.by_party["Northvale"][1]

    for user in (liaison, participant, outsider):
        with pytest.raises(NotFound):
            access_current_release(user=user, session_id=draft.session_id)
    version = _approved(draft, people.facilitator, CLEAN)
    services.summary_release(version=version, user=people.facilitator)

    assert access_current_release(user=liaison, session_id=draft.session_id).pk == version.pk
    for user in (participant, outsider):
        with pytest.raises(NotFound):
            access_current_release(user=user, session_id=draft.session_id)


def test_a_body_that_no_longer_matches_its_hash_is_not_released(people: Cast, draft: SummaryVersion) -> None:
    version = _approved(draft, people.facilitator, CLEAN)
    SummaryVersion.objects.filter(pk=version.pk).update(body=CLEAN + "\n- slipped in after approval\n")

    with pytest.raises(services.SummaryError, match="content hash"):
        services.summary_release(version=version, user=people.facilitator)
