"""The scripts' translations (static/js/i18n.js), rendered once per language and process."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import JavaScriptCatalog


class CachedJavaScriptCatalog(JavaScriptCatalog):
    """Django's catalog view, which reads and renders every djangojs catalog on each request: every page
    loads it, so it cost a render per page view (about 4 s of the accessibility crawl per language).
    The compiled catalogs only change with a deploy, which starts new processes."""

    _rendered: ClassVar[dict[tuple[str, str], bytes]] = {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = (translation.get_language() or "", str(kwargs.get("domain", self.domain)))
        body = self._rendered.get(key)
        if body is None:
            response = super().get(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            body = self._rendered[key] = response.content
        return HttpResponse(body, content_type='text/javascript; charset="utf-8"')
