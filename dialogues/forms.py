"""Forms for the facilitator's preparation pages."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from .choices import AttributionMode, DialogueStatus
from .models import Dialogue, Session
from .selectors import parties_of


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    return [
        (z, z.replace("_", " ")) for z in sorted(zoneinfo.available_timezones()) if "/" in z or z == "UTC"
    ]


class DialogueForm(forms.Form):
    title = forms.CharField(max_length=200)
    objectives = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    background = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=gettext_lazy("Confidential context for members. Never shown to liaisons."),
    )
    parties = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The countries or communities this dialogue brings together, one per line."),
    )
    status = forms.ChoiceField(choices=DialogueStatus.choices, initial=DialogueStatus.PREPARING)

    def clean_parties(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["parties"].splitlines() if line.strip()]
        if len(names) < 2:
            raise forms.ValidationError(gettext("A dialogue brings together at least two parties."))
        if any(len(n) > 120 for n in names):
            raise forms.ValidationError(gettext("Party names are at most 120 characters."))
        return names

    @classmethod
    def initial_for(cls, dialogue: Dialogue) -> dict[str, Any]:
        return {
            "title": dialogue.title,
            "objectives": dialogue.objectives,
            "background": dialogue.background,
            "parties": "\n".join(p.name for p in parties_of(dialogue_id=dialogue.pk)),
            "status": dialogue.status,
        }


class SessionForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Give the session a title."})
    starts_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=gettext_lazy("Local time in the session's time zone."),
        label=gettext_lazy("Starts at"),
        error_messages={
            "required": "Say when the session starts.",
            "invalid": "Give a date and a time, e.g. 2026-12-03 14:00.",
        },
    )
    timezone = forms.ChoiceField(choices=timezone_choices, initial="UTC")
    duration_minutes = forms.IntegerField(
        min_value=5,
        max_value=24 * 60,
        initial=90,
        label=gettext_lazy("Length (minutes)"),
        error_messages={
            "min_value": "A session lasts at least 5 minutes.",
            "max_value": "A session lasts at most a day (1440 minutes).",
            "invalid": "Give the length as a whole number of minutes, e.g. 90.",
        },
    )
    attribution_mode = forms.ChoiceField(choices=AttributionMode.choices, initial=AttributionMode.VEILED)
    participants_may_propose = forms.BooleanField(
        required=False, label=gettext_lazy("Participants may put statements up for a vote")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, tz = data.get("starts_at"), data.get("timezone")
        if isinstance(starts, datetime) and tz:
            # The browser sends wall-clock time; it means that time in the session's zone.
            data["starts_at"] = starts.replace(tzinfo=None).replace(tzinfo=zoneinfo.ZoneInfo(tz))
        return data

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        local = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.timezone))
        return {
            "title": session.title,
            "starts_at": local.replace(tzinfo=None),
            "timezone": session.timezone,
            "duration_minutes": session.duration_minutes,
            "attribution_mode": session.attribution_mode,
            "participants_may_propose": session.participants_may_propose,
        }


class AgendaItemForm(forms.Form):
    # Errors in plain words, shown next to their field (partials/form.html), never as "field: error".
    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Give the item a title, e.g. “Water releases in the dry season”.",
            "max_length": "Keep the title under 200 characters; put the rest in the description.",
        },
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    timebox_minutes = forms.IntegerField(
        min_value=1,
        max_value=600,
        initial=15,
        label=gettext_lazy("Time box (minutes)"),
        error_messages={
            "required": "Say how many minutes this item may take.",
            "invalid": "Give the time box as a whole number of minutes, e.g. 20.",
            "min_value": "A time box is at least 1 minute.",
            "max_value": "A time box is at most 600 minutes (10 hours).",
        },
    )
