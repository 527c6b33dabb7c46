from django.apps import AppConfig


class CoreConfig(AppConfig):
    """No models: an app only so that its management commands (key rotation, redaction and
    common-ground checks, the OpenAPI schema) are found."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
