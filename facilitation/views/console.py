"""Pages beside the live room: the common-ground pictures, agenda suggestions from earlier sessions,
resolving carried items, and calendar export. Thin: permission via dialogues.selectors (a page you may
not see answers 404, like one that does not exist), writes via facilitation.console services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from core.errors import ParleyError
from core.types import AuthedRequest
from dialogues.access import access_dialogue, access_session
from dialogues.choices import ROOM_ROLES, Role

from ..access import access_capture
from ..console import between, calendar
from ..console.common_ground import session_common_ground

FACILITATOR = [Role.FACILITATOR]


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def session_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    access = access_session(user=request.user, session_id=session_id, roles=ROOM_ROLES)
    return _ics(calendar.session_ics(access.session), f"parley-session-{session_id}.ics")


@login_required
@require_GET
def dialogue_ics(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=ROOM_ROLES)
    return _ics(calendar.dialogue_ics(membership.dialogue), f"parley-dialogue-{dialogue_id}.ics")


@login_required
@require_GET
def common_ground(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Facilitators see every statement; participants and observers only those whose voting closed.
    `?partial=1` gives the console's common-ground panel, which the room page reloads as votes arrive."""
    access = access_session(user=request.user, session_id=session_id, roles=ROOM_ROLES)
    result = session_common_ground(access.session, closed_only=not access.is_facilitator)
    context = {
        "session": access.session,
        "dialogue": access.session.dialogue,
        "is_facilitator": access.is_facilitator,
        "result": result,
    }
    if request.GET.get("partial"):
        return render(request, "facilitation/console/_common_ground_panel.html", context)
    return render(request, "facilitation/console/common_ground.html", context)


@login_required
@require_GET
def agenda_suggestions(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Open items of earlier sessions; `?partial=1` gives the fragment the session page loads."""
    access = access_session(user=request.user, session_id=session_id, roles=FACILITATOR)
    context = {
        "session": access.session,
        "dialogue": access.session.dialogue,
        "suggestions": between.agenda_suggestions(access.session),
    }
    if request.GET.get("partial"):
        return render(request, "facilitation/console/_suggestions.html", context)
    return render(request, "facilitation/console/suggestions.html", context)


@login_required
@require_POST
def suggestion_add(request: AuthedRequest, session_id: int, capture_id: int) -> HttpResponse:
    access = access_session(user=request.user, session_id=session_id, roles=FACILITATOR)
    try:
        item = between.suggestion_accept(session=access.session, capture_id=capture_id, user=request.user)
    except ParleyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Added to the agenda: %(title)s") % {"title": item.title})
    return redirect("dialogues:session", session_id)


@login_required
@require_POST
def capture_resolve(request: AuthedRequest, capture_id: int) -> HttpResponse:
    """Mark a carried action item done or a question answered (and so stop suggesting it)."""
    capture = access_capture(user=request.user, capture_id=capture_id)
    between.capture_resolve(capture=capture)
    messages.success(request, gettext("Marked as resolved; it will not be suggested again."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("dialogues:session", capture.session_id)
