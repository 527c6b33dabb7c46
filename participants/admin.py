from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, Authenticator, Invitation, Profile, RecoveryDevice


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


# Staff can see that a person has a second factor and delete it (a lost phone), never its secret: the
# seed and the recovery codes' hash key are not shown or editable (django-otp's own admin showed the seed).
@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin[Authenticator]):
    list_display = ["name", "user", "confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # enrolment happens with the person's own authenticator app, not here


@admin.register(RecoveryDevice)
class RecoveryDeviceAdmin(admin.ModelAdmin[RecoveryDevice]):
    list_display = ["name", "user", "confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
