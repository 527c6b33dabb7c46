from django.db import migrations

from dialogues.rules import RULE_TEXTS


def publish(apps, schema_editor):
    RuleVersion = apps.get_model("participants", "RuleVersion")
    RuleVersion.objects.get_or_create(version=1, defaults={"text": RULE_TEXTS[1]})


def unpublish(apps, schema_editor):
    RuleVersion = apps.get_model("participants", "RuleVersion")
    RuleVersion.objects.filter(version=1, consents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(publish, unpublish)]
