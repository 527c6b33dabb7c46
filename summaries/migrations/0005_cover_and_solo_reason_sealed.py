# Written by hand (issue 12): a version's cover title and solo-approval reason go under the same key as its
# body: its dialogue's data key while it is a draft, the key ring once released (it outlives the purge).
# Reversible: going back decrypts them into the plain columns again.

from django.db import migrations, models

import core.crypto

FIELDS = ["cover_title", "solo_reason"]


def encrypt(apps, schema_editor):
    from core.crypto import dialogue_scope, encrypt_text, seal_text

    SummaryVersion = apps.get_model("summaries", "SummaryVersion")
    rows = SummaryVersion._base_manager.values("pk", "status", "session__dialogue_id", *FIELDS)
    for row in rows.iterator():
        if row["status"] == "released":
            changes = {f: encrypt_text(row[f]) for f in FIELDS if row[f]}
        else:
            scope = dialogue_scope(row["session__dialogue_id"])
            changes = {f: seal_text(scope, row[f]) for f in FIELDS if row[f]}
        if changes:
            SummaryVersion._base_manager.filter(pk=row["pk"]).update(**changes)


def decrypt(apps, schema_editor):
    from core.crypto import DATA_KEY_PREFIX, _open_sealed, decrypt_text

    SummaryVersion = apps.get_model("summaries", "SummaryVersion")
    for row in SummaryVersion._base_manager.values("pk", *FIELDS).iterator():
        changes = {
            f: _open_sealed(row[f]) if row[f].startswith(DATA_KEY_PREFIX) else decrypt_text(row[f])
            for f in FIELDS
            if row[f]
        }
        if changes:
            SummaryVersion._base_manager.filter(pk=row["pk"]).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_retention_and_receipts"),
        ("summaries", "0004_drafts_sealed"),
    ]

    operations = [
        # A token is longer than the old varchar(200): widen the column before writing it.
        migrations.AlterField(
            model_name="summaryversion", name="cover_title", field=models.TextField(blank=True)
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="summaryversion",
            name="cover_title",
            field=core.crypto.EncryptedTextField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="summaryversion", name="solo_reason", field=core.crypto.EncryptedTextField(blank=True)
        ),
    ]
