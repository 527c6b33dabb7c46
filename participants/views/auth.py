"""Signing in (password, then a second factor), two-factor enrolment, throttled password reset, and
"sign out everywhere". Django's own auth views do the rest (logout, password change, reset links)."""

from __future__ import annotations

from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.types import AuthedRequest

from .. import accounts, sessions, throttle, two_factor
from ..forms import CodeForm
from ..lockout import locked_out_page, lockout_response


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check is not None and check())


class LoginView(auth_views.LoginView):
    """The password step. A person with an authenticator, or whose role requires one, is not signed in
    yet: the session remembers them as pending and the code (or enrolment) page finishes sign-in."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        enrolled = two_factor.is_enrolled(user)
        if enrolled or two_factor.required_roles(user):
            two_factor.pending_start(
                self.request,
                user=user,
                backend=getattr(user, "backend", "participants.accounts.SealedModelBackend"),
                next_url=self.get_success_url(),
            )
            return redirect("login_verify" if enrolled else "two_factor")
        return super().form_valid(form)


def _finish_sign_in(request: HttpRequest, pending: two_factor.Pending, device: Any) -> None:
    login(request, pending.user, backend=pending.backend)
    two_factor.pending_clear(request)
    django_otp.login(request, device)


@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step: an authenticator code or a recovery code."""
    pending = two_factor.pending_get(request)
    if pending is not None:
        user, next_url = pending.user, pending.next_url
    elif request.user.is_authenticated and isinstance(request.user, User):
        next_url = _safe_next(request, request.GET.get("next", ""))
        if _verified(request) or not two_factor.is_enrolled(request.user):
            return redirect(next_url)
        user = request.user
    else:
        return redirect("login")

    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        two_factor.pending_clear(request)
        return lockout_response(request)

    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        checked = two_factor.code_check(user=user, code=form.cleaned_data["code"])
        if checked.device is not None:
            if pending is not None:
                _finish_sign_in(request, pending, checked.device)
            else:
                django_otp.login(request, checked.device)
            if checked.device.name == two_factor.RECOVERY_NAME:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    gettext(
                        "You signed in with a recovery code; %(left)s left. Each works once: "
                        "make new ones on your profile page if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(_safe_next(request, next_url))
        if checked.wait_until is not None:
            seconds = max(1, int((checked.wait_until - timezone.now()).total_seconds()) + 1)
            form.add_error(
                None,
                gettext("Too many wrong codes in a row. Wait %(seconds)s seconds, then try again.")
                % {"seconds": seconds},
            )
        else:
            form.add_error(
                "code", gettext("That code is not right. Enter the current 6-digit code, or a recovery code.")
            )
        status = 400
        # A wrong code is a failed sign-in: the account locks like it does for wrong passwords.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            two_factor.pending_clear(request)
            return lockout_response(request)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "registration/login_verify.html",
        {"form": form, "pending": pending is not None, "username": accounts.account_name(user)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator (while signing in, when one's role requires it, or by choice), or see
    and manage the one you have."""
    pending = two_factor.pending_get(request)
    if pending is not None and two_factor.is_enrolled(pending.user):
        return redirect("login_verify")  # half-way through signing in with the device they have
    if pending is not None:
        user = pending.user
    elif request.user.is_authenticated and isinstance(request.user, User):
        user = request.user
        pending = None
        if two_factor.is_enrolled(user) and not _verified(request):
            return redirect(reverse("login_verify") + "?next=" + reverse("two_factor"))
    else:
        return redirect("login")

    if pending is None and two_factor.is_enrolled(user):
        return render(
            request,
            "participants/two_factor.html",
            {
                "enrolled": True,
                "device": two_factor.totp_device(user),
                "codes_left": two_factor.recovery_codes_left(user),
                "required": sorted(two_factor.required_roles(user)),
                "form": CodeForm(),
            },
        )

    enrolment = two_factor.enrolment_start(request, user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.enrolment_confirm(request, user=user, code=form.cleaned_data["code"])
        except two_factor.TwoFactorError as exc:
            form.add_error("code", exc.message)
            status = 400
        else:
            if pending is not None:
                _finish_sign_in(request, pending, device)
                next_url = _safe_next(request, pending.next_url)
            else:
                django_otp.login(request, device)
                next_url = _safe_next(request, request.GET.get("next", ""))
            return render(
                request, "participants/two_factor_codes.html", {"codes": codes, "next_url": next_url}
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "participants/two_factor.html",
        {
            "enrolled": False,
            "pending": pending is not None,
            "required": sorted(two_factor.required_roles(user)),
            "secret": enrolment.secret,
            "qr_svg": enrolment.qr_svg(),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    if not two_factor.is_enrolled(request.user) or not _verified(request):
        return redirect("two_factor")
    codes = two_factor.recovery_codes_new(user=request.user)
    return render(
        request,
        "participants/two_factor_codes.html",
        {"codes": codes, "next_url": reverse("two_factor"), "replaced": True},
    )


@login_required
@require_POST
def two_factor_disable(request: AuthedRequest) -> HttpResponse:
    """Turn two-factor sign-in off (only for those whose role does not require it), with a current code."""
    if not two_factor.is_enrolled(request.user) or not _verified(request):
        return redirect("two_factor")
    form = CodeForm(request.POST)
    checked = two_factor.code_check(user=request.user, code=request.POST.get("code", ""))
    if not form.is_valid() or checked.device is None:
        messages.error(request, gettext("That code is not right; two-factor sign-in is still on."))
        return redirect("two_factor")
    try:
        two_factor.two_factor_off(user=request.user)
    except two_factor.TwoFactorError as exc:
        messages.error(request, exc.message)
        return redirect("two_factor")
    messages.success(request, gettext("Two-factor sign-in is off. You can turn it on again at any time."))
    return redirect("participants:profile")


@login_required
@require_POST
def sign_out_everywhere(request: AuthedRequest) -> HttpResponse:
    """End every session of the person on every server (this one too) and close their room sockets."""
    ended = sessions.sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(
        request,
        ngettext(
            "You were signed out everywhere (%(ended)s session ended). Sign in again.",
            "You were signed out everywhere (%(ended)s sessions ended). Sign in again.",
            ended,
        )
        % {"ended": ended},
    )
    return redirect("login")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled per client address and per email address (shared counters); the
    account is found by the keyed hash of its address (participants/accounts.py)."""

    form_class = accounts.SealedPasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = str(form.cleaned_data.get("email", "")).strip().lower()
        waits = [
            throttle.hit("reset_ip", throttle.client_ip(self.request)),
            throttle.hit("reset_email", email),
        ]
        until = max((w for w in waits if w is not None), default=None)
        if until is not None:
            return locked_out_page(self.request, until=until, what=gettext("password-reset requests"))
        return super().form_valid(form)
