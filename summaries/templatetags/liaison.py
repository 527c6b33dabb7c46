"""`{% released_summaries dialogue %}`: the liaison's list of released summaries on the dialogue page.

The dialogue page (dialogues app) decides who sees it; this only lists what is released.
"""

from __future__ import annotations

from typing import Any

from django import template

from dialogues.models import Dialogue

from ..liaison.selectors import releases_for_dialogue

register = template.Library()


@register.inclusion_tag("summaries/liaison/_released.html")
def released_summaries(dialogue: Dialogue) -> dict[str, Any]:
    return {"releases": releases_for_dialogue(dialogue=dialogue)}
