"""The live room page (the socket does the rest)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.types import AuthedRequest

from .. import consent as chatham
from .. import selectors
from ..choices import ROOM_ROLES, Role, RoomKind
from ..live.selectors import room_access
from ..models import Room


@login_required
def room_page(request: AuthedRequest, room_id: int) -> HttpResponse:
    room = Room.objects.select_related("session__dialogue").filter(pk=room_id).first()
    if room is None:
        raise Http404(selectors.NOT_FOUND)
    membership = selectors.membership_get(
        user=request.user, dialogue_id=room.session.dialogue_id, roles=ROOM_ROLES
    )
    consented = chatham.consent_current(user=request.user, dialogue_id=room.session.dialogue_id) is not None
    if chatham.needs_consent(membership) and not consented:
        consent_url = reverse("participants:consent", args=[room.session.dialogue_id])
        return redirect(f"{consent_url}?next={request.path}")
    access = room_access(request.user.pk, room.pk)
    if access is None:
        # Closed, ended, removed from the session, or a breakout you are not in: all look the same.
        raise Http404(selectors.NOT_FOUND)
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
            "retractSeconds": settings.PARLEY_RETRACT_SECONDS,
            "maxChars": settings.PARLEY_MAX_MESSAGE_CHARS,
            "sessionUrl": reverse("dialogues:session", args=[room.session_id]),
            "roomUrlTemplate": reverse("dialogues:room", args=[0]).replace("/0/", "/{id}/"),
        },
    }
    return render(request, "dialogues/room.html", context)
