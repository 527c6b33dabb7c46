"""A display name changed anywhere (the profile page, the admin, a command): rooms that show it must not
keep the old one. Caught at the model so no path forgets it; see dialogues/signals.py for the rest."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save

from dialogues import services as dialogue_services
from dialogues.models import Membership

from .models import Profile

_RENAMED = "_parley_renamed"


def profile_saving(
    sender: type[Profile], instance: Profile, update_fields: Any = None, **kwargs: Any
) -> None:
    if instance.pk is None or (update_fields is not None and "display_name" not in update_fields):
        return
    stored = Profile.objects.filter(pk=instance.pk).values_list("display_name", flat=True).first()
    if stored is not None and stored != instance.display_name:
        setattr(instance, _RENAMED, True)


def profile_saved(sender: type[Profile], instance: Profile, **kwargs: Any) -> None:
    if instance.__dict__.pop(_RENAMED, False):
        dialogue_ids = Membership.objects.filter(user_id=instance.user_id).values_list(
            "dialogue_id", flat=True
        )
        dialogue_services.identities_changed(dialogue_ids=list(dialogue_ids))


def connect() -> None:
    pre_save.connect(profile_saving, sender=Profile, dispatch_uid="parley-profile-rename")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="parley-profile-renamed")
