from django.contrib import admin

from .models import ApiToken, Invitation, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["display_name", "user", "sector", "organisation", "country"]
    # No search or filter: the columns are ciphertext (participants/models.py), which matches nothing.


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "dialogue", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    # The hashes are useless to staff and only a liability on screen.
    exclude = ["token_hash", "email_hash"]
    readonly_fields = ["accepted_at", "accepted_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    exclude = ["token_hash"]
