"""The common-ground scores in words (issue 15, item 10): a facilitator reads "about 86% agree in
each opinion group", never a bare "(0.86)".

Each score is an estimate from the votes (`commonground.stats`: a group's agreement is smoothed toward
one half, so a handful of votes cannot look unanimous), so every phrase says "about".
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext


def _pct(value: float) -> int:
    return round(max(0.0, min(1.0, value)) * 100)


def consensus_words(score: float, groups: int) -> str:
    """`score` is the product over the shown opinion groups of each group's estimated agreement, so it is
    high only when every group agrees; its `groups`-th root is the typical agreement in one group."""
    if groups < 1:
        return gettext("Too few votes to compare opinion groups yet.")
    each = _pct(score ** (1 / groups))
    if each >= 80:
        return gettext("Strong common ground: about %(pct)s%% agree in each opinion group.") % {"pct": each}
    if each >= 60:
        return gettext("Common ground: most of each opinion group agrees (about %(pct)s%%).") % {"pct": each}
    if each >= 50:
        return gettext("Leaning to agree in every opinion group (about %(pct)s%% each).") % {"pct": each}
    return gettext("No common ground yet: about %(pct)s%% agree in each opinion group.") % {"pct": each}


def bridging_words(score: float) -> str:
    """`score` is the lowest estimated agreement of any shown party."""
    low = _pct(score)
    if low >= 50:
        return gettext("Bridges the parties: at least about %(pct)s%% agree in every party.") % {"pct": low}
    return gettext("In the least agreeing party, only about %(pct)s%% agree.") % {"pct": low}


def divisive_words(score: float) -> str:
    """`score` is the spread between the most and the least agreeing opinion group."""
    points = _pct(score)
    if points >= 50:
        label = gettext("Sharply divides the opinion groups")
    elif points >= 25:
        label = gettext("Divides the opinion groups")
    else:
        label = gettext("Slightly divides the opinion groups")
    return gettext("%(label)s: their agreement differs by about %(points)s percentage points.") % {
        "label": label,
        "points": points,
    }


def grouping_words(chosen: dict[str, Any] | None) -> str:
    """How clearly the voters fall into the groups shown (the silhouette, from -1 to 1), in words."""
    if not chosen:
        return ""
    score = chosen.get("score")
    if chosen.get("rule") == "too_few_voters":
        return gettext("Too few voters to split into opinion groups.")
    if score is None:
        return ""
    if score >= 0.5:
        how = gettext("People fall clearly into these groups")
    elif score >= 0.25:
        how = gettext("People fall fairly clearly into these groups")
    else:
        how = gettext("The groups overlap a lot; read them as tendencies")
    text = gettext("%(how)s (separation %(score).2f on a scale from −1 to 1, higher is clearer).") % {
        "how": how,
        "score": score,
    }
    if chosen.get("runner_up"):
        n = int(chosen["runner_up"])
        text += " " + ngettext(
            "Next best: %(n)s group, less clearly.", "Next best: %(n)s groups, less clearly.", n
        ) % {"n": n}
    if chosen.get("rule") == "held":
        text += " " + gettext("The number of groups is kept steady until another count wins repeatedly.")
    return text
