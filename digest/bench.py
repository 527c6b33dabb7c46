"""Timing of the summary engine on synthetic chat, for docs/benchmarks.md.

Run: `.venv/bin/python -m digest.bench` (prints seconds for 1k, 5k, 10k and 20k messages).
The text is generated, deterministic and realistic in shape: a fifth of the messages are reactions, two
fifths one sentence, the rest two to four sentences, one in twenty a long paste (≈ 2 sentences a message).
"""

from __future__ import annotations

import random
import sys
import time

from .engine import digest

# fmt: off
_TOPICS: dict[str, list[str]] = {
    "water": ["dam", "releases", "river", "irrigation", "quotas", "drought", "reservoir", "farmers", "flow",
              "upstream", "downstream", "basin", "allocation", "monitoring", "season"],
    "border": ["crossings", "customs", "traders", "checkpoints", "permits", "families", "visas", "queues",
               "inspection", "guards", "corridor", "students", "hours", "goods", "transit"],
    "detainees": ["prisoners", "exchange", "lists", "detainees", "families", "visits", "release", "amnesty",
                  "verification", "monitors", "access", "guarantees", "humanitarian", "records", "cases"],
    "energy": ["electricity", "grid", "pipeline", "tariffs", "gas", "supply", "interconnector", "winter",
               "payments", "debt", "outages", "maintenance", "contracts", "transit", "storage"],
}
# Two of the sixteen carry abbreviations or decimals ("Dr.", "U.N.", "3.5"), the costly case for pysbd.
_TEMPLATES = [
    "The {a} and the {b} should be settled before any deal on {c}.",
    "We cannot accept {a} without clear rules on {b} and {c}.",
    "A joint commission on {a} could publish {b} figures every month.",
    "Dr. Haddad's paper shows {a} fell by 3.5 percent while {b} rose.",
    "If the {a} question is settled, {b} and {c} become easier.",
    "The U.N. mission reported problems with {a}, {b} and {c} last year.",
    "Our side proposes a pilot on {a} with independent monitoring of {b}.",
    "Trust grows when {a} data is shared and {b} promises are kept.",
    "Why not start with {a} and leave {b} for later?",
    "The {a} problem is really about {b}, not {c}.",
    "Nobody here wants {a} to block progress on {b}.",
    "Could the experts draft options on {a} and {b} by the next round?",
    "Local mayors keep asking about {a} and {b}!",
    "Any text on {a} must mention {b} and {c} explicitly.",
    "History shows that {a} disputes spill over into {b}.",
    "Let us be concrete: {a}, {b}, then {c}.",
]
_REACTIONS = [
    "agreed", "+1", "yes", "thanks, good point", "exactly", "lol ok", "Agreed with the above.", "me too",
]
# fmt: on


def synthetic_messages(n_messages: int, *, seed: int = 0) -> list[str]:
    """`n_messages` chat lines about four topics, with reactions and pasted paragraphs mixed in."""
    rng = random.Random(seed)
    topics = list(_TOPICS.values())

    def sentence(topic: list[str]) -> str:
        a, b, c = rng.sample(topic, 3)
        return rng.choice(_TEMPLATES).format(a=a, b=b, c=c)

    messages: list[str] = []
    for _ in range(n_messages):
        roll = rng.random()
        topic = topics[min(int(rng.random() ** 1.5 * len(topics)), len(topics) - 1)]
        if roll < 0.2:
            messages.append(rng.choice(_REACTIONS))
        elif roll < 0.6:
            messages.append(sentence(topic))
        elif roll < 0.95:
            messages.append(" ".join(sentence(topic) for _ in range(rng.randint(2, 4))))
        else:
            messages.append(" ".join(sentence(topic) for _ in range(rng.randint(8, 15))))
    return messages


def bench_compile(n_messages: int, *, n_items: int = 1, seed: int = 0) -> float:
    """Seconds to digest `n_messages` synthetic messages split evenly over `n_items` agenda items.

    Text generation and the one-off import / warm-up are not timed.
    """
    messages = synthetic_messages(n_messages, seed=seed)
    digest(synthetic_messages(20, seed=seed + 1))
    per_item = -(-n_messages // max(n_items, 1))
    started = time.perf_counter()
    for start in range(0, n_messages, per_item):
        digest(messages[start : start + per_item])
    return time.perf_counter() - started


def main(sizes: list[int] | None = None) -> None:
    for n_messages in sizes or [1_000, 5_000, 10_000, 20_000]:
        one = bench_compile(n_messages)
        ten = bench_compile(n_messages, n_items=10)
        print(f"{n_messages:>6} messages: {one:6.2f} s as one item, {ten:6.2f} s as ten items")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or None)
