from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext

from .authorship import words_kept
from .models import (
    AgendaItem,
    Consent,
    Dialogue,
    FloorTurn,
    Hand,
    Membership,
    Message,
    Party,
    Pseudonym,
    Room,
    RuleVersion,
    Sanction,
    Session,
)


class PartyInline(admin.TabularInline[Party, Dialogue]):
    model = Party
    extra = 0


class MembershipInline(admin.TabularInline[Membership, Dialogue]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin[Dialogue]):
    list_display = ["title", "status", "created_at"]
    list_filter = ["status"]
    # No search by title: it is encrypted, and SQL would search ciphertext.
    inlines = [PartyInline, MembershipInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin[Party]):
    list_display = ["name", "dialogue"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "dialogue", "role", "party", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["user"]


class AgendaInline(admin.TabularInline[AgendaItem, Session]):
    model = AgendaItem
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ["title", "dialogue", "starts_at", "status", "attribution_mode"]
    list_filter = ["status", "attribution_mode"]
    inlines = [AgendaInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin[AgendaItem]):
    list_display = ["title", "session", "position", "timebox_minutes", "skipped"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin[Room]):
    list_display = ["title", "session", "kind", "last_seq", "on_record", "is_open"]
    list_filter = ["kind", "on_record", "is_open"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ["room", "seq", "author_id", "created_at", "removal"]
    list_filter = ["removal"]
    raw_id_fields = ["room", "agenda_item"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A message's author is sealed by the room's services (`author_id`), which no admin form sets.
        return False


@admin.register(Pseudonym)
class PseudonymAdmin(admin.ModelAdmin[Pseudonym]):
    list_display = ["label", "session", "user"]


@admin.register(Hand)
class HandAdmin(admin.ModelAdmin[Hand]):
    list_display = ["room", "user", "raised_at"]


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin[Sanction]):
    list_display = ["session", "user", "kind", "created_at"]


@admin.register(FloorTurn)
class FloorTurnAdmin(admin.ModelAdmin[FloorTurn]):
    list_display = ["room", "user", "started_at", "ended_at"]


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin[RuleVersion]):
    list_display = ["version", "published_at"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin[Consent]):
    list_display = ["user", "dialogue", "rule_version", "accepted_at", "revoked_at"]
    list_filter = ["rule_version"]


class AccountAdmin(UserAdmin[User]):
    """Django's user admin, refusing (as a protected object, not a server error) to delete an account
    whose messages a transcript keeps: the sealed author link has no foreign key to protect it, so the
    refusal is `dialogues.signals.account_deleting`, which the admin's collector cannot see."""

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, list[Any]]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            if words_kept(user).exists():
                protected = [
                    *protected,
                    gettext(
                        "%(account)s: their messages are kept in a transcript; delete the account "
                        "from its profile page instead (its words stay, its identity goes)."
                    )
                    % {"account": user},
                ]
        return deleted, counts, perms_needed, protected


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
