"""`python -m bench.run --tiny` against the real stack: it runs, and every server delivers everything.

Starts its own Redis (redis-server on a spare port), a PostgreSQL database of its own on 127.0.0.1:5432,
uvicorn with Parley, the stock Channels baseline and the bare websockets baseline; 5 clients, 2 s steps.
No timing is asserted: only that the harness measured something and that nothing was lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.postgres
def test_tiny_run_measures_all_three_servers_without_loss(tmp_path: Path) -> None:
    db_name = f"parley_bench_test_{os.getpid()}"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--tiny",
            "--out",
            str(tmp_path),
            "--name",
            "tiny",
            "--db-name",
            db_name,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads((tmp_path / "tiny.json").read_text())

    fanout = {r["server"]: r for r in result["rows"] if r["phase"] == "clients"}
    assert set(fanout) == {"parley", "stock", "bare"}
    for server, row in fanout.items():
        assert row["members"] == 5, server
        assert row["accepted"] == row["sent"] > 0, server
        assert row["delivered"] == row["expected_deliveries"] == 5 * row["accepted"], server
        assert (row["lost"], row["duplicates"]) == (0, 0), server
        assert row["p99"] is not None and row["p99"] > 0, server
    # Parley's consumer promises in-order, exactly-once delivery by seq.
    assert (fanout["parley"]["out_of_order"], fanout["parley"]["seq_repeats"]) == (0, 0)

    assert {r["server"] for r in result["rows"] if r["phase"] == "rate"} == {"parley", "stock", "bare"}
    assert result["storm"]["connected"] == result["storm"]["members"] == 5
    assert result["idle"]["still_open"] == result["idle"]["connected"] == 5
    assert result["idle"]["pings_answered"] == "5/5"

    assert (tmp_path / "tiny.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| 5 | parley |" in done.stdout
