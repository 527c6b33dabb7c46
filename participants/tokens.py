"""Personal API tokens: shown once, stored as SHA-256, scoped, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError

from .models import ApiToken

PREFIX = "prl_"
MAX_DAYS = 365


class TokenError(ParleyError):
    """A token refused: `invalid` (creation), `invalid_token` or `token_expired` (use)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to the person once; never stored


def token_create(*, user: User, name: str, scopes: list[str], days: int) -> IssuedToken:
    unknown = set(scopes) - set(ApiToken.Scope.values)
    if not scopes or unknown:
        raise TokenError(
            "invalid",
            gettext("Choose one or more scopes from: %(join)s.") % {"join": ", ".join(ApiToken.Scope.values)},
        )
    if not 1 <= days <= MAX_DAYS:
        raise TokenError("invalid", gettext("A token lives 1 to %(max_days)s days.") % {"max_days": MAX_DAYS})
    body = secrets.token_urlsafe(32)
    secret = f"{PREFIX}{body}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        prefix=secret[: len(PREFIX) + 6],
        token_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return IssuedToken(token=token, secret=secret)


def token_revoke(*, user: User, token_id: int) -> bool:
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def token_authenticate(secret: str) -> ApiToken:
    """The live token for a secret, or TokenError saying why not (without saying whether it existed)."""
    token = ApiToken.objects.select_related("user").filter(token_hash=_hash(secret)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        raise TokenError("invalid_token", gettext("The API token is not valid."))
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenError(
            "token_expired", gettext("The API token has expired; create a new one on your profile page.")
        )
    # Coarse last-use stamp: at most one write per token per minute.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_burn(secret: str) -> bool:
    """Revoke a token that was exposed (e.g. put in a URL, which ends up in logs)."""
    return bool(
        ApiToken.objects.filter(token_hash=_hash(secret), revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def tokens_for(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
