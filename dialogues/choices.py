"""Choices shared across apps, kept apart from models so any module can import them cheaply."""

from django.db import models


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    PARTICIPANT = "participant", "Participant"
    OBSERVER = "observer", "Observer"
    LIAISON = "liaison", "Government liaison"
    # Renders what is said into another language (docs/interpretation.md): enters rooms under the rule,
    # but is never counted as a participant, and nothing they write feeds a summary.
    INTERPRETER = "interpreter", "Interpreter"


class DialogueStatus(models.TextChoices):
    PREPARING = "preparing", "Preparing"
    ACTIVE = "active", "Active"
    CONCLUDED = "concluded", "Concluded"


class SessionStatus(models.TextChoices):
    """scheduled -> lobby (doors open, nothing on the record) -> live <-> paused -> closed (ended).

    The stored value of the last state stays "closed" (frames, exports and tests read it); people see
    "Ended"."""

    SCHEDULED = "scheduled", "Scheduled"
    LOBBY = "lobby", "Lobby (doors open, not on the record)"
    LIVE = "live", "Live"
    PAUSED = "paused", "Paused (not on the record)"
    CLOSED = "closed", "Ended"


class AttributionMode(models.TextChoices):
    NAMED = "named", "Named: members see each other's names"
    VEILED = "veiled", "Veiled: stable pseudonyms in the room"


class RoomKind(models.TextChoices):
    PLENARY = "plenary", "Plenary"
    BREAKOUT = "breakout", "Breakout"
    # The facilitators' private channel of a session: only facilitators enter it, and nothing said in
    # it reaches a participant, a summary, an export or a read-back (dialogues/channel.py).
    FACILITATORS = "facilitators", "Facilitators' channel"


# Roles that take part in a session's rooms; liaisons never do.
ROOM_ROLES = (Role.FACILITATOR, Role.PARTICIPANT, Role.OBSERVER, Role.INTERPRETER)
# Roles that must accept the Chatham House Rule before entering a room.
CONSENTING_ROLES = (Role.PARTICIPANT, Role.OBSERVER, Role.INTERPRETER)
