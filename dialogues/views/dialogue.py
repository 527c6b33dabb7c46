"""Dialogue pages: my dialogues, overview by role, create/edit, invitations, roster."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.types import AuthedRequest
from participants import selectors as people
from participants import services as people_services
from participants.models import Invitation

from .. import selectors, services
from ..choices import Role
from ..forms import DialogueForm, InvitationForm
from ..models import Membership


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    memberships = selectors.memberships_for_user(user=request.user)
    return render(
        request,
        "dialogues/home.html",
        {"memberships": memberships, "can_create": selectors.can_create_dialogues(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_create(request: AuthedRequest) -> HttpResponse:
    if not selectors.can_create_dialogues(request.user):
        raise PermissionDenied("Only facilitators can create dialogues.")
    form = DialogueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        dialogue = services.dialogue_create(
            creator=request.user,
            title=d["title"],
            background=d["background"],
            objectives=d["objectives"],
            parties=d["parties"],
            status=d["status"],
        )
        messages.success(request, "Dialogue created. Add a session and invite people next.")
        return redirect("dialogues:detail", dialogue.pk)
    return render(request, "dialogues/dialogue_form.html", {"form": form, "creating": True})


@login_required
def dialogue_detail(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = selectors.membership_get(user=request.user, dialogue_id=dialogue_id)
    dialogue = membership.dialogue
    if membership.role == Role.LIAISON:
        # Liaisons see the released output only: no background, sessions, roster or names.
        return render(
            request, "dialogues/detail_liaison.html", {"dialogue": dialogue, "membership": membership}
        )
    consent = people.consent_current(user=request.user, dialogue_id=dialogue.pk)
    context = {
        "dialogue": dialogue,
        "membership": membership,
        "is_facilitator": membership.role == Role.FACILITATOR,
        "sessions": selectors.sessions_for(dialogue=dialogue),
        "parties": dialogue.parties.all(),
        "needs_consent": people_services.needs_consent(membership) and consent is None,
        "consent": consent,
    }
    return render(request, "dialogues/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = selectors.membership_get(
        user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR]
    )
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
        except ValidationError as exc:
            form.add_error("parties", exc)
        else:
            messages.success(request, "Dialogue saved.")
            return redirect("dialogues:detail", dialogue.pk)
    return render(request, "dialogues/dialogue_form.html", {"form": form, "dialogue": dialogue})


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = selectors.membership_get(
        user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR]
    )
    dialogue = membership.dialogue
    form = InvitationForm(request.POST if request.method == "POST" else None, dialogue=dialogue)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        issued = people_services.invitation_create(
            dialogue=dialogue,
            email=d["email"],
            role=d["role"],
            party=d["party"],
            display_name=d["display_name"],
            created_by=request.user,
        )
        messages.success(request, f"Invitation sent to {issued.invitation.email}.")
        return redirect("dialogues:invitations", dialogue.pk)
    return render(
        request,
        "dialogues/invitations.html",
        {
            "dialogue": dialogue,
            "form": form,
            "invitations": people.invitations_for_dialogue(dialogue=dialogue),
        },
    )


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, dialogue_id: int, invitation_id: int) -> HttpResponse:
    membership = selectors.membership_get(
        user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR]
    )
    invitation = get_object_or_404(Invitation, pk=invitation_id, dialogue=membership.dialogue)
    if people_services.invitation_revoke(invitation=invitation):
        messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    else:
        messages.error(request, "That invitation was already used or withdrawn; nothing changed.")
    return redirect("dialogues:invitations", dialogue_id)


@login_required
def roster(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = selectors.membership_get(
        user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR]
    )
    dialogue = membership.dialogue
    return render(
        request,
        "dialogues/roster.html",
        {"dialogue": dialogue, "rows": people.roster_rows(dialogue=dialogue), "me": membership},
    )


@login_required
@require_POST
def member_remove(request: AuthedRequest, dialogue_id: int, membership_id: int) -> HttpResponse:
    me = selectors.membership_get(user=request.user, dialogue_id=dialogue_id, roles=[Role.FACILITATOR])
    target = get_object_or_404(Membership, pk=membership_id, dialogue=me.dialogue, is_active=True)
    if target.pk == me.pk:
        messages.error(request, "You cannot remove yourself; ask another facilitator.")
    else:
        services.membership_remove(membership=target)
        messages.success(request, "Member removed; their open rooms were closed.")
    return redirect("dialogues:roster", dialogue_id)
