from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialogues"

    def ready(self) -> None:
        from . import signals

        signals.connect()  # revocations caught at the model (dialogues/signals.py)
        from .live import cofacilitation  # noqa: F401  (registers the floor-control frames)
