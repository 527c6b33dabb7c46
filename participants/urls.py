from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("dialogues/<int:dialogue_id>/consent/", views.consent, name="consent"),
    path("dialogues/<int:dialogue_id>/consent/revoke/", views.consent_revoke, name="consent_revoke"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
