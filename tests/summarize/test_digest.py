"""digest(): themes separate the planted topics, main points are their central sentences, not noise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest import ItemDigest, MainPoint, digest
from digest import points as points_module
from digest.bench import synthetic_messages
from digest.corpus import build_corpus

from .discussion import BORDER, BORDER_CENTRE, NOISE, WATER, WATER_CENTRE, discussion


@pytest.fixture(scope="module")
def result() -> ItemDigest:
    messages, _, _, _ = discussion()
    return digest(messages)


def test_two_themes_split_the_two_topics(result: ItemDigest) -> None:
    _, water, border, _ = discussion()
    assert len(result.themes) == 2
    members = [set(theme.message_indices) for theme in result.themes]
    assert water in members
    assert border in members
    by_topic = {frozenset(theme.message_indices): theme for theme in result.themes}
    water_theme, border_theme = by_topic[frozenset(water)], by_topic[frozenset(border)]
    assert water_theme.size == len(water)
    assert border_theme.size == len(border)
    assert result.themes[0] is water_theme, "largest theme first"


def test_theme_labels_are_readable_topic_words(result: ItemDigest) -> None:
    _, water, _, _ = discussion()
    labels = {frozenset(t.message_indices) == frozenset(water): t.label for t in result.themes}
    water_label, border_label = labels[True], labels[False]
    assert {"water", "dam", "releases", "sharing", "quotas", "dry", "season"} & set(water_label.split())
    assert {"border", "crossings", "customs", "traders", "hours"} & set(border_label.split())
    for label in (water_label, border_label):
        phrases = label.split(" · ")
        assert 1 <= len(phrases) <= 2
        assert all(1 <= len(p.split()) <= 2 for p in phrases)


def test_theme_sentences_come_from_their_topic(result: ItemDigest) -> None:
    messages, water, _, _ = discussion()
    for theme in result.themes:
        assert 1 <= len(theme.sentences) <= 2
        assert len(set(theme.sentences)) == len(theme.sentences)
        own = {messages[i] for i in theme.message_indices}
        assert all(s in own for s in theme.sentences)
    water_theme = next(t for t in result.themes if set(t.message_indices) == water)
    assert water_theme.sentences[0] == WATER_CENTRE


def test_main_points_are_the_planted_centres(result: ItemDigest) -> None:
    texts = [p.text for p in result.main_points]
    assert texts[0] == WATER_CENTRE
    assert BORDER_CENTRE in texts
    assert not set(texts) & set(NOISE)
    assert all(len(t.split()) >= 5 for t in texts)


def test_main_points_are_ranked_and_not_repeated(result: ItemDigest) -> None:
    texts = [p.text.casefold() for p in result.main_points]
    assert len(texts) == len(set(texts)) == 5
    scores = [p.score for p in result.main_points]
    assert scores == sorted(scores, reverse=True)


def test_echoes_are_counted_not_repeated(result: ItemDigest) -> None:
    messages, _, _, _ = discussion()
    centre = next(p for p in result.main_points if p.text == WATER_CENTRE)
    echoes = {i for i, m in enumerate(messages) if m.casefold().startswith("dam releases and water")}
    assert len(echoes) == 3
    assert set(centre.message_indices) == echoes


def test_near_duplicates_appear_once() -> None:
    messages = [
        "We need joint monitoring of the dam releases on the river.",
        "we need joint monitoring of dam releases on the river!!",
        "We need joint monitoring of all dam releases on this river",
        "Border crossings should stay open at night for traders.",
    ]
    points = digest(messages).main_points
    monitoring = [p for p in points if "monitoring" in p.text.casefold()]
    assert len(monitoring) == 1
    assert set(monitoring[0].message_indices) == {0, 1, 2}


def test_empty_and_noise_only_inputs_give_an_empty_digest() -> None:
    empty = ItemDigest(main_points=(), themes=())
    assert digest([]) == empty
    assert digest(["", "   "]) == empty
    assert digest(NOISE) == empty


def test_single_message() -> None:
    result = digest(["The water allocation must be fair to all riparian states."])
    assert result.main_points == (
        MainPoint("The water allocation must be fair to all riparian states.", 1.0, (0,)),
    )
    assert len(result.themes) == 1
    theme = result.themes[0]
    assert (theme.size, theme.message_indices) == (1, (0,))
    assert "water allocation" in theme.label
    assert theme.sentences == ("The water allocation must be fair to all riparian states.",)


def test_limits_are_respected() -> None:
    messages, _, _, _ = discussion()
    assert len(digest(messages, max_points=2).main_points) == 2
    assert digest(messages, max_points=0).main_points == ()
    only_points = digest(messages, max_themes=0)
    assert only_points.themes == ()
    assert only_points.main_points[0].text == WATER_CENTRE
    assert len(digest(messages, max_themes=1).themes) == 1
    with pytest.raises(ValueError, match="negative"):
        digest(messages, max_points=-1)


# Module names taken from the objects, so the script follows the package wherever it lives.
_RECOMPILE = (
    f"from {digest.__module__} import digest\n"
    f"from {synthetic_messages.__module__} import synthetic_messages\n"
    "print(repr(digest(synthetic_messages(600, seed=3))))\n"
)


def test_a_recompile_in_another_process_gives_the_same_digest() -> None:
    # A summary is recompiled by whichever worker picks the task up; each has its own string-hash seed
    # (so its own set and dict-of-str order). The reviewed draft must come out the same, word for word.
    here = digest(synthetic_messages(600, seed=3))
    assert len(here.main_points) == 5 and here.themes
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _RECOMPILE],
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in ("0", "4242")
    ]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert out.strip() == repr(here)


def test_placeholders_and_links_never_label_a_theme() -> None:
    messages = [
        f"[PERSON] said the {topic} plan needs funding, see https://example.org/{n} or write to a@b.org."
        for n, topic in enumerate(["grid", "grid", "pipeline", "grid", "pipeline"])
    ]
    label = digest(messages).themes[0].label
    assert not {"person", "https", "example", "org", "b"} & set(label.replace("·", " ").split())


def test_run_on_messages_still_give_points() -> None:
    # Pasted paragraphs without punctuation are no main point while shorter sentences exist...
    run_on = " ".join(["the water quotas and the dam releases"] * 12)
    assert digest([run_on, "Dam releases must be published weekly."]).main_points[0].text.startswith("Dam")
    # ...but a discussion made only of them still yields one.
    assert digest([run_on]).main_points[0].text == run_on


def test_lexrank_input_is_capped_for_long_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    # The quadratic step must see a bounded number of sentences however long the session is.
    seen: list[int] = []
    original = points_module.lexrank

    def spy(texts: list[str]) -> object:
        seen.append(len(texts))
        return original(texts)

    monkeypatch.setattr(points_module, "lexrank", spy)
    messages = synthetic_messages(3000)
    corpus = build_corpus(messages)
    assert corpus is not None and len(corpus.candidates) > 2000
    result = digest(messages)
    assert len(result.main_points) == 5
    assert len(seen) == 1
    assert 50 <= seen[0] <= 300


def test_lexrank_prefers_the_sentence_that_shares_most() -> None:
    scores = points_module.lexrank(
        [
            "Dam releases and water quotas in the dry season.",
            "Dam releases were late this dry season.",
            "Water quotas need review before the dry season.",
            "The catering at the venue was excellent today.",
        ]
    )
    assert scores.argmax() == 0


def test_off_topic_sentences_rank_last() -> None:
    # sumy's LexRank has no damping: a sentence linked to nothing keeps an average score on its own.
    aside = "The catering at the venue was excellent today."
    messages = [
        "Dam releases and water quotas matter most in the dry season.",
        aside,
        "Dam releases upstream were late again this year.",
        "Water quotas for farmers need an independent review.",
    ]
    points = digest(messages).main_points
    assert len(points) == 4
    assert points[0].text == messages[0]
    assert points[-1].text == aside
    assert points[-1].score < min(p.score for p in points[:-1])


def test_a_point_many_messages_echo_ranks_higher() -> None:
    messages, _, _, _ = discussion()
    echoed = WATER[5]

    def rank(extra_echoes: int) -> int | None:
        texts = [p.text for p in digest([*messages, *[echoed] * extra_echoes]).main_points]
        return texts.index(echoed) if echoed in texts else None

    assert rank(0) is None
    assert rank(4) == 2


def test_a_smaller_topic_still_gets_a_main_point() -> None:
    # Variations on the dominant topic must not fill every slot.
    water = [
        *WATER,
        "Dam releases in the dry season decide whether farmers plant at all.",
        "Water sharing quotas were last revised decades ago.",
        "Both ministries could publish water sharing quotas and dam releases online.",
        "Dry season shortages make the quotas a political issue.",
    ]
    texts = [p.text for p in digest([*water, *BORDER[:4], *NOISE[:3]], max_points=3).main_points]
    assert texts[0] == WATER_CENTRE
    assert BORDER_CENTRE in texts


def test_points_saying_much_the_same_are_not_both_chosen() -> None:
    weekly = {
        "Dam releases must be published every week by the joint commission.",
        "Dam releases should be published every week so farmers can plan.",
    }
    messages = [
        *sorted(weekly),
        "Water sharing quotas need a review before the dry season.",
        "Dam releases and water sharing quotas go together.",
        "Border crossings should open longer for traders.",
    ]
    texts = {p.text for p in digest(messages, max_points=4).main_points}
    assert len(texts & weekly) == 1


def test_a_reposted_line_does_not_become_a_theme_of_its_own() -> None:
    messages, water, border, _ = discussion()
    reposts = set(range(len(messages), len(messages) + 8))
    themes = digest([*messages, *[BORDER[3]] * 8]).themes
    assert [set(t.message_indices) for t in themes] == [border | reposts, water]
