"""The redaction roster of a dialogue, built from its memberships and the people's profiles.

`redaction` is a library with no models; this adapter belongs here, with the profiles it reads.
"""

from __future__ import annotations

from typing import Any

from dialogues.choices import Role
from dialogues.models import Membership, Party
from redaction import Roster, RosterPerson

from . import accounts


def _strings(value: Any) -> tuple[str, ...]:
    """JSONField lists from profiles: keep the non-empty strings, ignore anything else."""
    items = value if isinstance(value, list) else [value]
    return tuple(s.strip() for s in items if isinstance(s, str) and s.strip())


def roster_for_dialogue(dialogue_id: int) -> Roster:
    """The roster of everyone who has been a member of the dialogue (Membership + Profile + Account).

    Liaisons are included so their names are redacted too, but without sector or party: they are
    readers of the summary, not people a descriptor could point at, so they never count towards k.
    Removed members are included the same way: they may have spoken, and others may name them, but
    counting them towards k would make descriptors look safer than they are.
    """
    people: list[RosterPerson] = []
    memberships = (
        Membership.objects.filter(dialogue_id=dialogue_id)
        .select_related("user", "user__profile", "user__account", "party")
        .order_by("id")
    )
    for membership in memberships:
        user = membership.user
        profile = getattr(user, "profile", None)
        full_name = accounts.account_full_name(user)
        username = accounts.account_name(user)
        email = accounts.account_email(user)
        name = (profile.display_name.strip() if profile else "") or full_name or username
        # A username is often a name in disguise ("aokafor"); an email-shaped one is covered by emails.
        aliases = {full_name, "" if "@" in username else username} - {name, ""}
        counts = membership.is_active and membership.role != Role.LIAISON
        if profile is None:
            people.append(RosterPerson(name=name, aliases=tuple(sorted(aliases)), emails=_strings(email)))
            continue
        people.append(
            RosterPerson(
                name=name,
                title=profile.title.strip(),
                aliases=tuple(dict.fromkeys([*_strings(profile.aliases), *sorted(aliases)])),
                organisation=profile.organisation.strip(),
                organisation_aliases=_strings(profile.organisation_aliases),
                emails=_strings(email),
                phones=_strings(profile.phones),
                handles=_strings(profile.handles),
                roles=_strings(profile.roles),
                sector=profile.sector if counts else "",
                party=membership.party.name if counts and membership.party else "",
            )
        )
    parties = tuple(sorted(Party.objects.filter(dialogue_id=dialogue_id).values_list("name", flat=True)))
    return Roster(people=tuple(people), parties=parties)
