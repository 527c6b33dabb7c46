"""Recording how proposals were taken up: append-only history, the newest shown, each liaison their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from dialogues.models import Session
from summaries.liaison.proposals import proposals_of
from summaries.models import SummaryVersion, Uptake
from tests.liaison.helpers import BODY, COMMISSION, GAUGES, proposal_block, released

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def key_of(version: SummaryVersion, plain: str) -> str:
    return next(p.key for p in proposals_of(version.body) if p.plain == plain)


def respond(
    client: Client, version: SummaryVersion, plain: str, status: str, comment: str = ""
) -> TestResponse:
    return client.post(
        reverse("liaison:uptake", args=[version.pk]),
        {"proposal_key": key_of(version, plain), "status": status, "comment": comment},
    )


def test_a_liaison_records_a_response_and_sees_it_on_the_page(
    client: Client, liaison: User, release: SummaryVersion
) -> None:
    client.force_login(liaison)
    response = respond(client, release, COMMISSION, "under_consideration", "Passed to the water ministry.")
    key = key_of(release, COMMISSION)
    assert response.status_code == 302 and response["Location"].endswith(f"#{key}")
    row = Uptake.objects.get()
    assert (row.version, row.liaison, row.proposal_key, row.status) == (
        release,
        liaison,
        key,
        "under_consideration",
    )
    page = client.get(response["Location"]).content.decode()
    block = proposal_block(page, key)
    assert "Under consideration" in block and "Passed to the water ministry." in block


def test_history_is_appended_and_the_newest_response_counts(
    client: Client, liaison: User, release: SummaryVersion
) -> None:
    client.force_login(liaison)
    respond(client, release, GAUGES, "noted", "Received.")
    respond(client, release, GAUGES, "under_consideration", "Costing it.")
    respond(client, release, GAUGES, "taken_forward", "In next year's budget.")
    rows = list(Uptake.objects.order_by("created_at", "id").values_list("status", "comment"))
    assert rows == [
        ("noted", "Received."),
        ("under_consideration", "Costing it."),
        ("taken_forward", "In next year's budget."),
    ]
    page = client.get(reverse("liaison:read", args=[release.pk])).content.decode()
    block = proposal_block(page, key_of(release, GAUGES))
    latest = block[block.index('class="response"') : block.index("</div>", block.index('class="response"'))]
    assert "Taken forward" in latest and "In next year&#x27;s budget." in latest
    assert "Your earlier responses (2)" in block
    assert 'value="taken_forward" required checked' in block  # the form starts from the newest


def test_each_liaison_sees_only_their_own_responses(
    client: Client, liaison: User, liaison2: User, release: SummaryVersion
) -> None:
    client.force_login(liaison2)
    respond(client, release, COMMISSION, "declined", "Our cabinet said no.")
    client.force_login(liaison)
    page = client.get(reverse("liaison:read", args=[release.pk])).content.decode()
    assert "Our cabinet said no." not in page and "Declined</span>" not in page
    assert "Lars Liaison" not in page


def test_a_facilitator_reads_but_cannot_respond_for_a_liaison(
    client: Client, facilitator: User, liaison: User, release: SummaryVersion
) -> None:
    client.force_login(liaison)
    respond(client, release, COMMISSION, "noted", "Seen.")
    client.force_login(facilitator)
    page = client.get(reverse("liaison:read", args=[release.pk])).content.decode()
    assert "Lena Liaison" in page and "Seen." in page and 'name="proposal_key"' not in page
    assert respond(client, release, COMMISSION, "declined").status_code == 403
    assert Uptake.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ({"status": "adopted"}, "status"),
        ({"proposal_key": "p-0000000000000000"}, "That proposal is not in this summary."),
        ({"comment": "x" * 5001}, "comment"),
    ],
)
def test_bad_responses_are_refused_and_explained(
    client: Client, liaison: User, release: SummaryVersion, data: dict[str, Any], why: str
) -> None:
    client.force_login(liaison)
    form = {"proposal_key": key_of(release, COMMISSION), "status": "noted", **data}
    response = client.post(reverse("liaison:uptake", args=[release.pk]), form)
    assert response.status_code == 400
    assert "Your response was not recorded." in response.content.decode()
    assert why.lower() in response.content.decode().lower()
    assert not Uptake.objects.exists()


def test_responses_go_to_the_current_version_only(client: Client, liaison: User, session: Session) -> None:
    first = released(session)
    second = released(session, BODY.replace("two days", "three days"))
    client.force_login(liaison)
    refused = respond(client, first, COMMISSION, "noted")
    assert refused.status_code == 409 and "corrected by version 2" in refused.content.decode()
    assert respond(client, second, COMMISSION, "noted").status_code == 302
    assert Uptake.objects.get().version == second


def test_a_response_follows_an_unchanged_proposal_into_the_correction(
    client: Client, liaison: User, session: Session
) -> None:
    first = released(session)
    client.force_login(liaison)
    respond(client, first, COMMISSION, "taken_forward", "Funded.")
    second = released(session, BODY.replace("two days", "three days"))
    page = client.get(reverse("liaison:read", args=[second.pk])).content.decode()
    block = proposal_block(page, key_of(second, COMMISSION))
    assert "Taken forward" in block and "on version 1" in block and "Funded." in block


def test_comments_are_encrypted_at_rest(client: Client, liaison: User, release: SummaryVersion) -> None:
    client.force_login(liaison)
    respond(client, release, COMMISSION, "noted", "The minister is sceptical.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT comment FROM facilitation_uptake")
        (stored,) = cursor.fetchone()
    assert "sceptical" not in stored
    assert Uptake.objects.get().comment == "The minister is sceptical."
