"""Session pages: create/edit, detail with agenda, agenda editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ParleyError
from core.types import AuthedRequest

from .. import agenda, selectors, services
from .. import consent as chatham
from ..access import SessionAccess, access_agenda_item, access_dialogue, access_session
from ..choices import ROOM_ROLES, Role
from ..forms import AgendaItemForm, SessionForm
from ..models import Session
from ..warnings import session_warnings

FACILITATOR = [Role.FACILITATOR]


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=FACILITATOR)
    dialogue = membership.dialogue
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = services.session_create(dialogue=dialogue, **d)
        except ParleyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("Session created. Now build its agenda."))
            _warn(request, session)
            return redirect("dialogues:session", session.pk)
    return render(request, "dialogues/session_form.html", {"form": form, "dialogue": dialogue})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedRequest, session_id: int) -> HttpResponse:
    access = access_session(user=request.user, session_id=session_id, roles=FACILITATOR)
    session = access.session
    form = SessionForm(
        request.POST if request.method == "POST" else None, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, **form.cleaned_data)
        except ParleyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("Session saved."))
            session.refresh_from_db()
            _warn(request, session)
            return redirect("dialogues:session", session.pk)
    return render(
        request,
        "dialogues/session_form.html",
        {"form": form, "dialogue": session.dialogue, "session": session},
    )


@login_required
def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    access = access_session(user=request.user, session_id=session_id, roles=ROOM_ROLES)
    return _detail(request, access, AgendaItemForm() if access.is_facilitator else None)


def _detail(
    request: AuthedRequest, access: SessionAccess, item_form: AgendaItemForm | None, status: int = 200
) -> HttpResponse:
    session = access.session
    consent = chatham.consent_current(user=request.user, dialogue_id=session.dialogue_id)
    context = {
        "session": session,
        "dialogue": session.dialogue,
        "membership": access.membership,
        "is_facilitator": access.is_facilitator,
        "agenda": selectors.agenda_for(session=session),
        "plenary": session.rooms.filter(kind="plenary").first(),
        "needs_consent": chatham.needs_consent(access.membership) and consent is None,
        "item_form": item_form,
        "warnings": session_warnings(session) if access.is_facilitator else [],
    }
    return render(request, "dialogues/session_detail.html", context, status=status)


@login_required
@require_POST
def agenda_item_add(request: AuthedRequest, session_id: int) -> HttpResponse:
    access = access_session(user=request.user, session_id=session_id, roles=FACILITATOR)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        # The page again, with what is wrong next to each field and what was typed kept.
        return _detail(request, access, form, status=400)
    agenda.item_create(session=access.session, **form.cleaned_data)
    messages.success(request, gettext("Agenda item added."))
    return redirect("dialogues:session", session_id)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access_agenda_item(user=request.user, item_id=item_id, roles=FACILITATOR)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None,
        initial={
            "title": item.title,
            "description": item.description,
            "timebox_minutes": item.timebox_minutes,
        },
    )
    if request.method == "POST" and form.is_valid():
        agenda.item_update(item=item, **form.cleaned_data)
        messages.success(request, gettext("Agenda item saved."))
        return redirect("dialogues:session", item.session_id)
    return render(
        request, "dialogues/agenda_item_form.html", {"form": form, "item": item, "session": item.session}
    )


@login_required
@require_POST
def agenda_item_delete(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access_agenda_item(user=request.user, item_id=item_id, roles=FACILITATOR)
    session_id = item.session_id
    if item.messages.exists():
        messages.error(
            request, gettext("This item already has discussion attached; skip it instead of deleting it.")
        )
    else:
        agenda.item_delete(item=item)
        messages.success(request, gettext("Agenda item deleted."))
    return redirect("dialogues:session", session_id)


@login_required
@require_POST
def agenda_item_move(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access_agenda_item(user=request.user, item_id=item_id, roles=FACILITATOR)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, gettext("Unknown direction; the agenda was not changed."))
    else:
        agenda.item_move(item=item, offset=-1 if direction == "up" else 1)
    return redirect("dialogues:session", item.session_id)


def _warn(request: AuthedRequest, session: Session) -> None:
    for text in session_warnings(session):
        messages.warning(request, text)
