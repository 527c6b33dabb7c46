"""Invitation acceptance, Chatham House consent, and one's own profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.types import AuthedRequest
from dialogues import consent as chatham
from dialogues.access import access_dialogue

from .. import accounts, services, tokens
from ..forms import ConsentForm, NewAccountForm, ProfileForm, TokenForm

INVITATION_STATUS = {"invalid": 404, "revoked": 410, "used": 410, "expired": 410, "wrong_account": 409}


def _after_joining(request: HttpRequest, dialogue_id: int, needs_consent: bool) -> HttpResponse:
    if needs_consent:
        return redirect("participants:consent", dialogue_id)
    return redirect("dialogues:detail", dialogue_id)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = services.invitation_check(token)
    except services.InvitationError as exc:
        return render(
            request, "participants/invitation_error.html", {"error": exc}, status=INVITATION_STATUS[exc.code]
        )

    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.invitation_accept_existing(token=token, user=request.user)
            except services.InvitationError as exc:
                return render(
                    request,
                    "participants/invitation_error.html",
                    {"error": exc},
                    status=INVITATION_STATUS.get(exc.code, 409),
                )
            messages.success(
                request, gettext("You joined “%(title)s”.") % {"title": membership.dialogue.title}
            )
            return _after_joining(request, membership.dialogue_id, chatham.needs_consent(membership))
        mismatch = accounts.account_email(request.user).lower() != invite.email
        return render(
            request,
            "participants/invitation_accept.html",
            {"invite": invite, "mismatch": mismatch, "login_name": accounts.account_name(request.user)},
            status=409 if mismatch else 200,
        )

    account_exists = accounts.email_taken(invite.email)
    form = NewAccountForm(
        request.POST if request.method == "POST" else None,
        initial={
            "display_name": invite.display_name,
            "organisation": invite.organisation,
            "sector": invite.sector or "other",
            "position": invite.position,
        },
    )
    if request.method == "POST" and not account_exists and form.is_valid():
        d = form.cleaned_data
        try:
            user, membership = services.invitation_accept_new(
                token=token,
                username=d["username"],
                password=d["password1"],
                display_name=d["display_name"],
                tz=d["timezone"],
                organisation=d["organisation"],
                sector=d["sector"],
                position=d["position"],
                # The language this sign-up page was shown in (cookie or Accept-Language) becomes theirs.
                language=translation.get_language() or "",
            )
        except services.InvitationError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="participants.accounts.SealedModelBackend")
            messages.success(
                request, gettext("Welcome. You joined “%(title)s”.") % {"title": membership.dialogue.title}
            )
            return _after_joining(request, membership.dialogue_id, chatham.needs_consent(membership))
    login_url = reverse("login") + "?next=" + request.path
    return render(
        request,
        "participants/invitation_signup.html",
        {"invite": invite, "form": form, "account_exists": account_exists, "login_url": login_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id)
    rule = chatham.current_rule()
    current = chatham.consent_current(user=request.user, dialogue_id=dialogue_id)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chatham.consent_accept(user=request.user, dialogue=membership.dialogue)
        messages.success(
            request, gettext("Thank you. You accepted the Chatham House Rule for this dialogue.")
        )
        target = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("dialogues:detail", dialogue_id)
    return render(
        request,
        "participants/consent.html",
        {
            "dialogue": membership.dialogue,
            "rule": rule,
            "form": form,
            "current": current,
            "membership": membership,
        },
    )


@login_required
@require_POST
def consent_revoke(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_dialogue(user=request.user, dialogue_id=dialogue_id)
    chatham.consent_revoke(user=request.user, dialogue=membership.dialogue)
    messages.info(
        request,
        gettext(
            "You withdrew your acceptance. You cannot enter this dialogue's rooms until you accept again."
        ),
    )
    return redirect("dialogues:detail", dialogue_id)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    own = services.profile_ensure(request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=own)
    if request.method == "POST" and form.is_valid():
        services.profile_save(form=form)
        messages.success(request, gettext("Profile saved."))
        return redirect("participants:profile")
    return render(
        request,
        "participants/profile.html",
        {"form": form, "token_form": TokenForm(), "tokens": tokens.tokens_for(user=request.user)},
    )


@login_required
@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    issued = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            issued = tokens.token_create(
                user=request.user, name=d["name"], scopes=d["scopes"], days=d["days"]
            )
        except tokens.TokenError as exc:
            form.add_error(None, exc.message)
    status = 201 if issued else 400
    # The secret is shown in this response only; it is never stored and cannot be shown again.
    return render(
        request,
        "participants/profile.html",
        {
            "form": ProfileForm(instance=services.profile_ensure(request.user)),
            "token_form": TokenForm() if issued else form,
            "tokens": tokens.tokens_for(user=request.user),
            "issued": issued,
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    if tokens.token_revoke(user=request.user, token_id=token_id):
        messages.success(request, gettext("Token revoked; it stops working at once."))
    else:
        messages.error(request, gettext("That token was already revoked, or is not yours."))
    return redirect("participants:profile")
