"""Dialogues, their members, sessions, agendas, and the live rooms with their messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy

from core.crypto import (
    PERSON_TAG_LENGTH,
    EncryptedTextField,
    LookupHashField,
    dialogue_scope,
    lookup_hash,
    person_open,
    person_seal,
    person_tag,
)

from .choices import AttributionMode, DialogueStatus, Role, RoomKind, SessionStatus


class Dialogue(models.Model):
    # Under the key ring, not the dialogue's key: liaisons still see which dialogue a released summary
    # belongs to after the purge destroys that key (docs/data-lifecycle.md).
    title = EncryptedTextField(max_length=200)
    background = EncryptedTextField(blank=True, help_text="Confidential context; never shown to liaisons.")
    objectives = EncryptedTextField(blank=True)
    status = models.CharField(max_length=20, choices=DialogueStatus.choices, default=DialogueStatus.PREPARING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


PARTY_HASH = "party"


class PartyQuerySet(models.QuerySet["Party"]):
    """Finds parties by name through the name's keyed hash: the name itself is ciphertext, which no
    equality test can match. `filter(name=...)` (and `get`, `get_or_create`, `exclude`) keep working."""

    def _by_hash(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        for key in ("name", "name__exact", "name__iexact"):
            if key in kwargs:
                kwargs["name_hash"] = lookup_hash(PARTY_HASH, kwargs.pop(key))
        return kwargs

    def filter(self, *args: Any, **kwargs: Any) -> PartyQuerySet:
        return super().filter(*args, **self._by_hash(kwargs))

    def exclude(self, *args: Any, **kwargs: Any) -> PartyQuerySet:
        return super().exclude(*args, **self._by_hash(kwargs))


class Party(models.Model):
    """A country or community the dialogue brings together.

    The name is sealed under the dialogue's data key (a dump does not say who is at the table) and goes
    with it at the purge; order by name in Python (`dialogues.selectors.parties_of`), never in SQL.
    """

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="parties")
    name = EncryptedTextField(max_length=120)
    # Case-insensitive, so "Northvale" and "northvale" are one party, as the services already treat them.
    name_hash = LookupHashField(source="name", purpose=PARTY_HASH)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "name_hash"], name="party_name_unique_in_dialogue")
        ]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name

    def encryption_scope(self) -> str:
        return dialogue_scope(self.dialogue_id)


class Membership(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    is_active = models.BooleanField(default=True, help_text="Cleared when a facilitator removes the member.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dialogue", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "user"], name="one_membership_per_dialogue"),
            # Liaisons sit outside the parties: a party label would place them in the dialogue.
            models.CheckConstraint(
                condition=~Q(role=Role.LIAISON) | Q(party__isnull=True), name="liaison_has_no_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.dialogue_id} as {self.role}"


class Session(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="sessions")
    # Under the key ring, as the dialogue's title: released summaries name their session after the purge.
    title = EncryptedTextField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=90)
    timezone = models.CharField(
        max_length=64, default="UTC", help_text="IANA zone the session is planned in."
    )
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    attribution_mode = models.CharField(
        max_length=20, choices=AttributionMode.choices, default=AttributionMode.VEILED
    )
    current_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    item_started_at = models.DateTimeField(null=True, blank=True)
    participants_may_propose = models.BooleanField(
        default=False, help_text="Participants may put statements up for a vote."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped by every change to what a frame may show about a person in this session (attribution
    # mode, membership, role, display name): each server process compares it with its cached identities
    # before building a frame, so no process ever shows a name from before the change.
    identity_version = models.PositiveBigIntegerField(default=0)
    # Co-facilitation (dialogues/channel.py): the facilitator who holds the plenary's floor control
    # (nobody: any facilitator may give the floor), and a co-facilitator's pending request for it.
    floor_control = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    floor_control_since = models.DateTimeField(null=True, blank=True)
    floor_control_request = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=24 * 60),
                name="session_duration_between_5_minutes_and_a_day",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A copy loaded before someone else's bump must not write the older version back: a process
        # whose cache holds that older version would take it as current again. Only UPDATEs bump it.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "identity_version"
            ]
        super().save(*args, **kwargs)


class AgendaItem(models.Model):
    """One item of a session's agenda. Its title and description are sealed under the dialogue's data key
    and go with it at the purge; find an item by title in Python, never in SQL (ciphertext)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    title = EncryptedTextField(max_length=200)
    description = EncryptedTextField(blank=True)
    timebox_minutes = models.PositiveIntegerField(default=15)
    skipped = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(timebox_minutes__gte=1) & Q(timebox_minutes__lte=600), name="agenda_timebox_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def encryption_scope(self) -> str:
        return dialogue_scope(self.session.dialogue_id)


