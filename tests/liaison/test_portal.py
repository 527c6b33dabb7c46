"""The liaison's pages: the list on the dialogue page, the reading page, downloads, and access records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dialogues.models import Dialogue, Session
from summaries.models import ReleaseAccess, SummaryStatus, SummaryVersion
from tests.factories import SessionFactory
from tests.liaison.helpers import BODY, COMMISSION, released, version

STATIC = Path(__file__).resolve().parents[2] / "static"

pytestmark = pytest.mark.django_db
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def read_url(v: SummaryVersion) -> str:
    return reverse("liaison:read", args=[v.pk])


def test_dialogue_page_lists_current_releases_and_marks_corrected_ones(
    client: Client, liaison: User, dialogue: Dialogue, session: Session
) -> None:
    first = released(session)
    draft = version(session, SummaryStatus.DRAFT, BODY + "\n- A draft-only line.\n")
    second = released(session, BODY.replace("two days", "three days"))
    other_session = SessionFactory.create(dialogue=dialogue, title="Second round")
    version(other_session, SummaryStatus.APPROVED)  # approved, not released: invisible
    client.force_login(liaison)
    page = client.get(reverse("dialogues:detail", args=[dialogue.pk])).content.decode()
    assert f'href="{read_url(second)}"' in page and f'href="{read_url(first)}"' in page
    assert "corrected by v3" in page  # version 1 was corrected by version 3 (2 is the draft)
    assert read_url(draft) not in page
    assert "Second round" not in page
    assert "No summary has been released yet" not in page


def test_dialogue_page_says_when_nothing_is_released(
    client: Client, liaison: User, dialogue: Dialogue, session: Session
) -> None:
    version(session, SummaryStatus.APPROVED)
    client.force_login(liaison)
    page = client.get(reverse("dialogues:detail", args=[dialogue.pk])).content.decode()
    assert "No summary has been released yet" in page and session.title not in page


def test_reading_page_shows_the_summary_downloads_and_a_print_stylesheet(
    client: Client, liaison: User, release: SummaryVersion
) -> None:
    client.force_login(liaison)
    response = client.get(read_url(release))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert "<h2>Water releases</h2>" in page and COMMISSION in page
    assert f"sha256:{release.content_hash}" in page
    for fmt in ("pdf", "md", "json"):
        assert reverse("liaison:download", args=[release.pk, fmt]) in page
    assert "corrected by" not in page
    # The print stylesheet is a static file: the Content-Security-Policy allows no inline <style>.
    assert "/static/css/reading.css" in page and "<style" not in page
    assert "@media print" in (STATIC / "css" / "reading.css").read_text()
    # One response form per proposal or recommendation.
    assert page.count('name="proposal_key"') == 3


def test_a_corrected_version_says_so_and_takes_no_responses(
    client: Client, liaison: User, session: Session
) -> None:
    first = released(session)
    second = released(session, BODY.replace("every month", "every week"))
    client.force_login(liaison)
    page = client.get(read_url(first)).content.decode()
    assert "This version was corrected by" in page and f'href="{read_url(second)}"' in page
    assert 'name="proposal_key"' not in page and "Respond on the current version" in page


def test_every_read_is_recorded_for_liaisons_only(
    client: Client, liaison: User, facilitator: User, release: SummaryVersion
) -> None:
    client.force_login(liaison)
    client.get(read_url(release))
    client.get(read_url(release))
    assert (
        list(ReleaseAccess.objects.values_list("user__account__login_name", "kind", "version"))
        == [("lena", "read", release.pk)] * 2
    )
    client.force_login(facilitator)
    assert client.get(read_url(release)).status_code == 200
    assert ReleaseAccess.objects.count() == 2  # the facilitator's own look is not a liaison's read


@pytest.mark.parametrize(
    ("fmt", "content_type", "kind"),
    [
        ("pdf", "application/pdf", "pdf"),
        ("md", "text/markdown; charset=utf-8", "markdown"),
        ("json", "application/json; charset=utf-8", "json"),
    ],
)
def test_downloads_have_their_type_and_are_recorded(
    client: Client, liaison: User, release: SummaryVersion, fmt: str, content_type: str, kind: str
) -> None:
    client.force_login(liaison)
    response = client.get(reverse("liaison:download", args=[release.pk, fmt]))
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Hash"] == f"sha256:{release.content_hash}"
    access = ReleaseAccess.objects.get()
    assert (access.user, access.kind, access.version_id) == (liaison, kind, release.pk)
    if fmt == "pdf":
        assert response.content.startswith(b"%PDF")
    elif fmt == "json":
        assert json.loads(response.content)["version"]["status"] == "released"
    else:
        assert COMMISSION in response.content.decode()


def test_unknown_download_format_is_not_found_and_not_recorded(
    client: Client, liaison: User, release: SummaryVersion
) -> None:
    client.force_login(liaison)
    assert client.get(reverse("liaison:download", args=[release.pk, "html"])).status_code == 404
    assert not ReleaseAccess.objects.exists()


@pytest.mark.parametrize("status", [SummaryStatus.DRAFT, SummaryStatus.APPROVED, SummaryStatus.FAILED])
def test_an_unreleased_version_answers_exactly_like_a_missing_one(
    client: Client, liaison: User, session: Session, status: SummaryStatus
) -> None:
    unreleased = version(session, status)
    client.force_login(liaison)
    hidden = client.get(read_url(unreleased))
    missing = client.get(reverse("liaison:read", args=[unreleased.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert CSRF.sub(b"", hidden.content) == CSRF.sub(b"", missing.content)
    download = client.get(reverse("liaison:download", args=[unreleased.pk, "md"]))
    assert download.status_code == 404 and not ReleaseAccess.objects.exists()


def test_a_liaison_of_another_dialogue_gets_a_missing_page(
    client: Client, other_liaison: User, release: SummaryVersion
) -> None:
    client.force_login(other_liaison)
    hidden = client.get(read_url(release))
    missing = client.get(reverse("liaison:read", args=[release.pk + 1000]))
    assert hidden.status_code == 404
    assert CSRF.sub(b"", hidden.content) == CSRF.sub(b"", missing.content)
    assert not ReleaseAccess.objects.exists()


def test_a_removed_liaison_loses_the_portal(
    client: Client, liaison: User, dialogue: Dialogue, release: SummaryVersion
) -> None:
    from dialogues.models import Membership

    Membership.objects.filter(user=liaison, dialogue=dialogue).update(is_active=False)
    client.force_login(liaison)
    assert client.get(read_url(release)).status_code == 404


def test_the_portal_carries_no_names_pseudonyms_or_roster(
    client: Client, liaison: User, participant: User, participant2: User, release: SummaryVersion
) -> None:
    from dialogues.models import Pseudonym

    Pseudonym.objects.create(session=release.session, user=participant, number=4, label="Participant 4")
    client.force_login(liaison)
    pages = [
        client.get(read_url(release)).content.decode(),
        client.get(reverse("dialogues:detail", args=[release.session.dialogue_id])).content.decode(),
    ]
    for page in pages:
        for secret in (
            participant.profile.display_name,
            participant2.profile.display_name,
            participant2.profile.organisation,
            "Participant 4",
            "Fiona Facilitator",
            release.session.dialogue.background,
        ):
            assert secret not in page
