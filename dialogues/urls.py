from django.urls import path

from .views import audit, dialogue, reading, room, session

app_name = "dialogues"

urlpatterns = [
    path("", dialogue.home, name="home"),
    path("dialogues/new/", dialogue.dialogue_create, name="create"),
    path("dialogues/<int:dialogue_id>/", dialogue.dialogue_detail, name="detail"),
    path("dialogues/<int:dialogue_id>/edit/", dialogue.dialogue_edit, name="edit"),
    path("dialogues/<int:dialogue_id>/audit/", audit.audit_log, name="audit"),
    path("dialogues/<int:dialogue_id>/sessions/new/", session.session_create, name="session_create"),
    path("sessions/<int:session_id>/", session.session_detail, name="session"),
    path("sessions/<int:session_id>/edit/", session.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/agenda/", session.agenda_item_add, name="agenda_add"),
    path("rooms/<int:room_id>/", room.room_page, name="room"),
    path("reading-language/", reading.reading_language, name="reading_language"),
    path("agenda/<int:item_id>/edit/", session.agenda_item_edit, name="agenda_edit"),
    path("agenda/<int:item_id>/delete/", session.agenda_item_delete, name="agenda_delete"),
    path("agenda/<int:item_id>/move/", session.agenda_item_move, name="agenda_move"),
]
