"""Bursts of announcements fold into one run per key, and the last change is never lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from facilitation.console import coalesce


class FakeTimer:
    started: list[FakeTimer] = []

    def __init__(self, delay: float, fn: Callable[..., object], args: tuple[Any, ...]) -> None:
        self.delay, self.fn, self.args = delay, fn, args
        self.daemon = False

    def start(self) -> None:
        FakeTimer.started.append(self)

    def fire(self) -> None:
        self.fn(*self.args)


def test_a_burst_runs_once_per_key_and_a_later_change_runs_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("facilitation.console.coalesce.threading.Timer", FakeTimer)
    FakeTimer.started = []
    runs: list[int] = []
    announcer = coalesce.Coalescer(runs.append, delay=0.5)
    for _ in range(5):
        announcer.request(1)
    announcer.request(2)
    assert [t.args for t in FakeTimer.started] == [(1,), (2,)]
    FakeTimer.started[0].fire()
    assert runs == [1]
    announcer.request(1)  # a vote after the frame went out gets a frame of its own
    assert [t.args for t in FakeTimer.started] == [(1,), (2,), (1,)]
    FakeTimer.started[1].fire()
    FakeTimer.started[2].fire()
    assert runs == [1, 2, 1]


def test_a_failing_run_is_logged_and_does_not_block_the_next(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("facilitation.console.coalesce.threading.Timer", FakeTimer)
    FakeTimer.started = []

    def boom(key: int) -> None:
        raise RuntimeError("database gone")

    announcer = coalesce.Coalescer(boom, delay=0.5)
    announcer.request(7)
    FakeTimer.started[0].fire()
    assert "announcement for 7 failed" in caplog.text
    announcer.request(7)
    assert len(FakeTimer.started) == 2


def test_no_delay_runs_at_once() -> None:
    runs: list[int] = []
    coalesce.Coalescer(runs.append, delay=0).request(3)
    assert runs == [3]
