"""Phrasing of counts: vague buckets, never a number above two, no affiliation."""

from __future__ import annotations

import pytest

from digest import attribution_phrase, participants_phrase, parties_phrase


@pytest.mark.parametrize(
    ("n", "phrase"),
    [
        (-1, "no participants"),
        (0, "no participants"),
        (1, "a participant"),
        (2, "two participants"),
        (3, "some participants"),
        (4, "several participants"),
        (9, "several participants"),
        (10, "many participants"),
        (250, "many participants"),
    ],
)
def test_participants_buckets(n: int, phrase: str) -> None:
    assert participants_phrase(n) == phrase


def test_no_exact_number_above_two() -> None:
    words = {w for n in range(3, 200) for w in participants_phrase(n).split()}
    assert not words & {"three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    assert not any(ch.isdigit() for w in words for ch in w)


@pytest.mark.parametrize(
    ("n", "phrase"),
    [(0, "participants"), (1, "participants"), (2, "participants from different parties"),
     (7, "participants from different parties")],
)  # fmt: skip
def test_parties_phrase(n: int, phrase: str) -> None:
    assert parties_phrase(n) == phrase


@pytest.mark.parametrize(
    ("people", "parties", "phrase"),
    [
        (1, 1, "a participant"),
        (1, 2, "a participant"),
        (5, 1, "several participants"),
        (5, 3, "several participants from different parties"),
        (2, 2, "two participants from different parties"),
    ],
)
def test_attribution_phrase(people: int, parties: int, phrase: str) -> None:
    assert attribution_phrase(people, parties) == phrase
