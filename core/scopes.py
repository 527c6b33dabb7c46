"""What an API token may be used for. Defined below the apps, because each app's API checks them."""

from django.db import models


class Scope(models.TextChoices):
    READ_SUMMARIES = "read_summaries", "Read released summaries"
    MANAGE_DIALOGUES = "manage_dialogues", "Manage dialogues"
