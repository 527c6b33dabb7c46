"""How long a live room's common-ground update takes as votes arrive.

    .venv/bin/python -m bench.commonground_live [--people 200] [--statements 50] [--updates 200]

A room of `--people` participants in three planted opinion groups votes on `--statements`
statements. Two thirds of the votes are in; then the rest arrive one at a time (a changed vote
now and then), and after each the analysis is brought up to date with `LiveAnalysis`. The baseline,
in the same run, is the previous implementation (git revision `--baseline-rev`) analysing all votes
from scratch at the same points. Prints per-update latency (median, p95, max) for both and writes
the figures as JSON.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.commonground_scale import ROOT, export_baseline
from commonground import LiveAnalysis, Vote


def room_votes(people: int, statements: int, seed: int = 0) -> list[Vote]:
    rng = np.random.default_rng(seed)
    stance = rng.choice([-1, 1], size=(3, statements))
    stance[:, :3] = 1
    group = rng.integers(0, 3, size=people)
    votes: list[Vote] = []
    for person in range(people):
        for statement in range(statements):
            if rng.random() < 0.15:
                continue  # not seen yet
            value = (
                int(stance[group[person], statement]) if rng.random() > 0.1 else int(rng.choice([-1, 0, 1]))
            )
            votes.append((f"voter-{person:04d}", f"S{statement + 1}", value))
    order = rng.permutation(len(votes))
    return [votes[i] for i in order]


def summary(times: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in times)
    return {
        "median_ms": statistics.median(ms),
        "p95_ms": ms[int(0.95 * (len(ms) - 1))],
        "max_ms": ms[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--statements", type=int, default=50)
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--baseline-rev", default="70893c6")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "commonground_live.json")
    args = parser.parse_args()

    votes = room_votes(args.people, args.statements)
    cut = len(votes) - args.updates
    rng = np.random.default_rng(1)
    arriving = list(votes[cut:])
    for i in range(0, len(arriving), 10):  # every tenth update is someone changing their vote
        p, s, _ = votes[int(rng.integers(cut))]
        arriving[i] = (p, s, int(rng.choice([-1, 0, 1])))

    live = LiveAnalysis()
    live.add(votes[:cut])
    start = time.perf_counter()
    live.analysis()
    first = time.perf_counter() - start
    live_times: list[float] = []
    ks: list[int] = []
    for vote in arriving:
        live.add([vote])
        start = time.perf_counter()
        analysis = live.analysis()
        live_times.append(time.perf_counter() - start)
        ks.append(len(analysis.groups))

    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        old: Any = importlib.import_module(export_baseline(args.baseline_rev, Path(tmp)))
        base_times: list[float] = []
        seen = list(votes[:cut])
        for vote in arriving[: min(len(arriving), 50)]:  # from scratch is slow: 50 points suffice
            seen.append(vote)
            start = time.perf_counter()
            old.analyze(seen)
            base_times.append(time.perf_counter() - start)

    result = {
        "people": args.people,
        "statements": args.statements,
        "votes_before": cut,
        "updates": len(arriving),
        "first_analysis_ms": first * 1000,
        "live": summary(live_times),
        "baseline_from_scratch": summary(base_times),
        "group_counts_seen": sorted(set(ks)),
        "group_count_changes": sum(a != b for a, b in itertools.pairwise(ks)),
        "load_average": os.getloadavg()[0],  # the machines are shared: say how busy this one was
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    ratio = result["baseline_from_scratch"]["median_ms"] / result["live"]["median_ms"]
    print(f"median update {result['live']['median_ms']:.1f} ms, {ratio:.1f}× faster than the baseline")


if __name__ == "__main__":
    main()
