# Written by hand (issue 12): dialogue, session and room titles go under the key ring (they outlive the
# purge: liaisons see which dialogue and session a released summary belongs to); agenda items' titles and
# descriptions are sealed under their dialogue's data key (the purge deletes them with it).
# Reversible: going back decrypts the values into the plain columns again.

from django.db import migrations, models

import core.crypto

RING = {"Dialogue": ["title"], "Session": ["title"], "Room": ["title"]}
SEALED = ["title", "description"]


def encrypt(apps, schema_editor):
    from core.crypto import dialogue_scope, encrypt_text, seal_text

    for name, fields in RING.items():
        model = apps.get_model("dialogues", name)
        for row in model._base_manager.values("pk", *fields).iterator():
            changes = {f: encrypt_text(row[f]) for f in fields if row[f]}
            if changes:
                model._base_manager.filter(pk=row["pk"]).update(**changes)
    AgendaItem = apps.get_model("dialogues", "AgendaItem")
    for row in AgendaItem._base_manager.values("pk", "session__dialogue_id", *SEALED).iterator():
        scope = dialogue_scope(row["session__dialogue_id"])
        changes = {f: seal_text(scope, row[f]) for f in SEALED if row[f]}
        if changes:
            AgendaItem._base_manager.filter(pk=row["pk"]).update(**changes)


def decrypt(apps, schema_editor):
    from core.crypto import DATA_KEY_PREFIX, _open_sealed, decrypt_text

    def plain(token: str) -> str:
        return _open_sealed(token) if token.startswith(DATA_KEY_PREFIX) else decrypt_text(token)

    for name, fields in [*RING.items(), ("AgendaItem", SEALED)]:
        model = apps.get_model("dialogues", name)
        for row in model._base_manager.values("pk", *fields).iterator():
            changes = {f: plain(row[f]) for f in fields if row[f]}
            if changes:
                model._base_manager.filter(pk=row["pk"]).update(**changes)


def _text(blank: bool = False) -> models.TextField:
    return models.TextField(blank=blank)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_retention_and_receipts"),
        ("dialogues", "0010_sealed_person_links"),
    ]

    operations = [
        # Tokens are longer than the old varchar(200): widen the columns before writing them.
        migrations.AlterField(model_name="dialogue", name="title", field=_text()),
        migrations.AlterField(model_name="session", name="title", field=_text()),
        migrations.AlterField(model_name="room", name="title", field=_text()),
        migrations.AlterField(model_name="agendaitem", name="title", field=_text()),
        migrations.AlterField(model_name="agendaitem", name="description", field=_text(blank=True)),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="dialogue", name="title", field=core.crypto.EncryptedTextField(max_length=200)
        ),
        migrations.AlterField(
            model_name="session", name="title", field=core.crypto.EncryptedTextField(max_length=200)
        ),
        migrations.AlterField(
            model_name="room", name="title", field=core.crypto.EncryptedTextField(max_length=200)
        ),
        migrations.AlterField(
            model_name="agendaitem", name="title", field=core.crypto.EncryptedTextField(max_length=200)
        ),
        migrations.AlterField(
            model_name="agendaitem", name="description", field=core.crypto.EncryptedTextField(blank=True)
        ),
    ]
