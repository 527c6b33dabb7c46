"""Numbers from the client processes' tallies: latency percentiles, loss, duplicates, throughput."""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np


def percentiles_ms(latencies: np.ndarray) -> dict[str, float | None]:
    if latencies.size == 0:
        return {"p50": None, "p90": None, "p99": None, "max": None}
    p50, p90, p99 = np.percentile(latencies, [50, 90, 99]) * 1000
    return {
        "p50": round(float(p50), 2),
        "p90": round(float(p90), 2),
        "p99": round(float(p99), 2),
        "max": round(float(latencies.max()) * 1000, 2),
    }


def summarize(answers: list[dict[str, Any]], *, parley: bool, seconds: float) -> dict[str, Any]:
    """One run's result from every client process's answer (see `client.Worker.run_schedule`).

    Expected deliveries: every member should get every message the server accepted — for Parley the
    messages it acknowledged with a `seq`, for the baselines every message sent. A member that never
    got one is a loss; any k received more than once by a member counts its extra copies as duplicates.
    """
    expected = sorted({k for a in answers for k in (a["acked"] if parley else a["sent"])})
    sent = sum(len(a["sent"]) for a in answers)
    members = sum(a["members"] for a in answers)
    lost = duplicates = delivered = 0
    for a in answers:
        for raw in a["counts"]:
            counts = np.frombuffer(raw, dtype=np.uint8)
            got = counts[expected] if expected else counts[:0]
            lost += int((got == 0).sum())
            delivered += int((got > 0).sum())
            duplicates += int(np.clip(counts.astype(np.int64) - 1, 0, None).sum())
    lat = np.concatenate([np.frombuffer(a["latencies"], dtype=np.float64) for a in answers] or [np.zeros(0)])
    acks = [np.frombuffer(a.get("ack_latencies", b""), dtype=np.float64) for a in answers]
    ack = percentiles_ms(np.concatenate(acks)) if acks else percentiles_ms(np.zeros(0))
    errors: dict[str, int] = {}
    for a in answers:
        for code, n in a["errors"].items():
            errors[code] = errors.get(code, 0) + n
    return {
        "members": members,
        "sent": sent,
        "accepted": len(expected),
        "expected_deliveries": len(expected) * members,
        "delivered": delivered,
        "lost": lost,
        "duplicates": duplicates,
        "out_of_order": sum(a["out_of_order"] for a in answers),
        "seq_repeats": sum(a["seq_repeats"] for a in answers),
        "unacked": sum(a["unacked"] for a in answers),
        "late_sends": sum(a["late_sends"] for a in answers),
        "errors": errors,
        "closed_unexpectedly": sum(a["closed_unexpectedly"] for a in answers),
        "delivered_per_s": round(delivered / seconds, 1),
        **percentiles_ms(lat),
        # Parley only: due time → the sender's `ack` (access check, PostgreSQL commit, Redis publish).
        "ack_p50": ack["p50"],
        "ack_p99": ack["p99"],
    }


def fake_answer(
    counts: list[list[int]], latencies: list[float], sent: list[int], acked: list[int] | None = None
) -> dict[str, Any]:
    """A client answer built by hand (for tests of `summarize`)."""
    return {
        "latencies": array("d", latencies).tobytes(),
        "counts": [bytes(c) for c in counts],
        "sent": sent,
        "acked": acked if acked is not None else sent,
        "unacked": 0,
        "errors": {},
        "out_of_order": 0,
        "seq_repeats": 0,
        "late_sends": 0,
        "members": len(counts),
        "closed_unexpectedly": 0,
    }
