"""Common ground in a dialogue's votes: a reimplementation of the published Pol.is method.

Participants vote agree (1), disagree (-1) or pass (0) on short statements. From those votes we
find opinion groups, the statements each group stands for, and the statements every group - and
every declared party - can live with. Written from the method's published description (Small et
al., "Polis: Scaling deliberation by mapping high dimensional opinion spaces", 2021, and the
Pol.is math notes); no Pol.is (AGPL) code is used. The red-dwarf library cross-checks it in tests.

API
---
``analyze(votes, parties=None, *, k_min=5, min_voters_for_clustering=8, seed=0, statements=()) -> Analysis``
    ``votes``: iterable of ``Vote = (participant id, statement id, vote)``; a repeated pair keeps the
    last vote. ``parties``: participant id -> party name. ``statements``: extra statement ids that
    nobody has voted on yet. Raises ``AnalysisError`` on a vote outside {1, -1, 0}, an empty or
    non-string id, or a bad parameter. Deterministic for a given ``seed``; ties go by statement id.

``public_view(analysis, k_min=None) -> dict``
    The only form fit for liaisons: no participant ids; groups, parties and cells with fewer than
    ``k_min`` people become ``{"hidden": true, "reason": "too few to show"}``.

``charts.opinion_map_svg(view)`` and ``charts.agreement_bars_svg(view, by="group" | "party")``
    Inline SVG strings drawn from a public view.

``read_votes_csv(path)`` / ``read_parties_csv(path)``
    The files ``manage.py common_ground`` reads; errors name the line (``InputFileError``).

``Analysis`` holds ``statements``, ``participants`` (in conversation), ``excluded``,
``coordinates`` (participant -> (x, y)), ``groups`` (``Group``: index, members, centre,
representative, agreement), ``parties`` (``Party``: name, members, agreement), ``consensus``,
``party_consensus`` and ``bridging`` (``Scored``: statement, score; best first). Agreement maps a
statement id to ``Counts`` (agree, disagree, passed, seen, pa, pd). ``to_json()`` returns exactly
``{"groups": [{"members": [...]}], "consensus": [...], "bridging": [...], "representative":
{"0": [...]}}``; ``to_full_json()`` adds scores, counts and coordinates.

Method
------
1. Vote matrix, participants × statements, unseen = missing. A participant is in the conversation
   after min(7, statements) votes; the others are left out of everything below.
2. PCA to two components after filling missing votes with the statement's mean; each participant's
   projection is scaled by sqrt(statements / votes they cast) so sparse voters are not pulled to
   the centre.
3. k-means for k = 2..5 on the projection, k chosen by silhouette; a single group when fewer than
   ``min_voters_for_clustering`` participants are in the conversation.
4. Per group and statement: pa = (agrees + 1) / (seen + 2), pd likewise; the one-proportion z
   (the group agrees more than half the time) and the two-proportion z (more than the rest), both
   at 90%; ra = pa(group) / pa(rest). Representative statements pass both tests on one side and
   are ranked by ra·rat·pa·pat (rd·rdt·pd·pdt on the disagree side); each says which side it is.
5. Group-informed consensus: product over groups of pa, best first. The same product over
   declared parties is ``party_consensus``; ``bridging`` ranks statements by min over parties of pa.
"""

from __future__ import annotations

from .core import analyze
from .files import InputFileError, read_parties_csv, read_votes_csv
from .public import public_view
from .results import Analysis, AnalysisError, Counts, Group, Party, Representative, Scored, Vote

__all__ = [
    "Analysis",
    "AnalysisError",
    "Counts",
    "Group",
    "InputFileError",
    "Party",
    "Representative",
    "Scored",
    "Vote",
    "analyze",
    "public_view",
    "read_parties_csv",
    "read_votes_csv",
]
