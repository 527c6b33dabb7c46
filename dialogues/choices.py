"""Choices shared across apps, kept apart from models so any module can import them cheaply."""

from django.db import models
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    FACILITATOR = "facilitator", gettext_lazy("Facilitator")
    PARTICIPANT = "participant", gettext_lazy("Participant")
    OBSERVER = "observer", gettext_lazy("Observer")
    LIAISON = "liaison", gettext_lazy("Government liaison")
    # Renders what is said into another language (docs/interpretation.md): enters rooms under the rule,
    # but is never counted as a participant, and nothing they write feeds a summary.
    INTERPRETER = "interpreter", gettext_lazy("Interpreter")


class DialogueStatus(models.TextChoices):
    PREPARING = "preparing", gettext_lazy("Preparing")
    ACTIVE = "active", gettext_lazy("Active")
    CONCLUDED = "concluded", gettext_lazy("Concluded")


class SessionStatus(models.TextChoices):
    """scheduled -> lobby (doors open, nothing on the record) -> live <-> paused -> closed (ended).

    The stored value of the last state stays "closed" (frames, exports and tests read it); people see
    "Ended"."""

    SCHEDULED = "scheduled", gettext_lazy("Scheduled")
    LOBBY = "lobby", gettext_lazy("Lobby (doors open, not on the record)")
    LIVE = "live", gettext_lazy("Live")
    PAUSED = "paused", gettext_lazy("Paused (not on the record)")
    CLOSED = "closed", gettext_lazy("Ended")


class AttributionMode(models.TextChoices):
    NAMED = "named", gettext_lazy("Named: members see each other's names")
    VEILED = "veiled", gettext_lazy("Veiled: stable pseudonyms in the room")


class RoomKind(models.TextChoices):
    PLENARY = "plenary", gettext_lazy("Plenary")
    BREAKOUT = "breakout", gettext_lazy("Breakout")
    # The facilitators' private channel of a session: only facilitators enter it, and nothing said in
    # it reaches a participant, a summary, an export or a read-back (dialogues/channel.py).
    FACILITATORS = "facilitators", gettext_lazy("Facilitators' channel")


# Roles that take part in a session's rooms; liaisons never do.
ROOM_ROLES = (Role.FACILITATOR, Role.PARTICIPANT, Role.OBSERVER, Role.INTERPRETER)
# Roles that must accept the Chatham House Rule before entering a room.
CONSENTING_ROLES = (Role.PARTICIPANT, Role.OBSERVER, Role.INTERPRETER)
