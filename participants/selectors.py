"""Reads for people: consent state, invitations, rosters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from dialogues.access import current_consents
from dialogues.models import Dialogue, Membership

from . import accounts
from .models import Invitation, Profile


def invitations_for_dialogue(*, dialogue: Dialogue) -> QuerySet[Invitation]:
    return Invitation.objects.filter(dialogue=dialogue).select_related("party", "accepted_by")


@dataclass(frozen=True)
class RosterRow:
    membership: Membership
    display_name: str
    profile: Profile | None
    consented: bool


def roster_rows(*, dialogue: Dialogue) -> list[RosterRow]:
    """Members with their consent state, for the facilitator's roster page only."""
    consented = set(current_consents().filter(dialogue=dialogue).values_list("user_id", flat=True))
    rows: list[RosterRow] = []
    memberships = (
        Membership.objects.filter(dialogue=dialogue)
        .select_related("user", "user__profile", "user__account", "party")
        .order_by("role", "id")
    )
    for m in memberships:
        profile = getattr(m.user, "profile", None)
        rows.append(
            RosterRow(
                membership=m,
                display_name=profile.display_name if profile else accounts.account_name(m.user),
                profile=profile,
                consented=m.user_id in consented,
            )
        )
    # Names are sealed in the database, so they are put in order here, within each role.
    rows.sort(key=lambda r: (r.membership.role, r.display_name.casefold()))
    return rows
