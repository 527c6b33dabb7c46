# Written by hand (issue 12, item 1): who proposed a statement is no longer a foreign key to auth_user but
# a keyed tag and a seal under the dialogue's data key (core.crypto, "sealed links to a person"), like a
# message's author. Existing rows are converted, then the clear column dropped. Reversible.

from django.conf import settings
from django.db import migrations, models

BATCH = 2000


def seal_proposers(apps, schema_editor):
    from core.crypto import dialogue_scope, person_seal, person_tag

    Statement = apps.get_model("facilitation", "Statement")
    rows = Statement._base_manager.filter(proposed_by__isnull=False).order_by("pk")
    batch = []
    for pk, user_id, dialogue_id in rows.values_list("pk", "proposed_by_id", "session__dialogue_id").iterator(
        BATCH
    ):
        scope = dialogue_scope(dialogue_id)
        batch.append(
            Statement(
                pk=pk, proposer_tag=person_tag(scope, user_id), proposer_seal=person_seal(scope, user_id)
            )
        )
    Statement._base_manager.bulk_update(batch, ["proposer_tag", "proposer_seal"], batch_size=BATCH)


def open_proposers(apps, schema_editor):
    from core.crypto import person_open

    Statement = apps.get_model("facilitation", "Statement")
    for pk, tag, seal in Statement._base_manager.exclude(proposer_seal="").values_list(
        "pk", "proposer_tag", "proposer_seal"
    ):
        Statement._base_manager.filter(pk=pk).update(proposed_by_id=person_open(tag, seal))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_data_keys"),
        ("facilitation", "0004_summaries_moved_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="proposer_tag",
            field=models.CharField(blank=True, editable=False, max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="statement",
            name="proposer_seal",
            field=models.TextField(blank=True, editable=False, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(seal_proposers, open_proposers, elidable=False),
        migrations.RemoveField(model_name="statement", name="proposed_by"),
    ]
