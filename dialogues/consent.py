"""The Chatham House Rule in a dialogue: the published texts, and each member's consent to the newest.

Participants and observers must accept the newest text before they enter a room; withdrawing consent
closes their open sockets at once. Room access (`dialogues.access.room_access`) re-checks it every frame.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from . import revocation
from .access import current_consents
from .choices import CONSENTING_ROLES
from .models import Consent, Dialogue, Membership, RuleVersion
from .rules import RULE_TEXTS


def consent_current(*, user: User | AnonymousUser, dialogue_id: int) -> Consent | None:
    """The person's active consent to the newest rule text, if any."""
    if not user.is_authenticated:
        return None
    return current_consents().filter(user=user, dialogue_id=dialogue_id).order_by("-accepted_at").first()


def current_rule() -> RuleVersion:
    """The newest published rule text; publishes version 1 on an empty table (a flushed database)."""
    rule = RuleVersion.objects.order_by("-version").first()
    if rule is None:
        rule, _ = RuleVersion.objects.get_or_create(version=1, defaults={"text": RULE_TEXTS[1]})
    return rule


def consent_accept(*, user: User, dialogue: Dialogue) -> Consent:
    rule = current_rule()
    with transaction.atomic():
        consent, _ = Consent.objects.get_or_create(
            user=user,
            dialogue=dialogue,
            rule_version=rule,
            revoked_at=None,
            defaults={"accepted_at": timezone.now()},
        )
    return consent


def consent_revoke(*, user: User, dialogue: Dialogue) -> int:
    """Revoke every active consent; the person's open room sockets close at once."""
    with transaction.atomic():
        revoked = Consent.objects.filter(user=user, dialogue=dialogue, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        revocation.dialogue_revoked(dialogue_id=dialogue.pk, user_id=user.pk, reason="consent")
    return revoked


def needs_consent(membership: Membership) -> bool:
    return membership.role in CONSENTING_ROLES
