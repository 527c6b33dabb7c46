"""The labeled corpus (corpus/README.md): recall, over-redaction, and the gate on both sides.

The numbers are printed (run with -s to see them) and asserted against floors. The corpus was
written alongside the matcher, so a 1.0 here is a regression floor, not a promise about unseen text;
test_properties.py checks generated names instead.
"""

from __future__ import annotations

import time

import pytest

from redaction import build_redactor, leak_findings

from .labels import ROSTER_KINDS, Score, Transcript, load_corpus, score

IDENTIFIER_KINDS = {"name", "name_fuzzy", "organisation", "role", "email", "phone", "contact", "pii"}


@pytest.fixture(scope="module")
def corpus() -> list[Transcript]:
    transcripts = load_corpus()
    assert len(transcripts) >= 6
    assert all(len(t.messages) >= 40 for t in transcripts)
    return transcripts


def test_redaction_recall_and_over_redaction(corpus: list[Transcript]) -> None:
    total = Score()
    for transcript in corpus:
        score(build_redactor(transcript.roster, k=5), transcript, total)
    print(
        f"\ncorpus: {sum(len(t.messages) for t in corpus)} messages, {total.roster_tokens} roster tokens, "
        f"{total.other_tokens} other-PII tokens, {total.plain_tokens} other tokens, {total.decoys} decoys\n"
        f"roster recall {total.roster_recall:.4f}, other-PII recall {total.other_recall:.4f}, "
        f"over-redaction {total.over_redaction:.4f}, decoys kept {total.decoy_retention:.4f}"
    )
    for where in total.over:
        print("  over-redacted:", where)
    assert total.missed == [] and total.roster_recall == 1.0
    assert total.other_recall >= 0.9
    assert total.over_redaction <= 0.05
    assert total.decoy_retention >= 0.9


def test_redacted_corpus_passes_the_gate_identifier_checks(corpus: list[Transcript]) -> None:
    for transcript in corpus:
        redactor = build_redactor(transcript.roster, k=5)
        redacted = "\n".join(redactor.redact(m.text).text for m in transcript.messages)
        leaks = [f for f in leak_findings(redacted, transcript.roster, 5) if f.kind in IDENTIFIER_KINDS]
        # The one known survivor: a city spelled like a surname ("medina") is redacted by the
        # redactor, so nothing is left for the gate; anything listed here is a real leak.
        assert leaks == [], f"{transcript.name}: {[(f.kind, f.text) for f in leaks]}"


def test_gate_finds_every_labeled_mention_in_the_raw_corpus(corpus: list[Transcript]) -> None:
    missed, findings, false_positives = [], 0, []
    for transcript in corpus:
        for message in transcript.messages:
            found = [
                f for f in leak_findings(message.text, transcript.roster, 5) if f.kind in IDENTIFIER_KINDS
            ]
            findings += len(found)
            labels = [label for label in message.labels if label.kind in ROSTER_KINDS | {"X"}]
            missed += [
                message.text[label.start : label.end]
                for label in labels
                if not any(f.start < label.end and label.start < f.end for f in found)
            ]
            false_positives += [
                f.text for f in found if not any(f.start < lb.end and lb.start < f.end for lb in labels)
            ]
    print(f"\ngate on raw corpus: {findings} identifier findings, {len(false_positives)} outside labels")
    assert missed == []
    assert len(false_positives) <= 0.02 * findings


def test_throughput_on_ten_thousand_messages(corpus: list[Transcript]) -> None:
    """Measured, not asserted: the summary task redacts ~10k messages (see docs/redaction.md)."""
    messages = [m.text for t in corpus for m in t.messages]
    batch = (messages * (10_000 // len(messages) + 1))[:10_000]
    redactor = build_redactor(corpus[0].roster, k=5)
    started = time.perf_counter()
    results = redactor.redact_many(batch)
    elapsed = time.perf_counter() - started
    print(f"\nredacted {len(results)} messages in {elapsed:.2f} s ({len(results) / elapsed:.0f} messages/s)")
    assert len(results) == 10_000
