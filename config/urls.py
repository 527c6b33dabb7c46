"""URL configuration."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from core.catalog import CachedJavaScriptCatalog

from .api import api


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    # Our login (password, then a second factor), two-factor pages and throttled password reset come
    # before Django's auth views, which serve the rest (logout, password change, reset links).
    path("accounts/", include("participants.urls_accounts")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    # The scripts' translations (static/js/i18n.js): a script file, not inline, under the CSP.
    path("jsi18n/", CachedJavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("", include("participants.urls")),
    path("", include("dialogues.urls")),
    path("", include("summaries.urls")),
    path("", include("facilitation.urls")),
    path("", include("summaries.urls_liaison")),
    path("", include("singletext.urls")),
]
