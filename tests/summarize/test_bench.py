"""The benchmark helper runs and its synthetic text is stable."""

from __future__ import annotations

from digest.bench import bench_compile, synthetic_messages


def test_synthetic_messages_are_deterministic_and_mixed() -> None:
    messages = synthetic_messages(500, seed=7)
    assert messages == synthetic_messages(500, seed=7)
    assert len(messages) == 500
    assert "agreed" in messages or "+1" in messages
    assert any(m.count(". ") >= 3 for m in messages)


def test_bench_compile_returns_seconds() -> None:
    seconds = bench_compile(200, n_items=2)
    assert seconds > 0
