"""Inline SVG charts drawn from a `public_view` dict, never from an `Analysis`.

Hand-built with ElementTree rather than matplotlib: the output stays a few kilobytes, text stays
text (screen readers and browser search see it), and ElementTree escapes every string we put in.
Each chart is 600 user units wide, has a <title>, a <desc> and role="img" with an aria-label.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from scipy.spatial import ConvexHull, QhullError

WIDTH = 600
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
GROUP_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
VOTE_COLOURS = {"agree": "#009E73", "disagree": "#D55E00", "pass": "#B8B8B8"}
TEXT = "#222222"
MUTED = "#666666"
TOO_FEW = "too few to show"
# Text size in user units. Pages never draw a chart narrower than MIN_WIDTH px (static/css/console.css
# scrolls it sideways instead), so no label is ever smaller than FONT * MIN_WIDTH / WIDTH = 12.1 px.
FONT = 14
MIN_WIDTH = 520


def _root(height: int, title: str, desc: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "img",
            "aria-label": title,
            "font-family": "system-ui, sans-serif",
            "font-size": str(FONT),
        },
    )
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "desc").text = desc
    return root


def _text(parent: ET.Element, x: float, y: float, content: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", "fill": TEXT, **attrs})
    node.text = content
    return node


def _serialise(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


def _is_hidden(bucket: Mapping[str, Any]) -> bool:
    return bool(bucket.get("hidden"))


def _marker(parent: ET.Element, shape: int, x: float, y: float, colour: str) -> None:
    """Group markers differ in shape as well as colour, for readers who cannot tell the colours apart."""
    r = 4.0
    if shape % 4 == 0:
        ET.SubElement(parent, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{r}", "fill": colour})
        return
    if shape % 4 == 1:
        corners = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    elif shape % 4 == 2:
        corners = [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]
    else:
        corners = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
    ET.SubElement(parent, "polygon", {"points": points, "fill": colour})


def _hull(points: np.ndarray) -> np.ndarray | None:
    if len(points) < 3:
        return None
    try:
        hull = ConvexHull(points)
    except QhullError:  # all points on a line: no area to outline
        return None
    return points[hull.vertices]


def opinion_map_svg(view: Mapping[str, Any]) -> str:
    """The opinion map: one unlabelled dot per participant, coloured and shaped by group, with each
    group's outline and centre. Hidden groups appear in the legend as "too few to show"."""
    groups: Sequence[Mapping[str, Any]] = view.get("groups", [])
    shown = [(i, g) for i, g in enumerate(groups) if not _is_hidden(g)]
    hidden = [i for i, g in enumerate(groups) if _is_hidden(g)]
    top, plot_h, legend_row = 40, 380, 20
    height = top + plot_h + 16 + legend_row * max(len(groups), 1) + 8
    desc = (
        f"{len(shown)} opinion group(s) shown, {len(hidden)} hidden because they have too few members. "
        "Each dot is one participant; nearby dots voted alike. Axes have no units."
    )
    root = _root(height, "Opinion map", desc)
    _text(root, 20, 24, "Opinion map", **{"font-size": "16", "font-weight": "bold"})
    ET.SubElement(
        root,
        "rect",
        {
            "x": "20",
            "y": str(top),
            "width": str(WIDTH - 40),
            "height": str(plot_h),
            "fill": "none",
            "stroke": "#DDDDDD",
        },
    )

    all_xy = [p for _, g in shown for p in [*g["points"], g["centre"]]]
    if all_xy:
        arr = np.asarray(all_xy, dtype=float)
        lo, hi = arr.min(axis=0), arr.max(axis=0)
        centre = (lo + hi) / 2
        # One scale for both axes, so distances on screen are honest.
        span = np.maximum(hi - lo, 1e-9)
        scale = min((WIDTH - 80) / float(span[0]), (plot_h - 40) / float(span[1]))
        origin = np.array([WIDTH / 2, top + plot_h / 2])

        def to_px(xy: Sequence[float]) -> tuple[float, float]:
            px = origin[0] + (float(xy[0]) - centre[0]) * scale
            py = origin[1] - (float(xy[1]) - centre[1]) * scale
            return px, py

        for index, group in shown:
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            layer = ET.SubElement(
                root, "g", {"role": "group", "aria-label": f"{group['label']}: {group['size']} participants"}
            )
            outline = _hull(np.asarray(group["points"], dtype=float))
            if outline is not None:
                pts = " ".join("{:.1f},{:.1f}".format(*to_px(p)) for p in outline)
                ET.SubElement(
                    layer,
                    "polygon",
                    {
                        "points": pts,
                        "fill": colour,
                        "fill-opacity": "0.12",
                        "stroke": colour,
                        "stroke-width": "1",
                    },
                )
            for point in group["points"]:
                _marker(layer, index, *to_px(point), colour)
            cx, cy = to_px(group["centre"])
            ring = ET.SubElement(
                layer,
                "circle",
                {
                    "cx": f"{cx:.1f}",
                    "cy": f"{cy:.1f}",
                    "r": "9",
                    "fill": "none",
                    "stroke": TEXT,
                    "stroke-width": "2",
                },
            )
            ET.SubElement(ring, "title").text = f"Centre of {group['label']}"
    else:
        _text(root, WIDTH / 2, top + plot_h / 2, TOO_FEW, **{"text-anchor": "middle", "fill": MUTED})

    y = top + plot_h + 16
    for index, group in enumerate(groups):
        y += legend_row
        label = f"Group {index + 1}"
        if _is_hidden(group):
            _text(root, 40, y - 4, f"{label}: {TOO_FEW}", fill=MUTED, **{"font-style": "italic"})
            continue
        _marker(root, index, 28, y - 8, GROUP_COLOURS[index % len(GROUP_COLOURS)])
        _text(root, 40, y - 4, f"{label}: {group['size']} participants")
    return _serialise(root)


