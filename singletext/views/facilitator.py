"""The facilitator's tools: revise, open and close rounds, the round report, the package vote, release
and the audit trail. Every view starts with `access_text_facilitation`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import NotFound, ParleyError
from core.types import AuthedRequest

from .. import selectors, services
from ..access import access_text_facilitation
from ..confidential import redactor_for
from ..forms import ReviseForm, RoundForm
from ..text import as_source
from .common import PRIVATE, attempt, to_text


@login_required
@require_http_methods(["GET", "POST"])
def revise(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)
    version = selectors.latest_version(access.text)
    assert version is not None
    if request.method == "POST":
        form = ReviseForm(request.POST)
        if form.is_valid():
            try:
                new = services.version_create(
                    access=access,
                    user=request.user,
                    source=form.cleaned_data["source"],
                    note=form.cleaned_data["note"],
                )
            except NotFound:
                raise
            except ParleyError as exc:
                form.add_error("source", exc.message)
            else:
                messages.success(
                    request, gettext("Version %(number)s is now the current text.") % {"number": new.number}
                )
                return to_text(text_id)
    else:
        form = ReviseForm(initial={"source": as_source(selectors.clauses_of(version))})
    round_ = selectors.latest_round(access.text)
    report = (
        selectors.round_report(round_, redact=redactor_for(access.text.dialogue_id))
        if round_ is not None and round_.version_id == version.pk
        else None
    )
    context = {"access": access, "text": access.text, "version": version, "form": form, "report": report}
    return render(request, "singletext/revise.html", context)


@login_required
@require_GET
def report(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)
    rounds = list(access.text.rounds.select_related("version").order_by("-number"))
    wanted = request.GET.get("round", "")
    chosen = next((r for r in rounds if str(r.number) == wanted), rounds[0] if rounds else None)
    built = selectors.round_report(chosen, redact=redactor_for(access.text.dialogue_id)) if chosen else None
    context = {
        "access": access,
        "text": access.text,
        "rounds": rounds,
        "report": built,
        "round_open": selectors.is_open(chosen),
    }
    response = render(request, "singletext/report.html", context)
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_POST
def round_open(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)
    form = RoundForm(request.POST)

    def open_() -> str:
        if not form.is_valid():
            raise ParleyError(
                "invalid", gettext("Give the round a deadline: a date, a time and a time zone.")
            )
        round_ = services.round_open(access=access, user=request.user, deadline=form.cleaned_data["deadline"])
        return f"Round {round_.number} is open; the participants were told."

    return attempt(request, open_, lambda: to_text(text_id))


@login_required
@require_POST
def round_close(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)

    def close() -> str:
        round_ = services.round_close(access=access, user=request.user)
        return f"Round {round_.number} is closed."

    return attempt(request, close, lambda: redirect("singletext:report", text_id))


@login_required
@require_POST
def vote_open(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)

    def open_() -> str:
        vote = services.vote_open(access=access, user=request.user)
        return f"The package vote on version {vote.version.number} is open."

    return attempt(request, open_, lambda: to_text(text_id))


@login_required
@require_POST
def vote_close(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)

    def close() -> str:
        vote = services.vote_close(access=access, user=request.user)
        return f"The package vote closed: {vote.get_result_display()}."

    return attempt(request, close, lambda: to_text(text_id))


@login_required
@require_POST
def release(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)

    def release_() -> str:
        done = services.text_release(access=access, user=request.user)
        return f"Version {done.version.number} was released to the dialogue's liaisons."

    return attempt(request, release_, lambda: to_text(text_id))


@login_required
@require_GET
def audit(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_facilitation(user=request.user, text_id=text_id)
    entries = access.text.audit.select_related("actor", "actor__profile")[:500]
    return render(
        request, "singletext/audit.html", {"access": access, "text": access.text, "entries": entries}
    )
