from django.apps import AppConfig


class SummariesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "summaries"

    def ready(self) -> None:
        from dialogues.live.services import SESSION_ENDED_HOOKS

        from .services import queue_after_session_end

        # A session that ends gets its summary compiled. The hook list is explicit (not a signal) and
        # ready() can run twice in some test setups, so register once.
        if queue_after_session_end not in SESSION_ENDED_HOOKS:
            SESSION_ENDED_HOOKS.append(queue_after_session_end)
        # Titles and party names are checked by the leak gate when they are written (issue 14, item 5).
        from dialogues.services import WORDING_CHECKS

        from .gate import dialogue_wording_problems

        if dialogue_wording_problems not in WORDING_CHECKS:
            WORDING_CHECKS.append(dialogue_wording_problems)
