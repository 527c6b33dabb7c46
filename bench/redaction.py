"""Redaction on multilingual dialogue text (issue 13): `python -m bench.redaction [--json PATH]`.

Scores the redactor on the gold corpus in tests/redaction/gold/ (invented dialogues with labelled
spans, see its README) and prints, per category, **strict recall** (a sensitive span counts only
when every letter and digit of it is gone), decoy and public-figure survival (a kept span counts
only when none of it was touched), and the time to redact a 1,000-word text and to start
`manage.py redact`. An exact roster matcher (every roster name, name part, organisation, email and
phone, case-insensitive) is scored in the same run as the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "redaction" / "gold"
_LABEL = re.compile(r"\[\[([a-z]+):(.+?)\]\]")
_ALNUM = re.compile(r"[^\W_]", re.UNICODE)

# Sensitive spans a redactor can derive from the roster; "pii" (other personal data) and "other"
# (a nickname outside the tables, a kanji name read in Japanese) are sensitive but not derivable.
ROSTER_CATEGORIES = (
    "name",
    "script",
    "translit",
    "typo",
    "nick",
    "initials",
    "role",
    "org",
    "affil",
    "contact",
)
SENSITIVE = (*ROSTER_CATEGORIES, "pii", "other")
KEEP = ("keep", "figure")

Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class Label:
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Dialogue:
    name: str
    roster: dict[str, Any]
    messages: tuple[tuple[str, tuple[Label, ...]], ...]


def parse_line(line: str) -> tuple[str, tuple[Label, ...]]:
    plain: list[str] = []
    labels: list[Label] = []
    cursor = position = 0
    for m in _LABEL.finditer(line):
        if m.group(1) not in (*SENSITIVE, *KEEP):
            raise ValueError(f"unknown label category {m.group(1)!r} in {line!r}")
        plain.append(line[cursor : m.start()])
        position += m.start() - cursor
        labels.append(Label(m.group(1), position, position + len(m.group(2))))
        plain.append(m.group(2))
        position += len(m.group(2))
        cursor = m.end()
    plain.append(line[cursor:])
    return "".join(plain), tuple(labels)


def load_gold(directory: Path = GOLD) -> list[Dialogue]:
    dialogues = []
    for path in sorted(directory.glob("*.txt")):
        roster = json.loads(path.with_suffix(".roster.json").read_text(encoding="utf-8"))
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        messages = tuple(parse_line(line) for line in lines if not line.startswith("#"))
        dialogues.append(Dialogue(path.stem, roster, messages))
    return dialogues


@dataclass
class Score:
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, category: str, ok: bool, where: str) -> None:
        self.total[category] += 1
        self.found[category] += ok
        if not ok:
            self.misses.append(f"{category}: {where}")

    def rate(self, categories: Iterable[str]) -> float:
        cats = list(categories)
        total = sum(self.total[c] for c in cats)
        return sum(self.found[c] for c in cats) / total if total else 1.0


def score(redact: Callable[[dict[str, Any], str], Spans], dialogues: list[Dialogue]) -> Score:
    """`redact(roster, text)` returns the replaced spans of `text`."""
    result = Score()
    for dialogue in dialogues:
        for text, labels in dialogue.messages:
            mask = [False] * len(text)
            for start, end in redact(dialogue.roster, text):
                mask[start:end] = [True] * (end - start)
            for label in labels:
                chars = [i for i in range(label.start, label.end) if _ALNUM.match(text[i])]
                span = text[label.start : label.end]
                where = f"{dialogue.name}: {span!r} in {text!r}"
                if label.category in KEEP:
                    result.add(label.category, not any(mask[label.start : label.end]), where)
                else:
                    result.add(label.category, all(mask[i] for i in chars), where)
    return result


def parley(roster: dict[str, Any], text: str) -> Spans:
    from redaction import build_redactor, roster_from_json

    redactor = build_redactor(roster_from_json(roster), k=5)
    return [(s.start, s.end) for s in redactor.redact(text).spans]


def exact_baseline(roster: dict[str, Any], text: str) -> Spans:
    """What a plain deny-list does: every roster string and name part, case-insensitive."""
    terms: set[str] = set()
    for person in roster["people"]:
        for key in ("name", "organisation"):
            if value := person.get(key):
                terms.add(value)
                terms.update(part for part in value.split() if len(part) > 2)
        for key in ("aliases", "emails", "phones", "handles", "roles", "organisation_aliases"):
            terms.update(person.get(key, []))
    pattern = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return [m.span() for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.I)] if pattern else []


def thousand_words(dialogues: list[Dialogue], offset: int = 0, *, latin_only: bool = False) -> str:
    """1,000 words of the corpus from word `offset` on (all of it, or only its Latin-script lines)."""
    lines = [text for d in dialogues for text, _ in d.messages if not latin_only or text.isascii()]
    words = " ".join(lines).split()
    words = (words * (2 + (offset + 1000) // len(words)))[offset : offset + 1000]
    return " ".join(words)


def time_redaction(dialogues: list[Dialogue], repeats: int, *, latin_only: bool = False) -> dict[str, float]:
    """Median and worst time to redact a new 1,000-word text (each repeat a different window, so
    no per-text cache helps), with the redactor built and warm, as in a summary task."""
    from redaction import build_redactor, roster_from_json

    redactor = build_redactor(roster_from_json(dialogues[0].roster), k=5)
    redactor.redact(thousand_words(dialogues, 0, latin_only=latin_only))  # warm: dictionary, ICU
    times, cpu = [], []
    for index in range(1, repeats + 1):
        text = thousand_words(dialogues, 97 * index, latin_only=latin_only)
        started, started_cpu = time.perf_counter(), time.process_time()
        redactor.redact(text)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "median_cpu_ms": statistics.median(cpu),
    }


def _run(args: list[str], stdin: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, input=stdin, capture_output=True, text=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def time_command(dialogues: list[Dialogue], repeats: int) -> dict[str, float]:
    """`manage.py redact` on a short text, process start to exit, beside `manage.py version` (Django
    and the project's settings alone) as the baseline. CPU time is reported too: on a shared
    machine the wall time mostly measures the other processes."""
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.json"
        roster.write_text(json.dumps(dialogues[0].roster), encoding="utf-8")
        manage = [sys.executable, str(ROOT / "manage.py")]
        redact = [
            _run([*manage, "redact", "--roster", str(roster)], dialogues[0].messages[1][0])
            for _ in range(repeats)
        ]
        version = [_run([*manage, "version"], "") for _ in range(repeats)]
    return {
        "median_s": statistics.median(w for w, _ in redact),
        "max_s": max(w for w, _ in redact),
        "median_cpu_s": statistics.median(c for _, c in redact),
        "baseline_median_s": statistics.median(w for w, _ in version),
        "baseline_median_cpu_s": statistics.median(c for _, c in version),
    }


def report(dialogues: list[Dialogue], *, repeats: int = 20, command_runs: int = 3) -> dict[str, Any]:
    ours = score(parley, dialogues)
    base = score(exact_baseline, dialogues)
    rows = {}
    for category in (*SENSITIVE, *KEEP):
        rows[category] = {
            "spans": ours.total[category],
            "parley": ours.rate([category]),
            "exact_baseline": base.rate([category]),
        }
    groups = {
        "roster-derivable sensitive": ROSTER_CATEGORIES,
        "all sensitive": SENSITIVE,
        "decoys kept": ("keep",),
        "public figures kept": ("figure",),
    }
    summary = {
        name: {"parley": ours.rate(cats), "exact_baseline": base.rate(cats)} for name, cats in groups.items()
    }
    return {
        "dialogues": len(dialogues),
        "messages": sum(len(d.messages) for d in dialogues),
        "categories": rows,
        "summary": summary,
        "redact_1000_words": time_redaction(dialogues, repeats),
        "redact_1000_words_latin": time_redaction(dialogues, repeats, latin_only=True),
        "load_average": os.getloadavg()[0],
        "command_startup": time_command(dialogues, command_runs) if command_runs else {},
        "misses": ours.misses,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--command-runs", type=int, default=3)
    parser.add_argument("--misses", action="store_true", help="list every missed span")
    args = parser.parse_args(argv)
    results = report(load_gold(), repeats=args.repeats, command_runs=args.command_runs)
    print(f"{results['dialogues']} dialogues, {results['messages']} messages")
    print(f"{'category':<28}{'spans':>6}{'parley':>9}{'exact':>9}")
    for category, row in results["categories"].items():
        print(f"{category:<28}{row['spans']:>6}{row['parley']:>9.3f}{row['exact_baseline']:>9.3f}")
    for name, row in results["summary"].items():
        print(f"{name:<34}{row['parley']:>9.3f}{row['exact_baseline']:>9.3f}")
    for key, what in (("redact_1000_words", "mixed scripts"), ("redact_1000_words_latin", "Latin only")):
        timing = results[key]
        print(
            f"redact 1,000 words ({what}): median {timing['median_ms']:.1f} ms wall "
            f"({timing['median_cpu_ms']:.1f} ms CPU), max {timing['max_ms']:.1f} ms"
        )
    print(f"load average during the run: {results['load_average']:.1f} (2 cores)")
    if results["command_startup"]:
        c = results["command_startup"]
        print(
            f"manage.py redact: median {c['median_s']:.2f} s wall ({c['median_cpu_s']:.2f} s CPU), max "
            f"{c['max_s']:.2f} s; manage.py version: {c['baseline_median_s']:.2f} s wall "
            f"({c['baseline_median_cpu_s']:.2f} s CPU)"
        )
    if args.misses:
        for miss in results["misses"]:
            print("  missed", miss)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
