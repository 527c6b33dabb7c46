"""Page forms. They only shape input; the services decide what is valid for the text."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from dialogues.forms import timezone_choices

from .models import ClauseUptake, Rating
from .services import MAX_COMMENT, MAX_CRITICISM, MAX_NOTE
from .text import MAX_TITLE_CHARS

SOURCE_HELP = (
    "One clause per line; clauses are numbered in order. Put alternatives not yet agreed in brackets: "
    "[option A / option B]."
)


class TextForm(forms.Form):
    title = forms.CharField(max_length=MAX_TITLE_CHARS)
    source = forms.CharField(
        label=gettext_lazy("Clauses"), widget=forms.Textarea(attrs={"rows": 10}), help_text=SOURCE_HELP
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the parties (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviseForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Clauses"), widget=forms.Textarea(attrs={"rows": 14}), help_text=SOURCE_HELP
    )
    note = forms.CharField(
        label=gettext_lazy("What changed, for the parties (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoundForm(forms.Form):
    deadline = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    timezone = forms.ChoiceField(choices=timezone_choices, initial="UTC")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        deadline, tz = data.get("deadline"), data.get("timezone")
        if deadline and tz:
            data["deadline"] = deadline.replace(tzinfo=None).replace(tzinfo=zoneinfo.ZoneInfo(tz))
        return data


def ratings_from_post(post: Any, numbers: list[int]) -> dict[int, tuple[str, str]]:
    """`clause-N` (value) and `criticism-N` for each clause; unrated clauses are left out."""
    out: dict[int, tuple[str, str]] = {}
    for number in numbers:
        value = str(post.get(f"clause-{number}", "")).strip()
        criticism = str(post.get(f"criticism-{number}", ""))[: MAX_CRITICISM + 1]
        if value:
            out[number] = (value, criticism)
    return out


RATING_CHOICES = Rating.Value.choices


class UptakeForm(forms.Form):
    clause = forms.IntegerField(min_value=1, max_value=100000, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ClauseUptake.Status.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Seen by the facilitators of this dialogue, not by other liaisons."),
    )
