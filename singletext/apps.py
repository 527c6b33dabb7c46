from django.apps import AppConfig


class SingleTextConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "singletext"
    verbose_name = "Single text"

    def ready(self) -> None:
        # A dialogue's purge (summaries.retention) erases the single texts' drafting too. ready() can run
        # twice in some test setups, so register once.
        from dialogues.purge import PURGE_STEPS

        from .retention import single_texts_purge

        if single_texts_purge not in PURGE_STEPS:
            PURGE_STEPS.append(single_texts_purge)
