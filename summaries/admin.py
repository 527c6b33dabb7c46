from django.contrib import admin

from .models import ReleaseAccess, SummaryVersion, Uptake


@admin.register(SummaryVersion)
class SummaryVersionAdmin(admin.ModelAdmin[SummaryVersion]):
    list_display = ["session", "number", "status", "progress", "created_at", "released_at"]
    list_filter = ["status"]


@admin.register(Uptake)
class UptakeAdmin(admin.ModelAdmin[Uptake]):
    list_display = ["version", "proposal_key", "liaison", "status", "created_at"]
    list_filter = ["status"]


@admin.register(ReleaseAccess)
class ReleaseAccessAdmin(admin.ModelAdmin[ReleaseAccess]):
    list_display = ["version", "user", "kind", "at"]
    list_filter = ["kind"]
