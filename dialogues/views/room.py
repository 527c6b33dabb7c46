"""The live room page (the socket does the rest)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.types import AuthedRequest

from .. import languages
from ..access import access_room_page
from ..channel import cockpit_channel
from ..choices import Role, RoomKind
from ..models import Room
from ..reading import dialogue_reading_languages, reading_language_of


@login_required
def room_page(request: AuthedRequest, room_id: int) -> HttpResponse:
    entry = access_room_page(user=request.user, room_id=room_id)
    room, membership = entry.room, entry.membership
    if entry.ended:
        return render(request, "dialogues/room_closed.html", closing_context(room, membership.role))
    if entry.access is None:
        consent_url = reverse("participants:consent", args=[room.session.dialogue_id])
        return redirect(f"{consent_url}?next={request.path}")
    # Opening the room is reading its transcript (the socket replays it): audited, by ids only.
    audit_record(
        "transcript.read",
        actor_id=request.user.pk,
        dialogue_id=room.session.dialogue_id,
        target=f"room:{room.pk}",
    )
    plenary = room if room.kind == RoomKind.PLENARY else room.parent
    context = {
        "room": room,
        "session": room.session,
        "dialogue": room.session.dialogue,
        "membership": membership,
        "is_facilitator": membership.role == Role.FACILITATOR,
        "plenary": plenary,
        "config": {
            "room": room.pk,
            "plenary": plenary.pk if plenary else room.pk,
            "wsPath": f"/ws/rooms/{room.pk}/",
            "role": membership.role,
            "mode": room.session.attribution_mode,
            "kind": room.kind,
            "status": room.session.status,
            # The server's clock at render time: pages count down against it, not the device's clock.
            "serverNow": timezone.now().isoformat(),
            "closesAt": room.closes_at.isoformat() if room.closes_at else None,
            "closedUrl": reverse("dialogues:room", args=[plenary.pk if plenary else room.pk]),
            "retractSeconds": settings.PARLEY_RETRACT_SECONDS,
            "maxChars": settings.PARLEY_MAX_MESSAGE_CHARS,
            "sessionUrl": reverse("dialogues:session", args=[room.session_id]),
            "roomUrlTemplate": reverse("dialogues:room", args=[0]).replace("/0/", "/{id}/"),
            # Facilitators only: the session's private channel (a second socket in the cockpit).
            "channel": cockpit_channel(room.session) if membership.role == Role.FACILITATOR else None,
            **interpretation_config(request.user.pk, room.session.dialogue_id, membership.role),
        },
    }
    return render(request, "dialogues/room.html", context)


def interpretation_config(user_id: int, dialogue_id: int, role: str) -> dict[str, object]:
    """What the room's language control and the interpreter's marks need (docs/interpretation.md)."""
    return {
        "reads": reading_language_of(user_id),
        "languages": [
            {"code": code, "label": label, "name": languages.name_of(code), "rtl": languages.is_rtl(code)}
            for code, label in languages.choices()
        ],
        "readingUrl": reverse("dialogues:reading_language"),
        # For interpreters: what the readers chose; the page adds every language it sees messages in.
        "readerLanguages": dialogue_reading_languages(dialogue_id) if role == Role.INTERPRETER else [],
    }


def closing_context(room: Room, role: str) -> dict[str, object]:
    """What the closing screen says happens next, by role."""
    session = room.session
    return {
        "room": room,
        "session": session,
        "dialogue": session.dialogue,
        "is_facilitator": role == Role.FACILITATOR,
        "is_participant": role == Role.PARTICIPANT,
    }
