"""Who wrote which message, now that the link is sealed (core.crypto, "sealed links to a person").

A message stores its author as a keyed tag and a seal, never as a foreign key. Equality ("this person's
messages") is a filter on the tag, computed from the dialogue's data key with no query once the key is
unwrapped; who wrote a row is `Message.author_id`, opened from the seal once per person and process. These
helpers keep the rest of the code from handling tags and seals itself. They trust their caller for access.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Count, Min, Q, QuerySet

from core.crypto import dialogue_scope, person_open, person_tag, person_tag_if_keyed

from .models import Membership, Message


def written_by(dialogue_id: int, user_id: int) -> Q:
    """A filter for one person's messages in one dialogue."""
    return Q(author_tag=person_tag(dialogue_scope(dialogue_id), user_id))


def written_by_any(dialogue_id: int, user_ids: Iterable[int]) -> Q:
    """A filter for the messages of any of these people in one dialogue (none: matches nothing)."""
    scope = dialogue_scope(dialogue_id)
    return Q(author_tag__in=[person_tag(scope, u) for u in user_ids])


def written_by_anywhere(dialogue_ids: Iterable[int], user_id: int) -> Q:
    """A filter for one person's messages across dialogues. A dialogue with no data key (purged, or never
    written in) holds no message of theirs, so none is created for it."""
    tags = [person_tag_if_keyed(dialogue_scope(d), user_id) for d in set(dialogue_ids)]
    return Q(author_tag__in=[t for t in tags if t is not None])


def words_kept(user: User) -> QuerySet[Message]:
    """The messages of this account still in a transcript (which an outright delete would orphan)."""
    dialogue_ids = Membership.objects.filter(user=user).values_list("dialogue_id", flat=True)
    return Message.objects.filter(written_by_anywhere(dialogue_ids, user.pk))


def message_counts_by_author(messages: QuerySet[Message]) -> Counter[int]:
    """How many of these messages each person wrote: grouped by tag in SQL, one seal opened per person."""
    rows = messages.order_by().values("author_tag").annotate(n=Count("pk"), seal=Min("author_seal"))
    return Counter({person_open(r["author_tag"], r["seal"]): r["n"] for r in rows})
