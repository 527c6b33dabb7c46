# Written by hand (issue 12): an API token's name, typed by its owner, goes under the key ring.
# Reversible: going back decrypts it into the plain column again.

from django.db import migrations, models

import core.crypto


def encrypt(apps, schema_editor):
    from core.crypto import encrypt_text

    ApiToken = apps.get_model("participants", "ApiToken")
    for row in ApiToken._base_manager.values("pk", "name").iterator():
        if row["name"]:
            ApiToken._base_manager.filter(pk=row["pk"]).update(name=encrypt_text(row["name"]))


def decrypt(apps, schema_editor):
    from core.crypto import decrypt_text

    ApiToken = apps.get_model("participants", "ApiToken")
    for row in ApiToken._base_manager.values("pk", "name").iterator():
        if row["name"]:
            ApiToken._base_manager.filter(pk=row["pk"]).update(name=decrypt_text(row["name"]))


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0008_authenticators"),
    ]

    operations = [
        # A token is longer than the old varchar(100): widen the column before writing it.
        migrations.AlterField(model_name="apitoken", name="name", field=models.TextField()),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="apitoken", name="name", field=core.crypto.EncryptedTextField(max_length=100)
        ),
    ]
