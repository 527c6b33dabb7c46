from django.db import migrations, models


def number_existing(apps, schema_editor):
    Pseudonym = apps.get_model("dialogues", "Pseudonym")
    counters: dict[int, int] = {}
    for p in Pseudonym.objects.order_by("session_id", "id"):
        counters[p.session_id] = counters.get(p.session_id, 0) + 1
        p.number = counters[p.session_id]
        p.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="pseudonym", name="number", field=models.PositiveIntegerField(default=0), preserve_default=False
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="pseudonym",
            constraint=models.UniqueConstraint(fields=("session", "number"), name="pseudonym_number_unique"),
        ),
    ]
