"""Facilitator pages for session summaries: versions, live progress, review, edit, compare, approve,
release, exports. Thin: permission via selectors (404 for anyone who is not a facilitator of the
dialogue), every write via services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import audit_record
from core.errors import NotFound
from core.headers import allow_template_styles
from core.types import AuthedRequest
from dialogues import languages

from .. import exports, selectors, services
from ..access import access_session_summaries, access_version
from ..gate import GateFinding

EXPORTS = {
    "md": ("text/markdown; charset=utf-8", exports.export_markdown),
    "json": ("application/json; charset=utf-8", exports.export_json),
    "html": ("text/html; charset=utf-8", exports.export_html),
    "pdf": ("application/pdf", exports.export_pdf),
}


class EditForm(forms.Form):
    cover_title = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Cover title"),
        help_text=gettext_lazy(
            "The title on the summary's cover (empty: the dialogue's title). Checked by the leak gate "
            "when you save."
        ),
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "true"}),
        strip=False,
        help_text=gettext_lazy("Markdown. Saving creates a new version; this one stays as it is."),
    )


@login_required
@require_GET
def summary_list(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session_summaries(user=request.user, session_id=session_id)
    versions = list(selectors.versions_for_session(session=session))
    context = {
        "session": session,
        "dialogue": session.dialogue,
        "versions": versions,
        "languages": languages.choices(),
    }
    return render(request, "summaries/list.html", context)


@login_required
@require_POST
def summary_compile(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session_summaries(user=request.user, session_id=session_id)
    version = services.summary_request(
        session_id=session.pk, requested_by_id=request.user.pk, language=request.POST.get("language", "")
    )
    return redirect("summaries:summary", version.pk)


def _detail(
    request: AuthedRequest, version_id: int, findings: list[GateFinding] | None = None, status: int = 200
) -> HttpResponse:
    from .. import readback
    from ..gate import GateReport, cover_title, gate_report

    version = access_version(user=request.user, version_id=version_id)
    has_body = version.status in services.HAS_BODY
    if has_body and request.method == "GET":
        audit_record(
            "draft.read",
            actor_id=request.user.pk,
            dialogue_id=version.session.dialogue_id,
            target=f"summary:{version.pk}",
        )
    report = gate_report(version) if has_body else GateReport([], [])
    own = version.created_by_id == request.user.pk
    context = {
        "version": version,
        "session": version.session,
        "dialogue": version.session.dialogue,
        "cover_title": cover_title(version),
        "progress": selectors.progress_payload(version),
        "flags": selectors.review_flags(version) if has_body else [],
        "findings": findings if findings is not None else report.open,
        "decided": report.decided,
        "refused": findings is not None,
        "body_html": exports.body_html(version.body) if has_body else "",
        "others": selectors.versions_for_session(session=version.session).exclude(pk=version.pk),
        "point_sources": selectors.point_sources(version) if has_body else [],
        "own_version": own,
        "may_approve_alone": own and services.solo_facilitator(version),
        "read_back": getattr(version, "read_back", None) if has_body else None,
        "read_back_flags": readback.flags_for_session(session_id=version.session_id) if has_body else [],
        "body_lines": list(enumerate((version.body or "").split("\n"), start=1)) if has_body else [],
    }
    return render(request, "summaries/detail.html", context, status=status)


@login_required
@require_GET
def summary_detail(request: AuthedRequest, version_id: int) -> HttpResponse:
    return _detail(request, version_id)


@login_required
@require_GET
@never_cache
def summary_progress(request: AuthedRequest, version_id: int) -> JsonResponse:
    version = access_version(user=request.user, version_id=version_id)
    return JsonResponse(selectors.progress_payload(version))


@login_required
@require_http_methods(["GET", "POST"])
def summary_edit(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = access_version(user=request.user, version_id=version_id)
    if version.status not in services.HAS_BODY:
        messages.error(request, gettext("This version has no text yet."))
        return redirect("summaries:summary", version.pk)
    form = EditForm(
        request.POST if request.method == "POST" else None,
        initial={"body": version.body, "cover_title": version.cover_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.summary_edit(
                version=version,
                body=form.cleaned_data["body"],
                user=request.user,
                cover_title=form.cleaned_data["cover_title"],
            )
        except services.CoverRefused as exc:
            form.add_error("cover_title", str(exc))
        except services.SummaryError as exc:
            form.add_error("body", str(exc))
        else:
            if saved.pk == version.pk:
                messages.info(request, gettext("Nothing changed, so no new version was made."))
            else:
                messages.success(request, gettext("Saved as version %(number)s.") % {"number": saved.number})
            return redirect("summaries:summary", saved.pk)
    context = {"version": version, "session": version.session, "form": form}
    return render(request, "summaries/edit.html", context)


@login_required
@require_GET
def summary_compare(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session_summaries(user=request.user, session_id=session_id)
    versions = list(selectors.versions_for_session(session=session))
    by_id = {str(v.pk): v for v in versions}
    old, new = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
    if (request.GET.get("a") or request.GET.get("b")) and (old is None or new is None):
        raise NotFound
    context = {
        "session": session,
        "dialogue": session.dialogue,
        "versions": [v for v in versions if v.status in services.HAS_BODY],
        "old": old,
        "new": new,
        "diff": selectors.version_diff(old, new) if old and new else None,
    }
    return render(request, "summaries/compare.html", context)


@login_required
@require_POST
def summary_approve(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = access_version(user=request.user, version_id=version_id)
    try:
        services.summary_approve(
            version=version, user=request.user, solo_reason=request.POST.get("solo_reason", "")
        )
    except services.SummaryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("Version %(number)s approved. Release it when the leak gate passes.")
            % {"number": version.number},
        )
    return redirect("summaries:summary", version.pk)


@login_required
@require_POST
def summary_release(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = access_version(user=request.user, version_id=version_id)
    try:
        services.summary_release(version=version, user=request.user)
    except services.ReleaseRefused as exc:
        messages.error(request, str(exc))
        return _detail(request, version.pk, findings=exc.findings, status=409)
    except services.SummaryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("Version %(number)s released to the dialogue's liaisons; participants read it too.")
            % {"number": version.number},
        )
    return redirect("summaries:summary", version.pk)


@login_required
@require_GET
def summary_export(request: AuthedRequest, version_id: int, fmt: str) -> HttpResponse:
    version = access_version(user=request.user, version_id=version_id)
    if fmt not in EXPORTS or version.status not in services.HAS_BODY:
        raise NotFound
    content_type, render_export = EXPORTS[fmt]
    response = HttpResponse(render_export(version), content_type=content_type)
    audit_record(
        "export.download",
        actor_id=request.user.pk,
        dialogue_id=version.session.dialogue_id,
        target=f"summary:{version.pk}",
        detail={"format": fmt},
    )
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{exports.export_filename(version, fmt)}"'
    response["X-Content-Hash"] = f"sha256:{version.content_hash}"
    if fmt == "html":  # a standalone document keeps its own <style>; the CSP allows exactly that block
        allow_template_styles(response, "summaries/export.html")
    return response
