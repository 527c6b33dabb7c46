"""The participants' page of a session's outcome: the draft during read-back (flag a line, anonymously)
and the released version after release, with how each proposal was taken up. Thin: access, then one
service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from core.errors import ParleyError
from core.types import AuthedRequest

from .. import exports, readback
from ..liaison.proposals import proposals_of


@login_required
@require_GET
def outcome(request: AuthedRequest, session_id: int) -> HttpResponse:
    view = readback.access_participant_view(user=request.user, session_id=session_id)
    context: dict[str, object] = {"session": view.session, "dialogue": view.session.dialogue, "view": view}
    if view.released is not None:
        statuses = readback.uptake_status_by_proposal(view.released)
        context["body_html"] = exports.body_html(view.released.body)
        context["meta"] = exports.export_meta(view.released)
        context["proposals"] = [
            {"proposal": p, "status": statuses.get(p.key, "No response recorded yet")}
            for p in proposals_of(view.released.body)
        ]
    elif view.read_back is not None:
        lines = (view.read_back.version.body or "").split("\n")
        context["lines"] = [
            (n, _line_kind(text), exports.line_html(text))
            for n, text in enumerate(lines, start=1)
            if text.strip()
        ]
    response = render(request, "summaries/outcome.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def outcome_flag(request: AuthedRequest, session_id: int) -> HttpResponse:
    view = readback.access_participant_view(user=request.user, session_id=session_id)
    if view.read_back is None:
        messages.error(request, gettext("There is no draft to read back now."))
        return redirect("summaries:outcome", view.session.pk)
    line = request.POST.get("line", "")
    try:
        readback.readback_flag(
            read_back=view.read_back,
            line=int(line) if line.isdigit() else 0,
            note=request.POST.get("note", ""),
        )
    except ParleyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Thank you. The facilitators see the line, not who flagged it."))
    return redirect("summaries:outcome", view.session.pk)


def _line_kind(line: str) -> str:
    """How a line of the draft is shown on the read-back page: a heading, a list item, or text."""
    if line.startswith("### "):
        return "h3"
    if line.startswith("#"):
        return "h2"
    return "item" if line.lstrip().startswith(("- ", "* ", "+ ")) else "text"
