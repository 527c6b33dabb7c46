from django.apps import AppConfig


class SingleTextConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "singletext"
    verbose_name = "Single text"
