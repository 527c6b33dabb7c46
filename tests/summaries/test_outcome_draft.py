"""Issue 14, items 1-4: the draft is built from what the session produced, names staff by role, gives
no count below k, and never lets user text or placeholders form links or HTML."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.models import AgendaItem, Message, Session
from digest import attribution_phrase
from digest.substance import is_substantive
from summaries import exports, services
from summaries.document import inline, parse_markdown
from summaries.gate import release_findings, small_counts
from tests.summaries.helpers import Cast, capture, compile_now, plenary, post, post_many

pytestmark = pytest.mark.django_db

SUBSTANCE = [
    "Dam releases should be published every week so that downstream farmers can plan their planting.",
    "Farmers downstream lose a whole harvest when releases are cut without notice in the dry season.",
    "A joint monitoring station at the border would give both sides the same release figures.",
]
CHATTER = [
    "Double submit check",
    "Typed with the keyboard only.",
    "Typed while my connection was down.",
    "Hello everyone, good morning from the capital.",
    "Agreed.",
]


def test_chatter_never_becomes_a_point_or_a_theme() -> None:
    assert not any(is_substantive(text) for text in CHATTER)
    assert all(is_substantive(text) for text in SUBSTANCE)


def test_the_draft_leads_with_outcomes_and_quotes_substance_only(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    room = plenary(session)
    session.started_at = timezone.now()
    session.save(update_fields=["started_at"])
    early = post(room, people.participants[0], "Pilot message typed before we started, about pilot quotas.")
    Message.objects.filter(pk=early.pk).update(created_at=session.started_at - timedelta(hours=1))
    post(
        room,
        people.participants[1],
        "Retracted: the minister privately agreed to the quotas.",
        removal="retracted",
    )
    post_many(room, [(u, text, items[1]) for u in people.participants[:6] for text in CHATTER])
    post_many(room, [(u, SUBSTANCE[i % 3], items[1]) for i, u in enumerate(people.participants)])
    capture(session, "proposal", "Publish dam releases weekly.", items[1])
    capture(session, "action_item", "Draft the protocol; owner: the secretariat; due: 2026-12-15", items[1])

    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)

    body = version.body
    for text in [*CHATTER[:4], "Pilot message", "privately agreed", "typed · pilot"]:
        assert text.casefold() not in body.casefold()
    water = next(s for s in parse_markdown(body).sections if s.title == "Water releases")
    keys = [p.key for p in water.parts]
    assert keys.index("proposals") < keys.index("action_items") < keys.index("main_points")
    actions = next(p for p in water.parts if p.key == "action_items").items
    assert actions == ["Draft the protocol *(owner: the secretariat; due 15 December 2026)*"]
    # The facilitator can see which messages each point came from.
    assert version.provenance and all(entry["message_ids"] for entry in version.provenance)
    substantive_ids = {m.pk for m in Message.objects.filter(room=room) if m.body in SUBSTANCE}
    assert {i for entry in version.provenance for i in entry["message_ids"]} <= substantive_ids


def test_point_sources_are_shown_to_the_facilitator_only(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    liaison: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    post_many(plenary(session), [(u, SUBSTANCE[0], items[1]) for u in people.participants])
    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(people.facilitator)

    page = client.get(reverse("summaries:summary", args=[version.pk])).content.decode()

    assert "Where each main point came from" in page and people.participants[0].profile.display_name in page
    for fmt in ("md", "json", "html"):
        assert "message_ids" not in exports.export_json(version)
        assert (
            people.participants[0].profile.display_name
            not in client.get(reverse("summaries:summary_export", args=[version.pk, fmt])).content.decode()
        )


def test_the_facilitator_is_named_by_role_never_as_a_participant(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    capture(session, "action_item", "Fiona to circulate a draft of the notification protocol.", items[1])
    post(
        plenary(session),
        people.participants[0],
        "As Fiona Facilitator said, the releases need a weekly schedule.",
    )

    body = compile_now(session, people.facilitator, django_capture_on_commit_callbacks).body

    assert "The facilitator to circulate a draft" in body
    assert "[participant] to circulate" not in body and "Fiona" not in body


def test_no_count_below_k_anywhere(
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    north, south = people.by_party["Northvale"], people.by_party["Southmark"]
    post_many(plenary(session), [(u, SUBSTANCE[1], items[1]) for u in (north[0], south[0])])

    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)

    assert small_counts(version.body, 5) == []
    assert "two participants" not in version.body and "different parties" not in version.body
    assert attribution_phrase(2, 2, k=5) == "one or more participants"
    assert attribution_phrase(6, 2, k=5) == "several participants from different parties"
    # The gate enforces it on whatever a facilitator writes.
    edited = services.summary_edit(
        version=version,
        body=version.body + "\n- Discussed by two participants from different parties.\n",
        user=people.facilitator,
    )
    kinds = [(f.kind, f.text) for f in release_findings(edited)]
    assert ("small_count", "two participants") in kinds


def test_placeholders_and_user_text_never_form_links_or_html(
    session: Session,
    people: Cast,
    facilitator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    assert (
        inline("[participant](https://example.org/x) said") == r"\[participant](https://example.org/x) said"
    )
    post(
        plenary(session),
        people.participants[0],
        "Amina Okafor (https://evil.example) <b>insisted</b> that [the releases](javascript:x) stay weekly.",
    )
    version = compile_now(session, people.facilitator, django_capture_on_commit_callbacks)
    hostile = services.summary_edit(
        version=version,
        body=version.body + "\n- [participant](https://evil.example) and <a href='https://x.example'>x</a>\n",
        user=facilitator,
    )

    for html in (exports.export_html(hostile), str(exports.body_html(hostile.body))):
        assert "<a " not in html and "href" not in html and "<b>" not in html
    assert "[participant](" not in version.body


def test_observers_are_named_by_role_and_an_ambiguous_name_stays_a_placeholder() -> None:
    from summaries.sources import StaffName
    from summaries.staff import role_of

    staff = (StaffName("Olga Observer", "an observer"), StaffName("Fiona Facilitator", "the facilitator"))
    participants = ("Amina Okafor", "Fiona Okafor")
    assert role_of("Olga", staff, participants) == "an observer"
    assert role_of("Ms Observer", staff, participants) == "an observer"
    assert role_of("Fiona", staff, participants) is None  # a participant is called Fiona too
    assert role_of("Okafor", staff, participants) is None
