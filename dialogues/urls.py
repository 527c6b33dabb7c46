from django.urls import path

from .views import dialogue, room, session

app_name = "dialogues"

urlpatterns = [
    path("", dialogue.home, name="home"),
    path("dialogues/new/", dialogue.dialogue_create, name="create"),
    path("dialogues/<int:dialogue_id>/", dialogue.dialogue_detail, name="detail"),
    path("dialogues/<int:dialogue_id>/edit/", dialogue.dialogue_edit, name="edit"),
    path("dialogues/<int:dialogue_id>/invitations/", dialogue.invitations, name="invitations"),
    path(
        "dialogues/<int:dialogue_id>/invitations/<int:invitation_id>/revoke/",
        dialogue.invitation_revoke,
        name="invitation_revoke",
    ),
    path("dialogues/<int:dialogue_id>/roster/", dialogue.roster, name="roster"),
    path(
        "dialogues/<int:dialogue_id>/members/<int:membership_id>/remove/",
        dialogue.member_remove,
        name="member_remove",
    ),
    path("dialogues/<int:dialogue_id>/sessions/new/", session.session_create, name="session_create"),
    path("sessions/<int:session_id>/", session.session_detail, name="session"),
    path("sessions/<int:session_id>/edit/", session.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/agenda/", session.agenda_item_add, name="agenda_add"),
    path("sessions/<int:session_id>/roster/", room.session_roster, name="session_roster"),
    path("rooms/<int:room_id>/", room.room_page, name="room"),
    path("agenda/<int:item_id>/edit/", session.agenda_item_edit, name="agenda_edit"),
    path("agenda/<int:item_id>/delete/", session.agenda_item_delete, name="agenda_delete"),
    path("agenda/<int:item_id>/move/", session.agenda_item_move, name="agenda_move"),
]
