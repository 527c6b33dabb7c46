"""Phrases for how many people said something, vague enough never to single anyone out.

Buckets (distinct authors → phrase): 0 → "no participants"; 1 → "a participant"; 2 → "two participants";
3 → "some participants"; 4–9 → "several participants"; 10 or more → "many participants". Counts above two
are never given exactly, so a reader who knows the roster cannot match a number to a delegation. Summaries
never use numbered speakers ("Participant 4"): stable pseudonyms let statements be linked into a profile.
"""

from __future__ import annotations

_SOME_UP_TO = 3
_SEVERAL_UP_TO = 9


def participants_phrase(n_people: int) -> str:
    """Describe `n_people` distinct authors, e.g. `participants_phrase(5) == "several participants"`."""
    if n_people <= 0:
        return "no participants"
    if n_people == 1:
        return "a participant"
    if n_people == 2:
        return "two participants"
    if n_people <= _SOME_UP_TO:
        return "some participants"
    if n_people <= _SEVERAL_UP_TO:
        return "several participants"
    return "many participants"


def parties_phrase(n_parties: int) -> str:
    """Describe how many parties the authors came from.

    Two or more give "participants from different parties". One or none give plain "participants": saying
    that everyone came from the same party would reveal their affiliation, which the Rule forbids.
    """
    if n_parties >= 2:
        return "participants from different parties"
    return "participants"


UNDER_K = "one or more participants"


def attribution_phrase(n_people: int, n_parties: int, *, k: int | None = None) -> str:
    """Combine both counts: "a participant", "several participants from different parties", ...

    The parties are only mentioned when at least two people from at least two parties are involved.
    With `k` (what summaries pass), no count below k is ever given: fewer than k people are "one or more
    participants", and the parties are mentioned only when at least k people are involved.
    """
    if k is not None:
        if n_people < k:
            return UNDER_K
        people = "many participants" if n_people > _SEVERAL_UP_TO else "several participants"
        return f"{people} from different parties" if n_parties >= 2 else people
    people = participants_phrase(n_people)
    if n_people >= 2 and n_parties >= 2:
        return f"{people} from different parties"
    return people
