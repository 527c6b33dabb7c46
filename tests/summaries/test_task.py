"""The compile task: enqueued after commit with ids only, idempotent, CAS-claimed, retried only when
the error is transient. (The killed-worker case with a real worker is in test_worker_killed.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError, transaction
from kombu.exceptions import OperationalError as BrokerError
from pytest_django import DjangoCaptureOnCommitCallbacks

from dialogues.live import services as rooms
from dialogues.models import AgendaItem, Session
from summaries import pipeline, services, tasks
from summaries.models import SummaryStatus, SummaryVersion
from summaries.pipeline import Compiled
from tests.summaries.helpers import Cast, compile_now, plenary, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def spoken(session: Session, people: Cast, items: list[AgendaItem]) -> Session:
    post(
        plenary(session),
        people.by_party["Northvale"][0],
        "Dam releases must be published every week.",
        items[1],
    )
    return session


def test_the_task_is_sent_after_commit_with_the_version_id_only(
    spoken: Session,
    people: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent = []
    monkeypatch.setattr(tasks.compile_summary, "delay", lambda *a, **kw: sent.append((a, kw)))
    with django_capture_on_commit_callbacks() as callbacks:
        version = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
        assert sent == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [((version.pk,), {})]


def test_an_unreachable_queue_fails_the_version_instead_of_the_request(
    spoken: Session,
    people: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unreachable(*args: object, **kwargs: object) -> None:
        raise BrokerError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.compile_summary, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)

    version.refresh_from_db()
    assert version.status == SummaryStatus.FAILED and "could not be reached" in version.error


def test_nothing_is_sent_when_the_request_rolls_back(
    spoken: Session, people: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
            raise RuntimeError("rolled back")
    assert callbacks == []
    assert not SummaryVersion.objects.exists()


def test_asking_twice_while_queued_gives_the_same_version(spoken: Session, people: Cast) -> None:
    first = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
    second = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
    assert first.pk == second.pk
    assert SummaryVersion.objects.count() == 1


def test_a_rerun_makes_a_new_draft_version(
    spoken: Session, people: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    first = compile_now(spoken, people.facilitator, django_capture_on_commit_callbacks)
    second = compile_now(spoken, people.facilitator, django_capture_on_commit_callbacks)
    assert (first.number, second.number) == (1, 2)
    assert first.status == second.status == SummaryStatus.DRAFT
    assert first.body == second.body  # same sources, same text: deterministic


def test_a_redelivered_task_after_completion_changes_nothing(
    spoken: Session, people: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    version = compile_now(spoken, people.facilitator, django_capture_on_commit_callbacks)
    before = (version.body, version.content_hash, version.compiled_at)

    assert services.summary_compile(version_id=version.pk, task_id=version.task_id) == "skipped"
    assert tasks.compile_summary.apply(args=(version.pk,), task_id=version.task_id).get() == "skipped"

    version.refresh_from_db()
    assert (version.body, version.content_hash, version.compiled_at) == before
    assert SummaryVersion.objects.count() == 1


def test_claim_is_compare_and_swap_on_status_and_task_id(spoken: Session, people: Cast) -> None:
    version = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
    SummaryVersion.objects.filter(pk=version.pk).update(status=SummaryStatus.COMPILING, task_id="task-a")

    # Another task (a stray duplicate message) may not take a version someone is compiling...
    assert services.summary_compile(version_id=version.pk, task_id="task-b") == "skipped"
    version.refresh_from_db()
    assert (version.status, version.task_id) == (SummaryStatus.COMPILING, "task-a")
    # ... but the same task, redelivered after its worker died, may.
    assert services.summary_compile(version_id=version.pk, task_id="task-a") == "compiled"
    version.refresh_from_db()
    assert version.status == SummaryStatus.DRAFT and version.body


def test_a_slower_duplicate_run_does_not_overwrite_the_finished_draft(
    spoken: Session, people: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
    real = pipeline.compile_body

    def finished_elsewhere_meanwhile(*args: Any, **kwargs: Any) -> Compiled:
        result = real(*args, **kwargs)
        SummaryVersion.objects.filter(pk=version.pk).update(
            status=SummaryStatus.DRAFT, body="the other run's text\n"
        )
        return result

    monkeypatch.setattr(pipeline, "compile_body", finished_elsewhere_meanwhile)
    assert services.summary_compile(version_id=version.pk, task_id="task-a") == "superseded"
    version.refresh_from_db()
    assert version.body == "the other run's text\n"


def test_progress_is_reported_while_compiling(
    spoken: Session, people: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
    seen = []
    real = pipeline.compile_body

    def watching(*args: Any, **kwargs: Any) -> Compiled:
        report = kwargs["progress"]

        def spy(percent: int, note: str) -> None:
            report(percent, note)
            row = SummaryVersion.objects.get(pk=version.pk)
            seen.append((row.status, row.progress, row.progress_note))

        kwargs["progress"] = spy
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "compile_body", watching)
    services.summary_compile(version_id=version.pk, task_id="t")

    assert all(status == SummaryStatus.COMPILING for status, _, _ in seen)
    percents = [p for _, p, _ in seen]
    assert percents == sorted(percents) and percents[0] < 60 <= percents[-1] < 100
    assert any(note.startswith("Removing names") for _, _, note in seen)


@pytest.fixture
def broker_like() -> Iterator[None]:
    """Eager runs that do not propagate errors retry in place (`Task.apply`), as a worker would."""
    conf = tasks.compile_summary.app.conf
    before = conf.task_eager_propagates
    conf.task_eager_propagates = False
    yield
    conf.task_eager_propagates = before


def test_transient_errors_are_retried(
    spoken: Session,
    people: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
    broker_like: None,
) -> None:
    calls = []
    real = pipeline.compile_body

    def flaky(*args: Any, **kwargs: Any) -> Compiled:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "compile_body", flaky)
    version = compile_now(spoken, people.facilitator, django_capture_on_commit_callbacks)

    assert len(calls) == 2
    assert version.status == SummaryStatus.DRAFT


def test_transient_errors_give_up_after_the_last_retry(
    spoken: Session,
    people: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
    broker_like: None,
) -> None:
    calls = []

    def down(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(pipeline, "compile_body", down)
    compile_now(spoken, people.facilitator, django_capture_on_commit_callbacks)

    assert len(calls) == tasks.MAX_RETRIES + 1
    version = SummaryVersion.objects.get()
    assert version.status == SummaryStatus.FAILED
    assert "OperationalError" in version.error


def test_other_errors_fail_at_once_without_their_text(
    spoken: Session,
    people: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
    broker_like: None,
) -> None:
    calls = []

    def broken(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise ValueError("secret text of the message being processed")

    monkeypatch.setattr(pipeline, "compile_body", broken)
    compile_now(spoken, people.facilitator, django_capture_on_commit_callbacks)

    assert len(calls) == 1
    version = SummaryVersion.objects.get()
    assert version.status == SummaryStatus.FAILED
    assert "ValueError" in version.error and "secret" not in version.error


def test_a_lost_task_does_not_block_a_new_compile(spoken: Session, people: Cast) -> None:
    stuck = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)
    SummaryVersion.objects.filter(pk=stuck.pk).update(
        created_at=stuck.created_at - services.stale_after() - timedelta(1)
    )

    fresh = services.summary_request(session_id=spoken.pk, requested_by_id=people.facilitator.pk)

    assert fresh.pk != stuck.pk and fresh.number == 2
    stuck.refresh_from_db()
    assert stuck.status == SummaryStatus.FAILED


def test_ending_a_session_compiles_a_draft(
    spoken: Session, people: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        rooms.session_end(user_id=people.facilitator.pk, room_id=plenary(spoken).pk)

    version = SummaryVersion.objects.get(session=spoken)
    assert version.status == SummaryStatus.DRAFT
    assert "Dam releases must be published every week." in version.body


def test_without_a_broker_a_transient_error_fails_the_version_instead_of_leaving_it_compiling(
    spoken: Session,
    people: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(pipeline, "compile_body", down)
    with pytest.raises(OperationalError):
        compile_now(spoken, people.facilitator, django_capture_on_commit_callbacks)

    assert SummaryVersion.objects.get().status == SummaryStatus.FAILED
