"""`{% account_security %}`: the profile page's two-factor status and list of sessions."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import User

from .. import sessions, two_factor

register = template.Library()


@register.inclusion_tag("participants/_security.html", takes_context=True)
def account_security(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    if not isinstance(user, User):
        return {"show": False}
    return {
        "show": True,
        "enrolled": two_factor.is_enrolled(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "required": sorted(two_factor.required_roles(user)),
        "sessions": sessions.sessions_for(user=user, current_key=request.session.session_key),
        "csrf_token": context.get("csrf_token"),
    }
