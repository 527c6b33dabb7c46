"""`|bracketed` marks bracketed alternatives in a clause; `{% released_texts dialogue %}` lists a
dialogue's released texts on the liaison's dialogue page (the dialogues app decides who sees it)."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dialogues.models import Dialogue

from ..selectors import releases_for_dialogue

register = template.Library()
_BRACKET = re.compile(r"\[[^\[\]]*\]")


@register.filter
def bracketed(clause: str) -> SafeString:
    escaped = str(escape(clause))  # brackets and slashes are not escaped, so the pattern still finds them
    return mark_safe(_BRACKET.sub(lambda m: f'<mark class="st-bracket">{m.group(0)}</mark>', escaped))  # noqa: S308


@register.inclusion_tag("singletext/_released.html")
def released_texts(dialogue: Dialogue) -> dict[str, Any]:
    return {"releases": releases_for_dialogue(dialogue)}
