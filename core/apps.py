from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Below every app: the audit log (its only models, core/audit.py, which every layer writes to) and
    the commands that belong to no app (key rotation, `audit_verify`)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
