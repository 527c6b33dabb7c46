"""Consent and the rule texts moved to the dialogues app (its 0003); their tables stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dialogues', '0003_consent_moved_in'),
        ('participants', '0002_chatham_house_rule_v1'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='consent',
                name='dialogue',
            ),
            migrations.RemoveField(
                model_name='consent',
                name='rule_version',
            ),
            migrations.RemoveField(
                model_name='consent',
                name='user',
            ),
            migrations.DeleteModel(
                name='RuleVersion',
            ),
            migrations.DeleteModel(
                name='Consent',
            ),
            ],
            database_operations=[],
        ),
    ]
