"""A moment in words for pages and exports: the reader's time zone, with its abbreviation and name."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def moment_in_words(at: datetime) -> str:
    """ "25 November 2026 at 21:00 CET (Europe/Berlin)": in the zone the request activated (the reader's
    profile), UTC without a request, so nobody has to work out which "21:00" is meant."""
    zone = timezone.get_current_timezone()
    local = at.astimezone(zone)
    name = "" if str(zone) == local.strftime("%Z") else f" ({zone})"  # never "UTC (UTC)"
    return f"{local.day} {local:%B %Y} at {local:%H:%M} {local:%Z}{name}"
