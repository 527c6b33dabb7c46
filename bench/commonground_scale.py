"""How `manage.py common_ground`'s work (read the votes file, analyse) grows with the conversation.

    .venv/bin/python -m bench.commonground_scale [--sizes 1000,5000,...] [--statements 600]
        [--votes-per-person 60] [--baseline-max 10000] [--out bench/results/commonground_scale.json]

For each size a synthetic conversation is written to a CSV (three planted opinion groups, each
person voting on a random share of the statements, heavy-tailed like real Pol.is conversations:
many vote on a few, some on many), then read and analysed in a fresh process, which reports its wall
time and peak memory (max RSS). The baseline is the previous implementation (git revision
`--baseline-rev`, tuple parsing, dense matrix, silhouette over all pairs) run the same way in the
same run, up to `--baseline-max` people (it is quadratic). Times start after the imports. CPU
seconds and the load average are printed beside wall time because the machines are shared.
Prints a Markdown table for docs/benchmarks.md and writes the raw figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import importlib, json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
package, path = sys.argv[2], sys.argv[3]
lib = importlib.import_module(package)  # imports are not part of the measurement
start, cpu = time.perf_counter(), time.process_time()
votes = lib.read_votes_table(path) if package == "commonground" else lib.read_votes_csv(path)
parsed = time.perf_counter()
analysis = lib.analyze(votes)
end = time.perf_counter()
print(json.dumps({"seconds": end - start, "parse_seconds": parsed - start,
                  "cpu_seconds": time.process_time() - cpu,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "load_average": os.getloadavg()[0],
                  "groups": len(analysis.groups), "in_conversation": len(analysis.participants)}))
"""


def write_conversation(path: Path, people: int, statements: int, votes_per_person: int, seed: int = 0) -> int:
    """Three planted groups with opposite stances on most statements, 10% noise; returns the vote count."""
    rng = np.random.default_rng(seed)
    stance = rng.choice([-1, 1], size=(3, statements))
    stance[:, : statements // 20] = 1  # a few statements everyone agrees with
    group = rng.integers(0, 3, size=people)
    # Heavy-tailed votes per person (geometric), at least 3, at most every statement.
    counts = np.minimum(rng.geometric(1 / votes_per_person, size=people) + 2, statements)
    rows = np.repeat(np.arange(people), counts)
    # Each person's statements: a random offset and stride walk, distinct within a person.
    offsets = np.repeat(rng.integers(0, statements, size=people), counts)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = (offsets + within * 7) % statements
    values = stance[group[rows], cols]
    noisy = rng.random(len(rows)) < 0.1
    values[noisy] = rng.choice([-1, 0, 1], size=int(noisy.sum()))
    with path.open("w", encoding="utf-8") as out:
        out.write("participant,statement,vote\n")
        for start in range(0, len(rows), 500_000):
            part = slice(start, start + 500_000)
            out.write(
                "".join(
                    f"p{r},s{c},{v}\n"
                    for r, c, v in zip(
                        rows[part].tolist(), cols[part].tolist(), values[part].tolist(), strict=True
                    )
                )
            )
    return len(rows)


def export_baseline(rev: str, into: Path) -> str:
    """The package as of `rev`, importable as `commonground_baseline`."""
    package = into / "commonground_baseline"
    package.mkdir()
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", rev, "commonground/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in names:
        source = subprocess.run(
            ["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        (package / Path(name).name).write_text(source.stdout, encoding="utf-8")
    return "commonground_baseline"


def run(package: str, path: Path, extra_path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(extra_path), package, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def plot(results: list[dict[str, Any]], path: Path) -> None:
    """Wall seconds and peak memory against people, new and baseline, with the issue's limits."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for key, label, colour in (("new", "now", "tab:blue"), ("baseline", "before", "tab:orange")):
        rows = [r for r in results if isinstance(r.get(key), dict)]
        people = [r["people"] for r in rows]
        left.plot(people, [r[key]["seconds"] for r in rows], "o-", color=colour, label=label)
        right.plot(people, [r[key]["max_rss_mb"] for r in rows], "o-", color=colour, label=label)
    left.axhline(10, color="grey", linestyle="--", linewidth=1, label="limit: 10 s")
    left.set_yscale("log")  # the baseline is quadratic: on a linear scale "now" is a flat line
    right.axhline(1024, color="grey", linestyle="--", linewidth=1, label="limit: 1 GB")
    left.set(xlabel="participants (600 statements)", ylabel="seconds, file to analysis", title="Time")
    right.set(xlabel="participants (600 statements)", ylabel="peak memory, MB", title="Memory")
    for axis in (left, right):
        axis.grid(alpha=0.3)
        axis.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,5000,10000,25000,50000")
    parser.add_argument("--statements", type=int, default=600)
    parser.add_argument("--votes-per-person", type=int, default=60)
    parser.add_argument("--baseline-rev", default="70893c6")
    parser.add_argument("--baseline-max", type=int, default=10000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "commonground_scale.json")
    parser.add_argument("--plot-only", action="store_true", help="Redraw the PNG from --out.")
    args = parser.parse_args()
    if args.plot_only:
        plot(json.loads(args.out.read_text(encoding="utf-8")), args.out.with_suffix(".png"))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        baseline = export_baseline(args.baseline_rev, workdir)
        for people in sizes:
            path = workdir / f"votes-{people}.csv"
            votes = write_conversation(path, people, args.statements, args.votes_per_person)
            row: dict[str, Any] = {"people": people, "statements": args.statements, "votes": votes}
            row["new"] = run("commonground", path, workdir)
            if people <= args.baseline_max:
                row["baseline"] = run(baseline, path, workdir)
            results.append(row)
            print(json.dumps(row), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results, args.out.with_suffix(".png"))
    head = ("people", "votes", "s (parse)", "CPU s", "peak MB", "groups", "baseline s", "baseline MB")
    print("| " + " | ".join((*head, "speed-up", "load")) + " |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        new = row["new"]
        assert isinstance(new, dict)
        base = row.get("baseline")
        tail = "– | – | –"
        if isinstance(base, dict):
            ratio = base["seconds"] / new["seconds"]
            tail = f"{base['seconds']:.1f} | {base['max_rss_mb']:.0f} | {ratio:.1f}×"
        print(
            f"| {row['people']:,} | {row['votes']:,} | {new['seconds']:.2f} ({new['parse_seconds']:.2f}) | "
            f"{new['cpu_seconds']:.2f} | {new['max_rss_mb']:.0f} | {new['groups']} | {tail} | "
            f"{new['load_average']:.1f} |"
        )


if __name__ == "__main__":
    main()
