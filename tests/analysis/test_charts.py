"""The SVG charts: well-formed, accessible, free of participant ids, honest about hidden buckets."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from commonground import analyze, public_view
from commonground.charts import agreement_bars_svg, opinion_map_svg

from .planted import planted

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def view() -> dict[str, Any]:
    """Groups of 12, 9 and 4 (the last hidden at k=5), participants named by e-mail address."""
    data = planted(groups=3, per_group=[12, 9, 4], statements=12, noise=0.05, missing=0.1, seed=5)
    people = sorted(data.truth)
    email = {p: f"{p}.delegate@ministry.example" for p in people}
    parties = {
        email[p]: "North" if i < 14 else "South" if i < 23 else "Islands" for i, p in enumerate(people)
    }
    return public_view(analyze([(email[p], s, v) for p, s, v in data.votes], parties))


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    "draw", [opinion_map_svg, agreement_bars_svg, lambda v: agreement_bars_svg(v, "party")]
)
def test_charts_are_well_formed_accessible_and_name_nobody(view: dict[str, Any], draw: Any) -> None:
    svg = draw(view)
    root = _parse(svg)

    assert root.get("role") == "img"
    assert root.get("aria-label")
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    assert root.find(f"{SVG}desc") is not None
    assert root.get("viewBox", "").startswith("0 0 600 ")
    assert "ministry.example" not in svg
    assert "delegate" not in svg


def test_opinion_map_draws_one_unlabelled_mark_per_shown_participant(view: dict[str, Any]) -> None:
    root = _parse(opinion_map_svg(view))

    shown = [(i, group) for i, group in enumerate(view["groups"]) if not group.get("hidden")]
    hidden = [i for i, group in enumerate(view["groups"]) if group.get("hidden")]
    assert shown and hidden  # the fixture has both kinds
    layers = [g for g in root.iter(f"{SVG}g") if g.get("role") == "group"]
    assert [layer.get("aria-label") for layer in layers] == [
        f"Group {i + 1}: {group['size']} participants" for i, group in shown
    ]
    for layer, (i, group) in zip(layers, shown, strict=True):
        marks = [node for node in layer if node.tag in (f"{SVG}circle", f"{SVG}polygon")]
        people = [node for node in marks if node.get("fill") != "none" and not node.get("fill-opacity")]
        assert len(people) == group["size"]
        # The only <title> inside a group names its centre, never a person.
        assert [t.text for t in layer.iter(f"{SVG}title")] == [f"Centre of Group {i + 1}"]
    for i in hidden:
        assert f"Group {i + 1}: too few to show" in _texts(root)


def test_opinion_map_with_every_group_hidden_says_so() -> None:
    votes = [(f"p{i}", f"s{j}", 1 if (i + j) % 2 else -1) for i in range(4) for j in range(8)]
    root = _parse(opinion_map_svg(public_view(analyze(votes))))

    assert "too few to show" in _texts(root)
    assert not [g for g in root.iter(f"{SVG}g") if g.get("role") == "group"]


def test_agreement_bars_show_shares_and_hidden_buckets(view: dict[str, Any]) -> None:
    root = _parse(agreement_bars_svg(view, "party", max_statements=3))

    rows = [g for g in root.iter(f"{SVG}g") if g.get("role") == "group"]
    assert len(rows) == 3
    first = [item["statement"] for item in view["bridging"][:3]]
    assert [row.get("aria-label") for row in rows] == [f"Statement {sid}" for sid in first]
    texts = _texts(rows[0])
    assert texts.count("too few to show") == 1  # Islands, a party of two
    bar_titles = [t.text or "" for t in rows[0].iter(f"{SVG}title")][1:]
    assert len(bar_titles) == 2 and all("% agree" in t for t in bar_titles)
    north = view["parties"]["North"]["agreement"][first[0]]
    assert f"{north['agree'] / north['seen']:.0%} agree" in bar_titles[0]


def test_statement_text_is_escaped_and_shortened(view: dict[str, Any]) -> None:
    sid = view["consensus"][0]["statement"]
    nasty = '<script>alert("x")</script> & water rights must be shared ' + "fairly " * 20
    svg = agreement_bars_svg(view, statement_text={sid: nasty}, max_statements=1)
    root = _parse(svg)

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    headings = [t for t in _texts(root) if t.startswith(f"{sid}: ")]
    assert len(headings) == 1 and headings[0].endswith("…") and len(headings[0]) <= 72
    full = [t.text for t in root.iter(f"{SVG}title") if (t.text or "").startswith(f"{sid}: ")]
    assert full == [f"{sid}: {nasty}"]  # the whole text survives for screen readers and tooltips


def test_charts_stay_small(view: dict[str, Any]) -> None:
    assert len(opinion_map_svg(view)) < 12_000
    assert len(agreement_bars_svg(view)) < 40_000


def test_unknown_bucket_kind_is_refused(view: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="group"):
        agreement_bars_svg(view, "country")  # type: ignore[arg-type]
