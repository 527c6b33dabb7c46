"""Compile time of a session summary for 1k / 5k / 10k / 20k messages, redaction included.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench_summaries \\
        .venv/bin/python -m bench.summary_compile [--sizes 1000 5000 10000 20000] [--write]

It creates a throw-away test database next to DATABASE_URL's (Django's test-database machinery, so
nothing in the named database is touched), fills one session per size through the ORM (24 people in
two parties, five agenda items, a plenary and a breakout, 30 captured items, 10 voted statements),
and times `services.summary_compile` - the Celery task's body: reading and decrypting the messages,
redaction, the summary engine, rendering, and writing the draft. The baseline, timed in the same
run on the same session, is only reading and decrypting its messages - the floor of any compile - so
the ratio column survives a noisy machine. `--write` puts the table in docs/benchmarks.md between
its summaries markers.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import logging
import math
import os
import platform
import random
import resource
import statistics
import time
import uuid
from pathlib import Path
from typing import cast

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.render import update_doc  # noqa: E402
from dialogues.models import AgendaItem, Dialogue, Membership, Message, Party, Room, Session  # noqa: E402
from digest.bench import synthetic_messages  # noqa: E402
from facilitation.models import CapturedItem, Statement, Vote  # noqa: E402
from participants.models import Profile  # noqa: E402
from summaries import services  # noqa: E402
from summaries.models import SummaryVersion  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
BEGIN, END = "<!-- summaries:begin -->", "<!-- summaries:end -->"
# fmt: off
NAMES = [
    "Amina Okafor", "Yusuf Abu-Bakr al-Masri", "Hans Müller", "Oleksandr Kovalenko", "María José García",
    "Wang Xiaoming", "Ahmet Çelik", "Nguyễn Thị Thu Hà", "Tesfaye Bekele Haile", "Gohar Sargsyan",
    "Rahel Gebremedhin", "Kwame Mensah", "Leyla Məmmədova", "Noa Ben-David", "Khalil Abu Rashid",
    "Siobhán Ní Bhriain", "Pierre-Yves Le Gall", "Thandiwe Dlamini", "Juan Pablo Quispe Mamani",
    "Sok Chanthy", "Anucha Srisuk", "Dmitri Ivanov", "Hannelore Weiß", "Senthilnathan",
]
# fmt: on
SECTORS = ["academic", "ngo", "former_official", "business", "media"]


def _people(dialogue: Dialogue) -> list[int]:
    parties = [Party.objects.create(dialogue=dialogue, name=n) for n in ("Northvale", "Southmark")]
    users = []
    for i, name in enumerate(NAMES):
        user = get_user_model().objects.create(
            username=f"bench-{uuid.uuid4().hex[:8]}", email=f"p{i}@example.org"
        )
        Profile.objects.create(
            user=user,
            display_name=name,
            sector=SECTORS[i % len(SECTORS)],
            organisation=f"{name.split()[-1]} Institute",
            phones=[f"+41 79 555 {1000 + i}"],
        )
        Membership.objects.create(dialogue=dialogue, user=user, role="participant", party=parties[i % 2])
        users.append(user.pk)
    return users


def _session(n_messages: int, seed: int = 0) -> Session:
    rng = random.Random(seed)
    dialogue = Dialogue.objects.create(title=f"Bench dialogue {n_messages}")
    users = _people(dialogue)
    session = Session.objects.create(
        dialogue=dialogue, title=f"Bench session {n_messages}", starts_at=timezone.now()
    )
    plenary = Room.objects.create(session=session, title="Plenary")
    breakout = Room.objects.create(session=session, kind="breakout", title="Breakout", parent=plenary)
    items = [AgendaItem.objects.create(session=session, position=i, title=f"Item {i}") for i in range(1, 6)]
    texts = synthetic_messages(n_messages, seed=seed)
    rows, seqs = [], {plenary.pk: 0, breakout.pk: 0}
    now = timezone.now()
    for text in texts:
        roll = rng.random()
        if roll < 0.10:  # a tenth of the messages name someone, as people do
            text = f"As {rng.choice(NAMES)} said, {text[0].lower()}{text[1:]}"
        elif roll < 0.12:
            text = f"{text} Call me on +41 79 555 {1000 + rng.randrange(len(NAMES))}."
        room = breakout if rng.random() < 0.2 else plenary
        seqs[room.pk] += 1
        item = None if rng.random() < 0.1 else rng.choice(items)
        rows.append(
            Message.build(
                room=room,
                author_id=rng.choice(users),
                seq=seqs[room.pk],
                client_id=uuid.uuid4(),
                body=text,
                agenda_item=item,
                created_at=now,
            )
        )
    Message.objects.bulk_create(rows, batch_size=2000)
    kinds = ["key_point", "proposal", "agreement", "disagreement", "action_item", "open_question"]
    CapturedItem.objects.bulk_create(
        CapturedItem(
            session=session, kind=kinds[i % 6], text=rng.choice(texts), agenda_item=rng.choice(items)
        )
        for i in range(30)
    )
    for i in range(10):
        statement = Statement.objects.create(
            session=session, text=rng.choice(texts)[:200], agenda_item=items[i % 5]
        )
        Vote.objects.bulk_create(
            Vote(
                statement=statement,
                voter=hashlib.sha256(f"{session.pk}:{u}".encode()).hexdigest(),
                value=rng.choice([1, 1, 1, 0, -1]),
            )
            for u in users
        )
    return session


class _StageTimes(logging.Handler):
    """The service logs each compile's stage timings; keep the last ones (the same run as the total)."""

    def __init__(self) -> None:
        super().__init__()
        self.last: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("summary v%s compiled") and isinstance(record.args, tuple):
            self.last = dict(cast("dict[str, float]", record.args[1]))


