"""URLs of the liaison portal and the handoff log. Included at the site root:
`path("", include("summaries.urls_liaison"))`."""

from django.urls import path

from .views import liaison

app_name = "liaison"

urlpatterns = [
    path("released/<int:version_id>/", liaison.read, name="read"),
    path("released/<int:version_id>/download.<str:fmt>", liaison.download, name="download"),
    path("released/<int:version_id>/uptake/", liaison.uptake, name="uptake"),
    path("dialogues/<int:dialogue_id>/handoff/", liaison.handoff, name="handoff"),
    path("uptake/<int:uptake_id>/agenda/", liaison.uptake_agenda, name="uptake_agenda"),
]