def _buckets(view: Mapping[str, Any], by: str) -> list[tuple[str, Mapping[str, Any]]]:
    if by == "group":
        return [(f"Group {i + 1}", g) for i, g in enumerate(view.get("groups", []))]
    if by == "party":
        parties: Mapping[str, Mapping[str, Any]] = view.get("parties", {})
        return [(name, parties[name]) for name in sorted(parties)]
    raise ValueError(f'by must be "group" or "party", got {by!r}')


def _order(view: Mapping[str, Any], by: str) -> list[str]:
    ranked = view.get("consensus") if by == "group" else view.get("bridging")
    if ranked:
        return [item["statement"] for item in ranked]
    return list(view.get("statements", []))


def _shorten(text: str, limit: int = 72) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def agreement_bars_svg(
    view: Mapping[str, Any],
    by: Literal["group", "party"] = "group",
    *,
    statement_text: Mapping[str, str] | None = None,
    max_statements: int = 20,
) -> str:
    """For each statement, one bar per bucket split into agree / disagree / pass shares.

    Statements come best first: by consensus for groups, by bridging score for parties. Hidden
    buckets and cells seen by too few people are drawn as a "too few to show" note. Statement text
    (optional, from `statement_text`) is shortened on screen and given in full in a <title>.
    """
    buckets = _buckets(view, by)
    order = _order(view, by)[: max(max_statements, 0)]
    texts = statement_text or {}
    bar_x, bar_w, bar_h, gap = 140, 420, 16, 5
    row_h = 22 + len(buckets) * (bar_h + gap) + 10
    height = 70 + max(len(order), 1) * row_h
    noun = "opinion group" if by == "group" else "party"
    title = f"Agreement by {noun}"
    desc = (
        f"For {len(order)} statement(s), the share of agree, disagree and pass votes in each {noun}. "
        f"Buckets with too few people are not shown."
    )
    root = _root(height, title, desc)
    _text(root, 20, 24, title, **{"font-size": "16", "font-weight": "bold"})
    x = 20.0
    for vote, colour in VOTE_COLOURS.items():
        ET.SubElement(root, "rect", {"x": f"{x}", "y": "36", "width": "12", "height": "12", "fill": colour})
        _text(root, x + 16, 46, vote.capitalize())
        x += 90
    if not order or not buckets:
        _text(root, 20, 90, "Nothing to show.", fill=MUTED)
        return _serialise(root)

    y = 70.0
    for sid in order:
        full = texts.get(sid, "")
        heading = f"{sid}: {full}" if full else sid
        row = ET.SubElement(root, "g", {"role": "group", "aria-label": f"Statement {heading}"})
        ET.SubElement(row, "title").text = heading
        _text(row, 20, y + 14, _shorten(heading), **{"font-weight": "bold"})
        by_y = y + 22
        for name, bucket in buckets:
            _text(row, bar_x - 6, by_y + bar_h - 3, _shorten(name, 16), **{"text-anchor": "end"})
            cell = None if _is_hidden(bucket) else bucket["agreement"].get(sid)
            if cell is None or _is_hidden(cell) or not cell["seen"]:
                note = TOO_FEW if cell is None or _is_hidden(cell) else "no votes yet"
                _text(row, bar_x + 4, by_y + bar_h - 3, note, fill=MUTED, **{"font-style": "italic"})
            else:
                _bar(row, cell, name, bar_x, by_y, bar_w, bar_h)
            by_y += bar_h + gap
        y += row_h
    return _serialise(root)


def _bar(
    parent: ET.Element, cell: Mapping[str, Any], name: str, x: float, y: float, w: float, h: float
) -> None:
    seen = int(cell["seen"])
    shares = {vote: int(cell[vote]) / seen for vote in VOTE_COLOURS}
    bar = ET.SubElement(parent, "g")
    ET.SubElement(bar, "title").text = (
        f"{name}: {shares['agree']:.0%} agree, {shares['disagree']:.0%} disagree, "
        f"{shares['pass']:.0%} pass ({seen} votes)"
    )
    left = x
    for vote, colour in VOTE_COLOURS.items():
        width = shares[vote] * w
        if width > 0:
            ET.SubElement(
                bar,
                "rect",
                {
                    "x": f"{left:.1f}",
                    "y": f"{y:.1f}",
                    "width": f"{width:.1f}",
                    "height": f"{h}",
                    "fill": colour,
                },
            )
        left += width
    _text(bar, x + w + 4, y + h - 3, f"{shares['agree']:.0%}")
