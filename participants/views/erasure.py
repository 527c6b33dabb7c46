"""Deleting one's own account: an explanation, the password to confirm, then the erasure
(participants/erasure.py) and sign-out."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from core.errors import ParleyError
from core.types import AuthedRequest

from .. import erasure


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    confirm = forms.BooleanField(
        required=True,
        label=gettext_lazy(
            "Delete my account and erase my name, email, organisation and roles. This cannot be undone."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm; your account was not deleted.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                erasure.account_delete(user=request.user, password=form.cleaned_data["password"])
            except ParleyError as exc:
                form.add_error("password" if exc.code == "invalid" else None, exc.message)
            else:
                logout(request)
                messages.success(request, gettext("Your account was deleted and your identity erased."))
                return redirect("login")
        status = 400
    return render(request, "participants/account_delete.html", {"form": form}, status=status)
