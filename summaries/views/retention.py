"""A dialogue's retention page (its facilitators): how long transcripts and drafts are kept, "Purge now"
behind a confirmation step, and the erasure receipts (summaries/retention.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from core.errors import ParleyError
from core.models import Retention
from core.types import AuthedRequest

from .. import retention
from ..access import access_handoff_log


class RetentionForm(forms.Form):
    days = forms.IntegerField(
        min_value=1,
        max_value=Retention.DEFAULT_DAYS,
        label=gettext_lazy("Keep transcripts and drafts for (days after the last release)"),
    )


class PurgeForm(forms.Form):
    confirm = forms.BooleanField(
        required=True,
        label=gettext_lazy(
            "I understand: the transcripts, captures, statements, drafts and invitations of this dialogue "
            "are destroyed for good, backups included. Released summaries and uptake stay."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm; nothing was purged.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_page(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_handoff_log(user=request.user, dialogue_id=dialogue_id)
    policy = retention.retention_policy(dialogue_id)
    form = RetentionForm(request.POST if request.method == "POST" else None, initial={"days": policy.days})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                retention.retention_set(dialogue=membership.dialogue, days=form.cleaned_data["days"])
            except ParleyError as exc:
                form.add_error("days", exc.message)
            else:
                messages.success(request, gettext("The retention period was changed."))
                return redirect("summaries:retention", dialogue_id)
        status = 400
    return render(
        request,
        "summaries/retention.html",
        {
            "dialogue": membership.dialogue,
            "policy": policy,
            "form": form,
            "receipts": retention.receipts_for(dialogue_id),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def purge_page(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_handoff_log(user=request.user, dialogue_id=dialogue_id)
    policy = retention.retention_policy(dialogue_id)
    form = PurgeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and policy.purged_at is None:
        if form.is_valid():
            try:
                receipt = retention.dialogue_purge(
                    dialogue_id=dialogue_id, policy="purge-now", actor_id=request.user.pk
                )
            except ParleyError as exc:
                form.add_error(None, exc.message)
            else:
                if receipt is None:
                    messages.info(request, gettext("A purge of this dialogue is already under way."))
                else:
                    messages.success(request, gettext("The dialogue was purged. Its receipt is below."))
                return redirect("summaries:retention", dialogue_id)
        status = 400
    return render(
        request,
        "summaries/purge.html",
        {"dialogue": membership.dialogue, "policy": policy, "form": form},
        status=status,
    )
