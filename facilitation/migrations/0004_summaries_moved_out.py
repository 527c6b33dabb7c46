"""The summary models moved to the summaries app (its 0001); their tables stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('facilitation', '0003_summaryversion_released_by'),
        ('summaries', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='summaryversion',
                name='approved_by',
            ),
            migrations.RemoveField(
                model_name='summaryversion',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='summaryversion',
                name='parent',
            ),
            migrations.RemoveField(
                model_name='summaryversion',
                name='released_by',
            ),
            migrations.RemoveField(
                model_name='summaryversion',
                name='session',
            ),
            migrations.RemoveField(
                model_name='uptake',
                name='version',
            ),
            migrations.RemoveField(
                model_name='uptake',
                name='liaison',
            ),
            migrations.DeleteModel(
                name='ReleaseAccess',
            ),
            migrations.DeleteModel(
                name='SummaryVersion',
            ),
            migrations.DeleteModel(
                name='Uptake',
            ),
            ],
            database_operations=[],
        ),
    ]
