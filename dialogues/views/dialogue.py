"""Dialogue pages: my dialogues, overview by role, create/edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.errors import ParleyError
from core.types import AuthedRequest

from .. import consent as chatham
from .. import selectors, services
from ..access import access_dialogue, access_dialogue_creation, can_create_dialogues
from ..choices import Role
from ..forms import DialogueForm


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    memberships = selectors.memberships_for_user(user=request.user)
    return render(
        request,
        "dialogues/home.html",
        {"memberships": memberships, "can_create": can_create_dialogues(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_create(request: AuthedRequest) -> HttpResponse:
    access_dialogue_creation(request.user)
    form = DialogueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            dialogue = services.dialogue_create(
                creator=request.user,
                title=d["title"],
                background=d["background"],
                objectives=d["objectives"],
                parties=d["parties"],
                status=d["status"],
            )
        except ParleyError as exc:
            form.add_error(getattr(exc, "field", "title"), exc.message)
        else:
            messages.success(request, gettext("Dialogue created. Add a session and invite people next."))
            return redirect("dialogues:detail", dialogue.pk)
    return render(request, "dialogues/dialogue_form.html", {"form": form, "creating": True})


@login_required
def dialogue_detail(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id)
    dialogue = membership.dialogue
    if membership.role == Role.LIAISON:
        # Liaisons see the released output only: no background, sessions, roster or names.
        return render(
            request, "dialogues/detail_liaison.html", {"dialogue": dialogue, "membership": membership}
        )
    consent = chatham.consent_current(user=request.user, dialogue_id=dialogue.pk)
    context = {
        "dialogue": dialogue,
        "membership": membership,
        "is_facilitator": membership.role == Role.FACILITATOR,
        "sessions": selectors.sessions_for(dialogue=dialogue),
        "parties": selectors.parties_of(dialogue_id=dialogue.pk),
        "needs_consent": chatham.needs_consent(membership) and consent is None,
        "consent": consent,
    }
    return render(request, "dialogues/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    dialogue = membership.dialogue
    form = DialogueForm(
        request.POST if request.method == "POST" else None, initial=DialogueForm.initial_for(dialogue)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.dialogue_update(
                dialogue=dialogue,
                title=d["title"],
                background=d["background"],
                objectives=d["objectives"],
                status=d["status"],
                parties=d["parties"],
            )
        except ParleyError as exc:
            form.add_error(getattr(exc, "field", "parties"), exc.message)
        else:
            messages.success(request, gettext("Dialogue saved."))
            return redirect("dialogues:detail", dialogue.pk)
    return render(request, "dialogues/dialogue_form.html", {"form": form, "dialogue": dialogue})
