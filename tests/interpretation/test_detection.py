"""Offline language detection: what a message is written in, from the models the package ships."""

from __future__ import annotations

import time

import pytest

from dialogues import languages

SAID = {
    "en": "We need guarantees on the border crossings before the summer.",
    "fr": "Nous avons besoin de garanties sur les points de passage.",
    "ar": "نحتاج إلى ضمانات بشأن المعابر الحدودية قبل الصيف.",
    "ru": "Нам нужны гарантии на пограничных переходах до лета.",
    "uk": "Нам потрібні гарантії на прикордонних переходах до літа.",
    "es": "Necesitamos garantías en los pasos fronterizos antes del verano.",
    "he": "אנחנו צריכים ערבויות במעברי הגבול לפני הקיץ.",
}


@pytest.mark.parametrize(("code", "text"), SAID.items())
def test_each_language_of_the_room_is_recognised(code: str, text: str) -> None:
    assert languages.detect(text) == code


def test_russian_and_ukrainian_are_told_apart_in_short_sentences() -> None:
    assert languages.detect("Сначала должно соблюдаться перемирие.") == "ru"
    assert languages.detect("Спочатку має діяти перемир'я.") == "uk"


@pytest.mark.parametrize("text", ["", "+1", "123 456", "x", "🙂🙂"])
def test_what_cannot_be_told_is_left_untagged(text: str) -> None:
    assert languages.detect(text) == ""


def test_a_long_message_costs_what_its_first_sentences_cost() -> None:
    languages.warm()
    short = SAID["en"] * 3  # ~190 characters: everything detection reads
    long = SAID["en"] * 150  # ~9,500 characters
    started = time.perf_counter()
    for _ in range(20):
        languages.detect(short)
    short_cost = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(20):
        languages.detect(long)
    long_cost = time.perf_counter() - started
    assert languages.detect(long) == "en"
    # Reading all 9,500 characters would take ~50 times as long; a loaded machine may double either.
    assert long_cost < short_cost * 4 + 0.01


def test_the_choices_name_each_language_in_itself() -> None:
    labels = dict(languages.choices())
    assert labels["ar"].startswith("العربية") and labels["en"] == "English"
    assert languages.is_rtl("ar") and languages.is_rtl("he") and not languages.is_rtl("ru")
    assert not languages.is_supported("xx") and not languages.is_supported(None)