class Pseudonym(models.Model):
    """A stable per-session label ("Participant 4") shown instead of a name in a veiled room."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="pseudonyms")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The member key in frames is "m<number>": it names a seat in this session, not an account.
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_pseudonym_per_session"),
            models.UniqueConstraint(fields=["session", "number"], name="pseudonym_number_unique"),
            models.UniqueConstraint(fields=["session", "label"], name="pseudonym_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Room(models.Model):
    """A live room: the plenary of a session, one of its breakouts, or its facilitators' channel."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rooms")
    kind = models.CharField(max_length=20, choices=RoomKind.choices, default=RoomKind.PLENARY)
    # Under the key ring: rooms outlive the purge (a plenary's title is its session's).
    title = EncryptedTextField(max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="breakouts"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="breakout_rooms")
    last_seq = models.PositiveBigIntegerField(default=0)
    on_record = models.BooleanField(default=True)
    is_open = models.BooleanField(default=True)
    floor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    floor_since = models.DateTimeField(null=True, blank=True)
    floor_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Timed breakouts end here.")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"], condition=Q(kind=RoomKind.PLENARY), name="one_plenary_per_session"
            ),
            models.UniqueConstraint(
                fields=["session"], condition=Q(kind=RoomKind.FACILITATORS), name="one_channel_per_session"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[RoomKind.PLENARY, RoomKind.FACILITATORS], parent__isnull=True)
                | Q(kind=RoomKind.BREAKOUT, parent__isnull=False),
                name="breakouts_have_a_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    """An on-the-record statement. Off-the-record messages are relayed and never reach this table."""

    class Removal(models.TextChoices):
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn by the facilitator")
        RETRACTED = "retracted", gettext_lazy("Retracted by its author")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    client_id = models.UUIDField()
    # Who wrote it, with no clear link to the account (core.crypto, "sealed links to a person"): a keyed
    # tag for equality (resends, "my own message", erasure) and the account id sealed under the
    # dialogue's data key. Read and set through `author_id` (`Message.build` for a new one).
    author_tag = models.CharField(max_length=PERSON_TAG_LENGTH, editable=False)
    author_seal = models.TextField(editable=False)
    body = EncryptedTextField()
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    created_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removal = models.CharField(max_length=20, choices=Removal.choices, blank=True)
    # Detected when posted (dialogues/languages.py), so interpreters see what needs rendering; "" when
    # the text is too short or too mixed to tell.
    language = models.CharField(max_length=8, blank=True, default="")

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="message_seq_unique_in_room"),
            models.UniqueConstraint(
                fields=["room", "author_tag", "client_id"], name="message_client_id_idempotent"
            ),
            models.CheckConstraint(condition=Q(seq__gte=1), name="message_seq_positive"),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True, removal="")
                | Q(removed_at__isnull=False, removal__in=["withdrawn", "retracted"]),
                name="message_removal_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room_id}#{self.seq}"

    def encryption_scope(self) -> str:
        """The body is encrypted under the dialogue's own data key (core.crypto)."""
        return dialogue_scope(self.room.session.dialogue_id)

    @classmethod
    def build(cls, *, room: Room, author_id: int, **fields: Any) -> Message:
        """An unsaved message by `author_id`: the room first, since sealing the author needs its key."""
        msg = cls(room=room, **fields)
        msg.author_id = author_id
        return msg

    @property
    def author_id(self) -> int:
        """The author's account id, opened from the seal (one decryption per person and process)."""
        known: int | None = self.__dict__.get("_author_id")
        if known is None:
            known = person_open(self.author_tag, self.author_seal)
            self.__dict__["_author_id"] = known
        return known

    @author_id.setter
    def author_id(self, user_id: int) -> None:
        # Needs the room (its dialogue's key): `Message(room=..., author_id=...)` sets fields first.
        scope = self.encryption_scope()
        self.author_tag = person_tag(scope, user_id)
        self.author_seal = person_seal(scope, user_id)
        self.__dict__["_author_id"] = int(user_id)


