"""URLs of the single-text procedure, included at the site root."""

from django.urls import path

from .views import facilitator, reading, released

app_name = "singletext"

urlpatterns = [
    path("dialogues/<int:dialogue_id>/texts/", reading.text_list, name="list"),
    path("dialogues/<int:dialogue_id>/texts/new/", reading.text_create, name="create"),
    path("texts/<int:text_id>/", reading.text_page, name="text"),
    path("texts/<int:text_id>/history/", reading.text_history, name="history"),
    path("texts/<int:text_id>/export.<str:fmt>", reading.export, name="export"),
    path("texts/<int:text_id>/rate/", reading.rate, name="rate"),
    path("texts/<int:text_id>/ballot/", reading.ballot, name="ballot"),
    path("texts/<int:text_id>/revise/", facilitator.revise, name="revise"),
    path("texts/<int:text_id>/report/", facilitator.report, name="report"),
    path("texts/<int:text_id>/round/open/", facilitator.round_open, name="round_open"),
    path("texts/<int:text_id>/round/close/", facilitator.round_close, name="round_close"),
    path("texts/<int:text_id>/vote/open/", facilitator.vote_open, name="vote_open"),
    path("texts/<int:text_id>/vote/close/", facilitator.vote_close, name="vote_close"),
    path("texts/<int:text_id>/release/", facilitator.release, name="release"),
    path("texts/<int:text_id>/audit/", facilitator.audit, name="audit"),
    path("released-texts/<int:release_id>/", released.released, name="released"),
    path("released-texts/<int:release_id>/uptake/", released.uptake, name="uptake"),
    path("released-texts/<int:release_id>/download.<str:fmt>", released.download, name="download"),
]