STAGES = _StageTimes()
logging.getLogger("summaries.services").addHandler(STAGES)


def _read_baseline(session: Session, repeat: int) -> float:
    """Fastest of `repeat` reads of the session's messages with every body decrypted."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        chars = sum(len(m.body) for m in Message.objects.filter(room__session=session).iterator(2000))
        best = min(best, time.perf_counter() - started)
        assert chars > 0
    return best


def _time(session: Session, repeat: int) -> dict[str, float]:
    """The fastest of `repeat` compiles of the session (each makes a new version), with its stages."""
    runs = []
    for number in range(1, repeat + 1):
        version = SummaryVersion.objects.create(session=session, number=number)
        started = time.perf_counter()
        outcome = services.summary_compile(version_id=version.pk, task_id=f"bench-{number}")
        total = time.perf_counter() - started
        assert outcome == "compiled", outcome
        runs.append({"total": total, **STAGES.last})
    best = min(runs, key=lambda run: run["total"])
    return {**best, "median": statistics.median(run["total"] for run in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 10_000, 20_000])
    parser.add_argument("--repeat", type=int, default=3, help="compiles per size; the fastest is reported")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()

    engine = connection.vendor
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        _time(_session(50, seed=99), 1)
        warmup = time.perf_counter() - started
        rows = []
        for size in args.sizes:
            session = _session(size)
            load_before = os.getloadavg()[0]
            timings = _time(session, args.repeat)
            timings["read"] = _read_baseline(session, args.repeat)
            timings["load"] = max(load_before, os.getloadavg()[0])
            rows.append((size, timings))
            print(
                f"{size:>6} messages: best {timings['total']:6.2f} s, median {timings['median']:6.2f} s "
                f"(redact {timings['redact']:.2f}, summarise {timings['summarise']:.2f}, "
                f"flags {timings['flags']:.2f}; read alone {timings['read']:.2f}; "
                f"load {timings['load']:.1f})",
                flush=True,
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            server = cursor.fetchone()[0].split(" on ")[0] if engine == "postgresql" else engine
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = _report(rows, warmup, server, peak_mb, args.repeat)
    print(report)
    if args.write:
        update_doc(OUT, report, BEGIN, END)
        print(f"written to {OUT}")


def _report(
    rows: list[tuple[int, dict[str, float]]], warmup: float, server: str, peak_mb: float, repeat: int
) -> str:
    lines = [
        "`python -m bench.summary_compile --write` (see the script's docstring). One process, one thread,",
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {server}.",
        "Times are wall-clock seconds of `services.summary_compile`, the Celery task's body: read and",
        "decrypt the session's messages, redact every distinct text (24-person roster; a tenth of the",
        "messages name someone, a fiftieth carry a phone number), digest each of the six sections",
        "(LexRank points, TF-IDF themes), common ground over 10 statements x 24 voters, the review",
        f"flags, render, write the draft. Fastest of {repeat} compiles per size (median beside it); the",
        "stage columns are that run's. Baseline: reading and decrypting the same messages alone, same",
        "run; `x read` is compile / baseline. `load` is the machine's 1-minute load average during the",
        "size: this machine is shared, and a load above its CPU count slows every column.",
        "",
        "| messages | compile (s) | median (s) | redact | summarise | review flags | read alone | x read "
        "| messages/s | load |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, t in rows:
        lines.append(
            f"| {size:,} | {t['total']:.2f} | {t['median']:.2f} | {t.get('redact', 0):.2f} "
            f"| {t.get('summarise', 0):.2f} | {t.get('flags', 0):.2f} | {t['read']:.2f} "
            f"| {t['total'] / t['read']:,.0f} | {size / t['total']:,.0f} "
            f"| {t['load']:.1f} |"
        )
    lines += ["", *_verdicts(rows)]
    lines += [
        "",
        "Reading and decrypting the messages and writing the draft are the rest of each total.",
        f"The first compile in a fresh worker process also pays about {warmup:.1f} s to import spaCy and",
        "Presidio and build the roster matchers (a 50-message warm-up session, not in the table).",
        f"Peak resident memory of the process over the whole run: {peak_mb:,.0f} MB.",
        "",
    ]
    return "\n".join(lines)


def _verdicts(rows: list[tuple[int, dict[str, float]]]) -> list[str]:
    """The issue's goals, judged on this run: 10,000 messages under 10 s; growth no worse than n log n."""
    by_size = {size: t["total"] for size, t in rows}
    out = []
    if 10_000 in by_size:
        met = "met" if by_size[10_000] < 10 else "NOT met"
        out.append(f"- {met}: 10,000 messages compiled in under 10 s (fastest {by_size[10_000]:.2f} s).")
    sizes = sorted(by_size)
    for small, large in itertools.pairwise(sizes):
        growth = by_size[large] / by_size[small]
        bound = (large * math.log(large)) / (small * math.log(small))
        met = "met" if growth <= bound else "NOT met"
        out.append(
            f"- {met}: {small:,} → {large:,} messages took {growth:.2f}× as long "
            f"(n log n allows {bound:.2f}×)."
        )
    return out


if __name__ == "__main__":
    main()
