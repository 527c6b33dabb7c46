"""The texts of a dialogue, one text as its members see it, its history, exports, and the
participants' ratings and package-vote ballots."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from core.errors import NotFound, ParleyError
from core.headers import allow_template_styles
from core.types import AuthedRequest

from .. import exports, selectors, services
from ..access import TextAccess, access_text, access_text_creation, access_text_rating, access_texts
from ..forms import RATING_CHOICES, RoundForm, TextForm, ratings_from_post
from ..models import SingleText
from ..text import open_brackets
from .common import PRIVATE, attempt, to_text


@login_required
@require_GET
def text_list(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    membership = access_texts(user=request.user, dialogue_id=dialogue_id)
    context = {
        "dialogue": membership.dialogue,
        "texts": selectors.texts_of(membership.dialogue),
        "is_facilitator": membership.role == "facilitator",
        "form": TextForm(),
    }
    return render(request, "singletext/list.html", context)


def _state(access: TextAccess, user_id: int) -> dict[str, Any]:
    text = access.text
    version = selectors.latest_version(text)
    assert version is not None
    round_ = selectors.latest_round(text)
    vote = selectors.open_vote(text)
    last_vote = selectors.last_vote(text)
    clauses = selectors.clauses_of(version)
    open_round = selectors.is_open(round_) and round_ is not None and round_.version_id == version.pk
    mine = selectors.my_ratings(round_, user_id) if open_round and access.is_participant and round_ else {}
    rows = [{"number": n, "text": body, "mine": mine.get(n, {})} for n, body in enumerate(clauses, start=1)]
    return {
        "access": access,
        "text": text,
        "dialogue": text.dialogue,
        "version": version,
        "clauses": rows,
        "open_brackets": open_brackets(clauses),
        "round": round_,
        "round_open": open_round,
        "rated": len(mine),
        "vote": vote,
        "my_ballot": selectors.my_ballot(vote, user_id) if vote and access.is_participant else None,
        "ballots": selectors.ballots_cast(vote) if vote and access.is_facilitator else None,
        "last_vote": last_vote,
        "choices": RATING_CHOICES,
        "round_form": RoundForm(),
        "releases": text.releases.all(),
        "released": text.releases.filter(version=version).exists(),
        "formats": exports.FORMATS,
    }


@login_required
@require_GET
def text_page(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text(user=request.user, text_id=text_id)
    response = render(request, "singletext/text.html", _state(access, request.user.pk))
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_GET
def text_history(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text(user=request.user, text_id=text_id)
    context = {
        "access": access,
        "text": access.text,
        "versions": list(reversed(selectors.history(access.text))),
    }
    return render(request, "singletext/history.html", context)


@login_required
@require_POST
def text_create(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    access_text_creation(user=request.user, dialogue_id=dialogue_id)
    form = TextForm(request.POST)
    created: list[SingleText] = []

    def create() -> str:
        if not form.is_valid():
            raise ParleyError("invalid", "; ".join(str(e) for errs in form.errors.values() for e in errs))
        d = form.cleaned_data
        created.append(
            services.text_create(
                dialogue_id=dialogue_id,
                user=request.user,
                title=d["title"],
                source=d["source"],
                note=d["note"],
            )
        )
        return "The text was created as version 1."

    return attempt(
        request,
        create,
        lambda: to_text(created[0].pk) if created else redirect("singletext:list", dialogue_id),
    )


@login_required
@require_POST
def rate(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_rating(user=request.user, text_id=text_id)
    version = selectors.latest_version(access.text)
    numbers = list(range(1, len(selectors.clauses_of(version)) + 1)) if version else []
    ratings = ratings_from_post(request.POST, numbers)

    def save() -> str:
        saved = services.ratings_save(access=access, user=request.user, ratings=ratings)
        return (
            f"Your ratings of {saved} clause(s) were recorded. Only you can see them; "
            "you can change them until the deadline."
        )

    return attempt(request, save, lambda: to_text(text_id))


@login_required
@require_POST
def ballot(request: AuthedRequest, text_id: int) -> HttpResponse:
    access = access_text_rating(user=request.user, text_id=text_id)
    choice = request.POST.get("accept")

    def cast() -> str:
        if choice not in ("yes", "no"):
            raise ParleyError("invalid", gettext("Choose to accept or reject the text as a whole."))
        services.ballot_cast(access=access, user=request.user, accept=choice == "yes")
        return "Your vote on the package was recorded. You can change it until the vote closes."

    return attempt(request, cast, lambda: to_text(text_id))


@login_required
@require_GET
def export(request: AuthedRequest, text_id: int, fmt: str) -> HttpResponse:
    access = access_text(user=request.user, text_id=text_id)
    if fmt not in exports.FORMATS:
        raise NotFound
    content_type = exports.FORMATS[fmt][0]
    body = exports.render(access.text, fmt)
    services.export_recorded(access=access, user=request.user, fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(access.text, fmt)}"'
    response["Cache-Control"] = PRIVATE
    if fmt == "html":  # a standalone document keeps its own <style> (allowed by hash), nothing else inline
        allow_template_styles(response, "singletext/export.html")
    return response
