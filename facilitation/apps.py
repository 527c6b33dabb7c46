from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "facilitation"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (registers the console's room-protocol frames)
