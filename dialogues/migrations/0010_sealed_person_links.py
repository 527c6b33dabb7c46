# Written by hand (issue 12, item 1): a message's author and a rendering's interpreter are no longer
# foreign keys to auth_user. Each becomes a keyed tag and a seal under the dialogue's data key
# (core.crypto, "sealed links to a person"); existing rows are converted, then the clear columns dropped.
# Reversible: the columns come back nullable, are refilled from the seals, then made required again.

from django.conf import settings
from django.db import migrations, models
from django.db.models.deletion import PROTECT

BATCH = 2000

LINKS = [
    # model, the old foreign key, the new tag and seal columns
    ("Message", "author", "author_tag", "author_seal"),
    ("MessageRendering", "interpreter", "interpreter_tag", "interpreter_seal"),
]


def seal_links(apps, schema_editor):
    from core.crypto import dialogue_scope, person_seal, person_tag

    for model_name, link, tag, seal in LINKS:
        model = apps.get_model("dialogues", model_name)
        rows = model._base_manager.order_by("pk").values_list(
            "pk", f"{link}_id", "room__session__dialogue_id"
        )
        batch = []
        for pk, user_id, dialogue_id in rows.iterator(BATCH):
            scope = dialogue_scope(dialogue_id)
            batch.append(model(pk=pk, **{tag: person_tag(scope, user_id), seal: person_seal(scope, user_id)}))
            if len(batch) == BATCH:
                model._base_manager.bulk_update(batch, [tag, seal])
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, [tag, seal])


def open_links(apps, schema_editor):
    from core.crypto import person_open

    for model_name, link, tag, seal in LINKS:
        model = apps.get_model("dialogues", model_name)
        for pk, tagged, sealed in model._base_manager.values_list("pk", tag, seal).iterator(BATCH):
            model._base_manager.filter(pk=pk).update(**{f"{link}_id": person_open(tagged, sealed)})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_data_keys"),
        ("dialogues", "0009_party_sealed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="author_tag",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="message",
            name="author_seal",
            field=models.TextField(default="", editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="messagerendering",
            name="interpreter_tag",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="messagerendering",
            name="interpreter_seal",
            field=models.TextField(default="", editable=False),
            preserve_default=False,
        ),
        # Nullable first, so that going back can add the columns to a table that has rows.
        migrations.AlterField(
            model_name="message",
            name="author",
            field=models.ForeignKey(
                null=True, on_delete=PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="messagerendering",
            name="interpreter",
            field=models.ForeignKey(
                null=True, on_delete=PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.RunPython(seal_links, open_links, elidable=False),
        migrations.RemoveConstraint(model_name="message", name="message_client_id_idempotent"),
        migrations.RemoveField(model_name="message", name="author"),
        migrations.RemoveField(model_name="messagerendering", name="interpreter"),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.UniqueConstraint(
                fields=("room", "author_tag", "client_id"), name="message_client_id_idempotent"
            ),
        ),
    ]
