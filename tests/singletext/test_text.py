"""The text library: clauses, brackets, resolved brackets and the word diff (no database)."""

from __future__ import annotations

import pytest

from singletext.text import (
    TextError,
    brackets,
    diff_versions,
    parse_clauses,
    resolved_brackets,
    word_diff_html,
)


def test_clauses_one_per_line_numbers_dropped() -> None:
    assert parse_clauses("1. Water is shared.\n\n(2) Flows are [measured / estimated] monthly.\n") == [
        "Water is shared.",
        "Flows are [measured / estimated] monthly.",
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "at least one clause"),
        ("A [b / [c] ] d", "nested"),
        ("A [b / c", "never closed"),
        ("A b] c", "never opened"),
        ("A [b /  / c]", "empty option"),
    ],
)
def test_bad_text_says_what_to_fix(source: str, message: str) -> None:
    with pytest.raises(TextError, match=message):
        parse_clauses(source)


def test_brackets_and_their_options() -> None:
    found = brackets("Flows are [measured / estimated] by [the commission].")
    assert [b.options for b in found] == [("measured", "estimated"), ("the commission",)]


def test_a_resolved_bracket_names_the_option_kept() -> None:
    old = ["Flows are [measured / estimated] monthly.", "Data is [public / shared with parties]."]
    new = ["Flows are measured monthly.", "Data is published after review."]
    done = resolved_brackets(old, new)
    assert [(r.clause, r.chosen) for r in done] == [(1, "measured"), (2, None)]


def test_word_diff_marks_only_changed_words() -> None:
    html = word_diff_html("Flows are [measured / estimated] monthly.", "Flows are measured weekly.")
    assert html.startswith("Flows are ")
    assert html.endswith("<ins>weekly</ins>.")
    assert "<del>/ estimated] monthly</del>" in html
    assert "<" not in word_diff_html("a <b>", "a <b>").replace("&lt;", "")


def test_an_inserted_clause_does_not_rewrite_the_rest() -> None:
    diff = diff_versions(["One.", "Two."], ["One.", "New.", "Two."])
    assert [(d.number, d.previous_number, d.changed) for d in diff] == [
        (1, 1, False),
        (2, None, True),
        (3, 2, False),
    ]
