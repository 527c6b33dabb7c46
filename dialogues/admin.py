from django.contrib import admin
from django.http import HttpRequest

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
    search_fields = ["title"]
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