class MessageRendering(models.Model):
    """An interpreter's rendering of a stored message into another language (docs/interpretation.md).

    It takes the room's next `seq`, like a message, so a reconnecting reader replays it in order; a new
    rendering of the same message into the same language replaces the text and takes a new `seq`.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="renderings")
    # The message's room, kept here so replay reads renderings by (room, seq) like messages.
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8)
    text = EncryptedTextField()
    # Who rendered it, sealed like a message's author: read and set through `interpreter_id`.
    interpreter_tag = models.CharField(max_length=PERSON_TAG_LENGTH, editable=False)
    interpreter_seal = models.TextField(editable=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="rendering_seq_unique_in_room"),
            models.UniqueConstraint(fields=["message", "language"], name="one_rendering_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.room_id}#{self.seq} ({self.language})"

    def encryption_scope(self) -> str:
        """Under the dialogue's data key, like the message it renders: destroying the key erases both."""
        return dialogue_scope(self.room.session.dialogue_id)

    @property
    def interpreter_id(self) -> int:
        """The interpreter's account id, opened from the seal (cached per person and process)."""
        known: int | None = self.__dict__.get("_interpreter_id")
        if known is None:
            known = person_open(self.interpreter_tag, self.interpreter_seal)
            self.__dict__["_interpreter_id"] = known
        return known

    @interpreter_id.setter
    def interpreter_id(self, user_id: int) -> None:
        scope = self.encryption_scope()  # the room is set first, as for a message's author
        self.interpreter_tag = person_tag(scope, user_id)
        self.interpreter_seal = person_seal(scope, user_id)
        self.__dict__["_interpreter_id"] = int(user_id)


class ReadingLanguage(models.Model):
    """The language a person reads rooms in (the room's language control); absent: the interface's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    language = models.CharField(max_length=8)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id} reads {self.language}"


class Hand(models.Model):
    """A raised hand in a room's speaking queue; lowering deletes it, so order is by `raised_at`."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="hands")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField()

    class Meta:
        ordering = ["raised_at", "id"]
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="one_hand_per_person")]

    def __str__(self) -> str:
        return f"hand {self.user_id} in {self.room_id}"


class Sanction(models.Model):
    """A facilitator's mute or removal of a person for one session."""

    class Kind(models.TextChoices):
        MUTED = "muted", gettext_lazy("Muted")
        REMOVED = "removed", gettext_lazy("Removed from the session")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="sanctions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user", "kind"], name="one_sanction_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} in session {self.session_id}"


class FloorTurn(models.Model):
    """A span of time a person held the floor, for the facilitator's speaking-balance view."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="floor_turns")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")), name="floor_turn_order"
            )
        ]

    def __str__(self) -> str:
        return f"floor {self.user_id} in {self.room_id} from {self.started_at:%H:%M}"


# --- the Chatham House Rule: published texts and each member's consent ------------------------------


class RuleVersion(models.Model):
    """A published text of the Chatham House Rule as Parley applies it; consent names the version."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "participants_ruleversion"  # moved from participants; the table kept its name
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Rule v{self.version}"


class Consent(models.Model):
    """A person's acceptance of a rule version for one dialogue. Revoking keeps the record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="consents")
    rule_version = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="consents")
    accepted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "participants_consent"  # moved from participants; the table kept its name
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dialogue", "rule_version"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_consent_per_version",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("accepted_at")),
                name="consent_revoked_after_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.dialogue_id} / v{self.rule_version.version}"


class Revocation(models.Model):
    """Access taken away from a person (or from everyone in a dialogue): sign-out, password change,
    deactivation, removal, withdrawn consent, a role change, a concluded dialogue.

    Every server process reads new rows every second and closes the matching sockets, so a revocation
    reaches every process even when its Redis notice is lost. Ids only: no name, no reason text.
    """

    class Scope(models.TextChoices):
        EVERYWHERE = "everywhere", "All of the person's sockets"
        DIALOGUE = "dialogue", "The person's sockets in one dialogue (everyone's, without a person)"
        SESSION = "session", "The person's sockets in one session"
        LOGIN = "login", "The sockets opened with one sign-in"

    user_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)  # None: everyone
    scope = models.CharField(max_length=12, choices=Scope.choices)
    # The dialogue or session id, or a SHA-256 prefix of the sign-in's session key (never the key).
    target = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"revocation {self.pk} ({self.scope})"
