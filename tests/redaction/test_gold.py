"""The multilingual gold corpus (tests/redaction/gold, issue 13): the redactor holds the issue's targets.

`python -m bench.redaction` prints the per-category table and the timings (docs/redaction.md); this
test keeps the quality floors, without timing anything.
"""

from __future__ import annotations

from bench.redaction import KEEP, ROSTER_CATEGORIES, SENSITIVE, load_gold, parley, score


def test_gold_corpus_meets_the_issue_targets() -> None:
    dialogues = load_gold()
    assert len(dialogues) >= 9
    result = score(parley, dialogues)
    misses = "\n".join(result.misses)
    assert result.rate(ROSTER_CATEGORIES) >= 0.95, misses
    assert result.rate(SENSITIVE) >= 0.90, misses
    assert result.rate(["keep"]) >= 0.95, misses
    assert result.rate(["figure"]) >= 0.95, misses
    # Every category the issue names is in the corpus, with more than a token presence.
    assert all(result.total[c] >= 5 for c in ROSTER_CATEGORIES), result.total
    assert all(result.total[c] >= 40 for c in KEEP), result.total
