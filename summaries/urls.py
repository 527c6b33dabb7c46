"""URLs of the summaries app. Included at the site root: `path("", include("summaries.urls"))`."""

from django.urls import path

from .views import outcome, retention, review, summaries

app_name = "summaries"

urlpatterns = [
    path("sessions/<int:session_id>/summaries/", summaries.summary_list, name="summaries"),
    path("sessions/<int:session_id>/summaries/compile/", summaries.summary_compile, name="summary_compile"),
    path("sessions/<int:session_id>/summaries/compare/", summaries.summary_compare, name="summary_compare"),
    path("sessions/<int:session_id>/summaries/notes/", review.notes_upload, name="notes_upload"),
    path("sessions/<int:session_id>/outcome/", outcome.outcome, name="outcome"),
    path("sessions/<int:session_id>/outcome/flag/", outcome.outcome_flag, name="outcome_flag"),
    path("summaries/<int:version_id>/", summaries.summary_detail, name="summary"),
    path("summaries/<int:version_id>/progress/", summaries.summary_progress, name="summary_progress"),
    path("summaries/<int:version_id>/edit/", summaries.summary_edit, name="summary_edit"),
    path("summaries/<int:version_id>/approve/", summaries.summary_approve, name="summary_approve"),
    path("summaries/<int:version_id>/release/", summaries.summary_release, name="summary_release"),
    path("summaries/<int:version_id>/decide/", review.decide, name="gate_decide"),
    path("summaries/<int:version_id>/read-back/", review.read_back_open, name="read_back_open"),
    path("read-back-flags/<int:flag_id>/resolve/", review.flag_resolve, name="flag_resolve"),
    path("summaries/<int:version_id>/export.<str:fmt>", summaries.summary_export, name="summary_export"),
    path("dialogues/<int:dialogue_id>/retention/", retention.retention_page, name="retention"),
    path("dialogues/<int:dialogue_id>/retention/purge/", retention.purge_page, name="purge"),
]
