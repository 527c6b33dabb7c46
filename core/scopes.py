"""What an API token may be used for. Defined below the apps, because each app's API checks them."""

from django.db import models
from django.utils.translation import gettext_lazy


class Scope(models.TextChoices):
    READ_SUMMARIES = "read_summaries", gettext_lazy("Read released summaries")
    MANAGE_DIALOGUES = "manage_dialogues", gettext_lazy("Manage dialogues")
