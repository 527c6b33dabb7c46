"""The summary-engine benchmark: what it times, and that it reports every size asked for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest

from digest import bench as bench_module
from digest.bench import bench_compile, main, synthetic_messages
from digest.engine import digest as real_digest


def test_synthetic_messages_are_deterministic_and_mixed() -> None:
    messages = synthetic_messages(500, seed=7)
    assert messages == synthetic_messages(500, seed=7)
    assert len(messages) == 500
    assert "agreed" in messages or "+1" in messages
    assert any(m.count(". ") >= 3 for m in messages)


class _Clock:
    """Stands in for `time`: advanced only by the digest calls, one 'second' per message digested."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now


def test_bench_times_one_digest_of_every_message_split_evenly_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = _Clock()
    calls: list[list[str]] = []

    def counting_digest(messages: Sequence[str], **kwargs: Any) -> Any:
        calls.append(list(messages))
        clock.now += len(messages)
        return real_digest(messages, **kwargs)

    monkeypatch.setattr(bench_module, "digest", counting_digest)
    monkeypatch.setattr(bench_module, "time", clock)

    seconds = bench_compile(200, n_items=3, seed=5)
    items = calls[-3:]
    # Every generated message is digested exactly once, in order, in three (nearly) equal agenda items...
    assert [m for item in items for m in item] == synthetic_messages(200, seed=5)
    assert [len(item) for item in items] == [67, 67, 66]
    # ...and the figure is the time of those digests alone: no text generation, no warm-up digest.
    assert seconds == 200.0

    calls.clear()
    assert bench_compile(50) == 50.0
    assert calls[-1] == synthetic_messages(50)


_LINE = re.compile(r"\s*(\d+) messages:\s+([\d.]+) s as one item,\s+([\d.]+) s as ten items")


def _reported(main_args: list[int] | None, capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str, str]]:
    main(main_args)
    lines = capsys.readouterr().out.splitlines()
    matches = [_LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    return [(int(m[1]), m[2], m[3]) for m in matches if m]


def test_the_report_has_a_line_per_size_with_both_splits(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Fake timings (n/1000 s as one item, twice that as ten) to check the report, not the machine.
    def fake_compile(n_messages: int, *, n_items: int = 1, seed: int = 0) -> float:
        return n_messages / 1000 * (1 if n_items == 1 else 2)

    monkeypatch.setattr(bench_module, "bench_compile", fake_compile)
    assert _reported([300, 2_000], capsys) == [(300, "0.30", "0.60"), (2_000, "2.00", "4.00")]
    # With no sizes: the 1k, 5k, 10k and 20k rows docs/benchmarks.md shows.
    assert [row[0] for row in _reported(None, capsys)] == [1_000, 5_000, 10_000, 20_000]
