from django.urls import path

from .views import account, people

app_name = "participants"

urlpatterns = [
    path("invite/<str:token>/", account.invitation, name="invitation"),
    path("dialogues/<int:dialogue_id>/consent/", account.consent, name="consent"),
    path("dialogues/<int:dialogue_id>/consent/revoke/", account.consent_revoke, name="consent_revoke"),
    path("me/", account.profile, name="profile"),
    path("me/tokens/", account.token_create, name="token_create"),
    path("me/tokens/<int:token_id>/revoke/", account.token_revoke, name="token_revoke"),
    path("dialogues/<int:dialogue_id>/invitations/", people.invitations, name="invitations"),
    path(
        "dialogues/<int:dialogue_id>/invitations/<int:invitation_id>/revoke/",
        people.invitation_revoke,
        name="invitation_revoke",
    ),
    path("dialogues/<int:dialogue_id>/roster/", people.roster, name="roster"),
    path(
        "dialogues/<int:dialogue_id>/members/<int:membership_id>/remove/",
        people.member_remove,
        name="member_remove",
    ),
    path("sessions/<int:session_id>/roster/", people.session_roster, name="session_roster"),
]
