"""A released version as a file (PDF, Markdown, JSON), for the reading page and the API alike: the
formats, the response, and the access record the handoff log shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse

from .. import exports
from ..access import ReaderAccess
from ..models import ReleaseAccess, SummaryVersion
from .services import access_record


@dataclass(frozen=True)
class Download:
    kind: str  # ReleaseAccess.Kind
    content_type: str
    extension: str
    label: str
    render: Callable[[SummaryVersion], str | bytes]


DOWNLOADS: dict[str, Download] = {
    "pdf": Download(ReleaseAccess.Kind.PDF, "application/pdf", "pdf", "PDF", exports.export_pdf),
    "md": Download(
        ReleaseAccess.Kind.MARKDOWN, "text/markdown; charset=utf-8", "md", "Markdown", exports.export_markdown
    ),
    "json": Download(
        ReleaseAccess.Kind.JSON, "application/json; charset=utf-8", "json", "JSON", exports.export_json
    ),
}


def download_response(*, access: ReaderAccess, fmt: str) -> HttpResponse:
    """The file as an attachment, after recording a liaison's download. `fmt` must be in DOWNLOADS."""
    spec = DOWNLOADS[fmt]
    access_record(access=access, kind=spec.kind)
    version = access.version
    response = HttpResponse(spec.render(version), content_type=spec.content_type)
    filename = exports.export_filename(version, spec.extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Hash"] = f"sha256:{version.content_hash}"
    # Kept out of shared caches: a released summary is still for its liaisons only.
    response["Cache-Control"] = "private, no-store"
    return response
