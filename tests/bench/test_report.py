"""The harness's arithmetic: what counts as lost, duplicated, passing; what the doc block says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import client, render, report, scenarios


def test_payload_carries_run_k_and_due_time_in_100_bytes() -> None:
    text = client.payload("r1", 42, 1234.5)
    assert len(text) == 100
    assert client.parse_payload(text) == ("r1", 42, 1234.5)
    assert client.parse_payload("not a payload") is None


def test_loss_and_duplicates_are_counted_per_member_against_accepted_messages() -> None:
    # Two members, four messages accepted: member 0 got all once, member 1 missed k=2 and got k=3 twice.
    answer = report.fake_answer([[1, 1, 1, 1], [1, 1, 0, 2]], [0.010] * 7, sent=[0, 1, 2, 3])
    row = report.summarize([answer], parley=False, seconds=2.0)
    assert row["expected_deliveries"] == 8
    assert row["delivered"] == 7
    assert row["lost"] == 1
    assert row["duplicates"] == 1
    assert row["delivered_per_s"] == 3.5
    assert row["p50"] == pytest.approx(10.0)


def test_parley_expects_only_what_the_server_acknowledged() -> None:
    # k=3 was refused (no ack): nobody missing it is a loss, but the refusal shows in `accepted`.
    answer = report.fake_answer([[1, 1, 1, 0]], [0.005] * 3, sent=[0, 1, 2, 3], acked=[0, 1, 2])
    row = report.summarize([answer], parley=True, seconds=1.0)
    assert (row["accepted"], row["sent"], row["lost"]) == (3, 4, 0)
    assert not scenarios.passes(row)


def test_a_rate_step_passes_only_under_250_ms_with_nothing_lost() -> None:
    good = report.summarize(
        [report.fake_answer([[1, 1]], [0.1, 0.2], sent=[0, 1])], parley=False, seconds=1.0
    )
    slow = report.summarize(
        [report.fake_answer([[1, 1]], [0.1, 0.3], sent=[0, 1])], parley=False, seconds=1.0
    )
    lossy = report.summarize([report.fake_answer([[1, 0]], [0.1], sent=[0, 1])], parley=False, seconds=1.0)
    assert scenarios.passes(good)
    assert not scenarios.passes(slow)
    assert not scenarios.passes(lossy)


def _result() -> dict[str, Any]:
    def row(
        server: str, phase: str, clients: int, p99: float, per_s: float, ok: bool = True
    ) -> dict[str, Any]:
        return {
            "server": server,
            "phase": phase,
            "clients": clients,
            "rate": 5.0,
            "p50": p99 / 2,
            "p90": p99,
            "p99": p99,
            "max": p99,
            "delivered_per_s": per_s,
            "offered_per_s": per_s,
            "lost": 0,
            "duplicates": 0,
            "cpu_percent": {"server": 50.0, "redis": 1.0},
            "pass": ok,
        }

    return {
        "profile": "quick",
        "started": "now",
        "elapsed_seconds": 1,
        "machine": {"cpu_model": "Test CPU", "cores": 2, "ram_gib": 1.0, "python": "3.11", "versions": {}},
        "setup": {"pinned": {"servers": [0], "clients": [1]}, "client_processes": 4},
        "plan": {"rate": 5.0, "seconds": 4.0, "rate_clients": 200},
        "rows": [
            row("parley", "clients", 50, 20.0, 250),
            row("stock", "clients", 50, 60.0, 250),
            row("parley", "clients", 200, 70.0, 1000),
            row("parley", "rate", 200, 30.0, 16000),
            row("parley", "rate", 200, 900.0, 30000, ok=False),
            row("stock", "rate", 200, 90.0, 5000),
        ],
    }


def test_summary_ratios_and_goals_follow_the_rows() -> None:
    result = _result()
    s = render.summary(result)
    assert s["sustained_per_s"]["parley"] == 16000  # the failing 30,000 step does not count
    assert s["throughput_ratio_parley_over_stock"] == 3.2
    assert s["p99_ratio_stock_over_parley"] == {50: 3.0}
    assert s["goals"]["p99 <= 25 ms at 50 clients, no loss"] is True
    assert s["goals"]["p99 <= 50 ms at 200 clients, no loss"] is False
    assert s["goals"]["sustained delivered/s >= 3x stock"] is True


def test_a_stock_baseline_that_passes_no_step_gives_a_lower_bound_on_the_ratio() -> None:
    result = _result()
    stock_rate = next(r for r in result["rows"] if r["server"] == "stock" and r["phase"] == "rate")
    stock_rate["pass"] = False
    s = render.summary(result)
    assert s["sustained_per_s"]["stock"] is None
    assert s["sustained_below"]["stock"] == 5000
    assert (s["throughput_ratio_parley_over_stock"], s["throughput_ratio_is_lower_bound"]) == (3.2, True)
    result["summary"] = s
    assert "stock < 5,000" in render.markdown(result, chart="c.png")
    assert "= **≥ 3.2**" in render.markdown(result, chart="c.png")


def test_doc_block_is_replaced_between_the_markers(tmp_path: Path) -> None:
    result = _result()
    result["summary"] = render.summary(result)
    block = render.markdown(result, chart="chart.png")
    assert "| 50 | parley | 10.0 | 20.0 | 20.0 | 20.0 | – | 250 |" in block
    assert "NOT met: p99 <= 50 ms at 200 clients" in block
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Title\n\n{render.BEGIN}\nold numbers\n{render.END}\n\nMethod stays.\n")
    render.update_doc(doc, block)
    text = doc.read_text()
    assert "old numbers" not in text
    assert "| 50 | stock |" in text
    assert text.startswith("# Title") and text.endswith("Method stays.\n")


def test_summary_compile_table_lands_in_benchmarks_md(tmp_path: Path) -> None:
    from bench import summary_compile

    timings = {"total": 6.0, "median": 6.5, "redact": 3.0, "summarise": 2.0, "flags": 0.5, "read": 0.3}
    block = summary_compile._report([(10_000, {**timings, "load": 1.2})], 2.5, "PostgreSQL 15", 300, 3)
    assert "| 10,000 | 6.00 | 6.50 | 3.00 | 2.00 | 0.50 | 0.30 | 20 | 1,667 | 1.2 |" in block
    assert "- met: 10,000 messages compiled in under 10 s (fastest 6.00 s)." in block
    doc = tmp_path / "benchmarks.md"
    doc.write_text((Path(render.__file__).parents[1] / "docs" / "benchmarks.md").read_text())
    render.update_doc(doc, block, summary_compile.BEGIN, summary_compile.END)
    text = doc.read_text()
    assert "| 10,000 | 6.00 |" in text and render.BEGIN in text  # the load results block is untouched


def test_summary_compile_verdicts_judge_the_goal_and_the_growth() -> None:
    from bench import summary_compile

    slow = summary_compile._verdicts([(10_000, {"total": 4.0}), (20_000, {"total": 12.0})])
    assert slow == [
        "- met: 10,000 messages compiled in under 10 s (fastest 4.00 s).",
        "- NOT met: 10,000 → 20,000 messages took 3.00× as long (n log n allows 2.15×).",
    ]
    assert summary_compile._verdicts([(10_000, {"total": 10.5})])[0].startswith("- NOT met")
