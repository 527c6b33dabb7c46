"""Attempt counters shared by every server process, for what django-axes does not cover: password-reset
requests (per address and per email) and wrong API tokens (per address and per token prefix).

Each counter is a row in the database (`Throttle`), updated under a row lock, so two web replicas count
together. A counter allows `limit` events in a window that starts with the first event; after that the
answer is "locked until the window ends". Keys are HMACs, so the table names no address or email.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from core.errors import ParleyError

from .models import Throttle


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: timedelta


def limits() -> dict[str, Limit]:
    """The counters, from settings (read on each call so tests and deployments can change them)."""
    minutes = settings.PARLEY_THROTTLE_WINDOW_MINUTES
    return {
        "token_ip": Limit("token_ip", settings.PARLEY_TOKEN_FAILURE_LIMIT, timedelta(minutes=minutes)),
        "token_prefix": Limit(
            "token_prefix", settings.PARLEY_TOKEN_FAILURE_LIMIT, timedelta(minutes=minutes)
        ),
        "reset_ip": Limit("reset_ip", settings.PARLEY_PASSWORD_RESET_IP_LIMIT, timedelta(hours=1)),
        "reset_email": Limit("reset_email", settings.PARLEY_PASSWORD_RESET_EMAIL_LIMIT, timedelta(hours=1)),
    }


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes sees it (REMOTE_ADDR, which uvicorn's --proxy-headers sets
    from the proxy's X-Forwarded-For), so both mechanisms count the same client."""
    from axes.helpers import get_client_ip_address

    return str(get_client_ip_address(request) or "unknown")


def _key(scope: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}\x00{value}".encode("utf-8", "replace"), hashlib.sha256
    ).hexdigest()


def locked_until(scope: str, value: str) -> datetime | None:
    """When this counter lets the next attempt through, or None if it does now."""
    rule = limits()[scope]
    row = Throttle.objects.filter(key=_key(scope, value)).only("count", "window_ends_at").first()
    now = timezone.now()
    if row is not None and row.window_ends_at > now and row.count >= rule.limit:
        return row.window_ends_at
    return None


def hit(scope: str, value: str) -> datetime | None:
    """Count one event. Returns when the next one may come if this one is over the limit, else None."""
    rule = limits()[scope]
    now = timezone.now()
    with transaction.atomic():
        row, _ = Throttle.objects.select_for_update().get_or_create(
            key=_key(scope, value),
            defaults={"scope": scope, "count": 0, "window_started_at": now, "window_ends_at": now},
        )
        if row.window_ends_at <= now:
            row.count, row.window_started_at, row.window_ends_at = 0, now, now + rule.window
        row.count += 1
        row.save(update_fields=["count", "window_started_at", "window_ends_at"])
    if random.random() < 0.01:  # now and then, forget windows that ended a day ago
        Throttle.objects.filter(window_ends_at__lt=now - timedelta(days=1)).delete()
    return row.window_ends_at if row.count > rule.limit else None


def locked_out_error(until: datetime, what: str) -> ParleyError:
    minutes = max(1, int((until - timezone.now()).total_seconds() + 59) // 60)
    return ParleyError(
        "locked_out",
        ngettext(
            "Too many %(what)s. Try again in %(minutes)s minute (after %(until)s UTC).",
            "Too many %(what)s. Try again in %(minutes)s minutes (after %(until)s UTC).",
            minutes,
        )
        % {"what": what, "minutes": minutes, "until": f"{until:%H:%M}"},
    )
