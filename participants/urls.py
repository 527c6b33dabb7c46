from django.urls import path

from .views import account, erasure, invitations, people

app_name = "participants"

urlpatterns = [
    path("invite/<str:token>/", account.invitation, name="invitation"),
    path("dialogues/<int:dialogue_id>/consent/", account.consent, name="consent"),
    path("dialogues/<int:dialogue_id>/consent/revoke/", account.consent_revoke, name="consent_revoke"),
    path("me/", account.profile, name="profile"),
    path("me/delete/", erasure.account_delete, name="account_delete"),
    path("me/tokens/", account.token_create, name="token_create"),
    path("me/tokens/<int:token_id>/revoke/", account.token_revoke, name="token_revoke"),
    path("dialogues/<int:dialogue_id>/invitations/", invitations.invitations, name="invitations"),
    path(
        "dialogues/<int:dialogue_id>/invitations/bulk/", invitations.invitations_bulk, name="invitations_bulk"
    ),
    path(
        "dialogues/<int:dialogue_id>/invitations/<int:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "dialogues/<int:dialogue_id>/invitations/<int:invitation_id>/resend/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path("dialogues/<int:dialogue_id>/roster/", people.roster, name="roster"),
    path(
        "dialogues/<int:dialogue_id>/members/<int:membership_id>/remove/",
        people.member_remove,
        name="member_remove",
    ),
    path("sessions/<int:session_id>/roster/", people.session_roster, name="session_roster"),
]
