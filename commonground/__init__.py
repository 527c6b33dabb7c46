"""Common ground in a dialogue's votes: a reimplementation of the published Pol.is method.

Participants vote agree (1), disagree (-1) or pass (0) on short statements. From those votes we
find opinion groups, the statements each group stands for, and the statements every group - and
every declared party - can live with. Written from the method's published description (Small et
al., "Polis: Scaling deliberation by mapping high dimensional opinion spaces", 2021, and the
Pol.is math notes); no Pol.is (AGPL) code is used. The red-dwarf library cross-checks it in tests.

API
---
``analyze(votes, parties=None, *, k_min=5, min_voters_for_clustering=8, seed=0, statements=(),
moderated=(), polis_compatible=False, state=None) -> Analysis``
    ``votes``: iterable of ``Vote = (participant id, statement id, vote)`` or a ``VoteTable``; a
    repeated pair keeps the last vote. ``parties``: participant id -> party name. ``statements``:
    extra statement ids that nobody has voted on yet. ``moderated``: statement ids moderated out
    (left out of every result; with ``polis_compatible`` kept as zero columns as Pol.is does).
    ``state``: the previous update's ``Analysis.k_state`` in a live room (k smoothing). Raises
    ``AnalysisError`` on a vote outside {1, -1, 0}, an empty or non-string id, or a bad parameter.
    The same votes give the same result in any row order; ties go by statement id.

``LiveAnalysis``: ``add(votes)`` as they arrive, ``analysis()`` recomputes only when changed, with
    groups warm-started and k smoothed across updates.

``public_view(analysis, k_min=None) -> dict``
    The only form fit for liaisons: no participant ids; groups, parties and cells with fewer than
    ``k_min`` people become ``{"hidden": true, "reason": "too few to show"}``.

``charts.opinion_map_svg(view)`` and ``charts.agreement_bars_svg(view, by="group" | "party")``
    Inline SVG strings drawn from a public view.

``read_votes_csv(path)`` / ``read_votes_table(path)`` / ``read_parties_csv(path)`` /
``read_statement_ids(path)``
    The files ``manage.py common_ground`` reads; errors name the line (``InputFileError``).
    ``read_votes_table`` reads millions of votes into arrays, not tuples.

``Analysis`` holds ``statements``, ``participants`` (in conversation), ``excluded`` and
``exclusions`` (``Exclusion``: reason, explanation, participants), ``coordinates`` (participant ->
(x, y)), ``groups`` (``Group``: index, members, centre, representative, agreement), ``parties``
(``Party``: name, members, agreement), ``consensus``, ``party_consensus``, ``bridging`` and
``divisive`` (``Scored``: statement, score; best first), ``k_choice`` (``KChoice``: k, rule, score,
runner-up and its score, every k's score) and ``k_state``. Agreement maps a statement id to
``Counts`` (agree, disagree, passed, seen, pa, pd). ``to_json()`` returns exactly ``{"groups":
[{"members": [...]}], "consensus": [...], "bridging": [...], "representative": {"0": [...]}}``;
``report()`` adds party consensus, divisive statements, exclusions (counts and why) and the choice
of k; ``to_full_json()`` adds scores, counts and coordinates.

Method (docs/common-ground.md has the details and every difference from Pol.is)
------
1. Vote matrix, participants × statements, unseen = missing, kept sparse. A participant is in the
   conversation after min(7, statements) votes; the others are left out of everything below and
   counted, with the reason, in ``exclusions``.
2. PCA to two components after filling missing votes with the statement's mean (computed from the
   sparse entries); each participant's projection is scaled by sqrt(statements / votes they cast)
   so sparse voters are not pulled to the centre.
3. k-means for k = 2..5 on the projection in a canonical (position) order with seeded k-means++,
   best of 10; k chosen by silhouette (on a fixed sample of 2,000 beyond that many people), held in
   a live room until a new k wins clearly 3 updates in a row; a single group when fewer than
   ``min_voters_for_clustering`` participants are in the conversation.
4. Per group and statement: pa = (agrees + 1) / (seen + 2), pd likewise; the one-proportion z
   (the group agrees more than half the time) and the two-proportion z (more than the rest), both
   at 90%; ra = pa(group) / pa(rest). Representative statements pass both tests on one side and
   are ranked by ra·rat·pa·pat (rd·rdt·pd·pdt on the disagree side); each says which side it is.
5. Group-informed consensus: product over groups of pa, best first. The same product over
   declared parties is ``party_consensus``; ``bridging`` ranks statements by min over parties of
   pa; ``divisive`` by the spread of pa between the most and least agreeing group.
"""

from __future__ import annotations

from .clusters import KChoice, KState
from .core import analyze
from .files import InputFileError, read_parties_csv, read_statement_ids, read_votes_csv, read_votes_table
from .live import LiveAnalysis
from .matrix import VoteTable
from .public import public_view
from .results import Analysis, AnalysisError, Counts, Exclusion, Group, Party, Representative, Scored, Vote

__all__ = [
    "Analysis",
    "AnalysisError",
    "Counts",
    "Exclusion",
    "Group",
    "InputFileError",
    "KChoice",
    "KState",
    "LiveAnalysis",
    "Party",
    "Representative",
    "Scored",
    "Vote",
    "VoteTable",
    "analyze",
    "public_view",
    "read_parties_csv",
    "read_statement_ids",
    "read_votes_csv",
    "read_votes_table",
]
