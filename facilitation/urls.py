"""URLs of the facilitator's console and between-session tools. Included at the site root."""

from django.urls import path

from .views import console

app_name = "console"

urlpatterns = [
    path("sessions/<int:session_id>/calendar.ics", console.session_ics, name="session_ics"),
    path("dialogues/<int:dialogue_id>/calendar.ics", console.dialogue_ics, name="dialogue_ics"),
    path("sessions/<int:session_id>/common-ground/", console.common_ground, name="common_ground"),
    path(
        "sessions/<int:session_id>/agenda-suggestions/",
        console.agenda_suggestions,
        name="agenda_suggestions",
    ),
    path(
        "sessions/<int:session_id>/agenda-suggestions/<int:capture_id>/add/",
        console.suggestion_add,
        name="suggestion_add",
    ),
    path("captures/<int:capture_id>/resolve/", console.capture_resolve, name="capture_resolve"),
]
