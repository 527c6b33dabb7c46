"""The release email: sent on commit, one per liaison, and nothing in it but a link."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.db import transaction
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.choices import Role
from dialogues.models import Dialogue, Membership, Session
from summaries import services
from summaries.liaison import notify
from summaries.models import SummaryStatus
from tests.factories import member
from tests.liaison.helpers import BODY, release_for_real, version
from tests.summaries.helpers import approve_as_second

pytestmark = pytest.mark.django_db
URL = re.compile(r"https?://\S+")


# The fixtures' "Paula Participant" would make the gate refuse "participants" in the body (a fuzzy name
# match), so these releases have an observer as the non-liaison member.
def test_each_liaison_gets_one_message_with_a_link_and_nothing_else(
    dialogue: Dialogue,
    session: Session,
    facilitator: User,
    liaison: User,
    liaison2: User,
    observer: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    v = release_for_real(session, facilitator, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([liaison.email, liaison2.email])
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)  # nobody sees the others
    link = settings.SITE_URL + reverse("liaison:read", args=[v.pk])
    for message in mail.outbox:
        text = message.subject + "\n" + message.body
        assert URL.findall(text) == [link]
        for secret in (
            dialogue.title,
            session.title,
            "Water releases",
            "joint commission",
            facilitator.profile.display_name,
            observer.profile.display_name,
            liaison2.profile.display_name,
            "Northvale",
            f"version {v.number}",
        ):
            assert secret.lower() not in text.lower(), secret
        assert not message.attachments and not getattr(message, "alternatives", None)


def test_inactive_removed_and_non_liaison_members_get_nothing(
    dialogue: Dialogue,
    session: Session,
    facilitator: User,
    liaison: User,
    observer: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    removed = member(dialogue, Role.LIAISON, username="rita")
    Membership.objects.filter(user=removed).update(is_active=False)
    gone = member(dialogue, Role.LIAISON, username="gus")
    gone.is_active = False
    gone.save()
    release_for_real(session, facilitator, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[liaison.email]]


def test_nothing_is_sent_before_commit_or_after_a_rollback(
    session: Session, facilitator: User, liaison: User
) -> None:
    draft = version(session, SummaryStatus.DRAFT)
    approve_as_second(draft)
    with transaction.atomic():
        services.summary_release(version=draft, user=facilitator)
        assert mail.outbox == []  # not yet: the release has not committed
        transaction.set_rollback(True)
    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.APPROVED


def test_a_refused_release_sends_nothing(
    session: Session,
    facilitator: User,
    liaison: User,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    leaky = BODY + "\n- Paula Participant proposed it first.\n"
    draft = version(session, SummaryStatus.DRAFT, leaky)
    approve_as_second(draft)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ReleaseRefused):
        services.summary_release(version=draft, user=facilitator)
    draft.refresh_from_db()
    assert mail.outbox == [] and draft.released_by is None and draft.status == SummaryStatus.APPROVED


def test_the_release_records_who_released_it(
    session: Session,
    facilitator: User,
    liaison: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    v = release_for_real(session, facilitator, django_capture_on_commit_callbacks)
    v.refresh_from_db()
    assert v.released_by == facilitator


def test_a_mail_failure_does_not_undo_the_release(
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    facilitator: User,
    liaison: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    v = version(session, SummaryStatus.RELEASED)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    assert notify.release_notice_send(v.pk) == 0
    assert "could not be sent" in caplog.text
    v.refresh_from_db()
    assert v.status == SummaryStatus.RELEASED


def test_an_unreleased_version_sends_nothing(session: Session, liaison: User) -> None:
    assert notify.release_notice_send(version(session, SummaryStatus.APPROVED).pk) == 0
    assert mail.outbox == []
