from django.contrib import admin
from django.http import HttpRequest

from .models import CapturedItem, Statement, Vote


@admin.register(CapturedItem)
class CapturedItemAdmin(admin.ModelAdmin[CapturedItem]):
    list_display = ["kind", "session", "agenda_item", "resolved", "created_at"]
    list_filter = ["kind", "resolved"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin[Statement]):
    list_display = ["pk", "session", "status", "created_at"]
    list_filter = ["status"]
    # Who proposed it stays out of sight even for staff (and sealed: it exists for moderation only).
    exclude = ["proposer_tag", "proposer_seal"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin[Vote]):
    # Even staff see no per-person trail: no voter hash, party or time, and nothing can be edited.
    list_display = ["statement"]
    fields = ["statement", "value"]
    readonly_fields = ["statement", "value"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Vote | None = None) -> bool:
        return False
