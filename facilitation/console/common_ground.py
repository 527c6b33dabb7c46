"""The common-ground analysis of one session's votes, as pictures that respect the k rule.

Everything shown comes from `public_view`: no voter ids, and no group, party or cell with fewer than
k people. Statements are labelled S1, S2 … in the order they were put up, as in the room.

Live: the console's common-ground panel asks for this again whenever a `statements` frame says the
votes changed. Between those updates the analysis keeps a small state per session and view in the
cache (`commonground.KState`: the number of groups shown and its challenger, the groups' members
as voter hashes, the map's axes), so the number of groups changes only when a new count wins
clearly several updates in a row, and groups keep their numbers and the map its orientation. The
state is a display nicety, not a permission: a process that lost it (another replica, a restart)
starts afresh from the plain analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from commonground import KState, analyze, public_view
from commonground.charts import agreement_bars_svg, opinion_map_svg
from dialogues.live.frames import StatementRow
from dialogues.models import Session

from ..models import Statement, Vote
from .cg_words import bridging_words, consensus_words, divisive_words, grouping_words
from .selectors import k_min, statements_state

# Long enough to span a session's breaks; the state is rebuilt from scratch when it has expired.
STATE_SECONDS = 12 * 3600


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
    divisive: list[dict[str, Any]] = field(default_factory=list)
    groups_chosen: dict[str, Any] | None = None
    grouping: str = ""  # how clearly voters fall into the groups, in words
    excluded: dict[str, Any] | None = None
    shown_groups: int = 0


def _ranked(
    items: list[dict[str, Any]], text: dict[str, str], words: Callable[[float], str]
) -> list[dict[str, Any]]:
    return [
        {
            "label": i["statement"],
            "text": text.get(i["statement"], ""),
            "score": i["score"],
            "words": words(i["score"]),
        }
        for i in items
    ]


def _state_key(session: Session, closed_only: bool) -> str:
    return f"parley:commonground:state:{session.pk}:{'closed' if closed_only else 'all'}"


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
    key = _state_key(session, closed_only)
    previous = cache.get(key)
    analysis = analyze(
        votes,
        parties,
        k_min=k,
        statements=list(label.values()),
        state=previous if isinstance(previous, KState) else None,
    )
    cache.set(key, analysis.k_state, STATE_SECONDS)
    view = public_view(analysis, k)
    # Most divisive first, and only statements that split the groups at all.
    divisive = [item for item in view["divisive"] if item["score"] > 0]
    shown_groups = sum(1 for g in view["groups"] if not g.get("hidden"))
    return CommonGround(
        k_min=k,
        statements=states,
        voters=len({voter for voter, *_ in rows}),
        view=view,
        opinion_map=opinion_map_svg(view),
        bars_by_group=agreement_bars_svg(view, by="group", statement_text=text),
        bars_by_party=agreement_bars_svg(view, by="party", statement_text=text),
        consensus=_ranked(view["consensus"], text, lambda score: consensus_words(score, shown_groups)),
        bridging=_ranked(view["bridging"], text, bridging_words),
        divisive=_ranked(divisive, text, divisive_words),
        groups_chosen=view["groups_chosen"],
        grouping=grouping_words(view["groups_chosen"]),
        excluded=view["excluded"],
        shown_groups=shown_groups,
    )
