"""The common-ground analysis of one session's votes, as pictures that respect the k rule.

Everything shown comes from `public_view`: no voter ids, and no group, party or cell with fewer than
k people. Statements are labelled S1, S2 … in the order they were put up, as in the room.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from commonground import analyze, public_view
from commonground.charts import agreement_bars_svg, opinion_map_svg
from dialogues.live.frames import StatementRow
from dialogues.models import Session

from ..models import Statement, Vote
from .selectors import k_min, statements_state


class LabelledStatement(StatementRow):
    """A statement as in the `statements` frame, plus its label (S1, S2 …)."""

    label: str


@dataclass(frozen=True)
class CommonGround:
    k_min: int
    statements: list[LabelledStatement]
    voters: int = 0
    view: dict[str, Any] | None = None
    opinion_map: str = ""
    bars_by_group: str = ""
    bars_by_party: str = ""
    consensus: list[dict[str, Any]] = field(default_factory=list)
    bridging: list[dict[str, Any]] = field(default_factory=list)


def _ranked(items: list[dict[str, Any]], text: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"label": i["statement"], "text": text.get(i["statement"], ""), "score": i["score"]} for i in items
    ]


def session_common_ground(session: Session, *, closed_only: bool) -> CommonGround:
    """Analyse the session's votes (only on closed statements when `closed_only`)."""
    k = k_min()
    states: list[LabelledStatement] = [
        {**s, "label": f"S{s['number']}"} for s in statements_state(session.pk)
    ]
    if closed_only:
        states = [s for s in states if s["status"] == Statement.Status.CLOSED]
    label = {s["id"]: s["label"] for s in states}
    text = {s["label"]: s["text"] for s in states}
    rows = list(
        Vote.objects.filter(statement_id__in=label).values_list(
            "voter", "statement_id", "value", "party__name"
        )
    )
    if not rows:
        return CommonGround(k_min=k, statements=states)
    votes = [(voter, label[sid], int(value)) for voter, sid, value, _ in rows]
    parties = {voter: party for voter, _, _, party in rows if party}
    analysis = analyze(votes, parties, k_min=k, statements=list(label.values()))
    view = public_view(analysis, k)
    return CommonGround(
        k_min=k,
        statements=states,
        voters=len({voter for voter, *_ in rows}),
        view=view,
        opinion_map=opinion_map_svg(view),
        bars_by_group=agreement_bars_svg(view, by="group", statement_text=text),
        bars_by_party=agreement_bars_svg(view, by="party", statement_text=text),
        consensus=_ranked(view["consensus"], text),
        bridging=_ranked(view["bridging"], text),
    )
