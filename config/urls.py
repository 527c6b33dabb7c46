"""URL configuration."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from .api import api


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("", include("participants.urls")),
    path("", include("dialogues.urls")),
    path("", include("summaries.urls")),
    path("", include("facilitation.urls")),
    path("", include("summaries.urls_liaison")),
]
