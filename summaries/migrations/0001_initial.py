"""The summary models move here from the facilitation app without touching the database: their tables
keep the names `facilitation_*`, so this migration only changes Django's state, and renames the content
types so permissions and admin history stay attached."""

import core.crypto
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("summaryversion", "uptake", "releaseaccess")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)


def move_content_types(apps, schema_editor) -> None:
    _relabel(apps, "facilitation", "summaries")


def move_content_types_back(apps, schema_editor) -> None:
    _relabel(apps, "summaries", "facilitation")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('dialogues', '0002_pseudonym_number'),
        ('facilitation', '0003_summaryversion_released_by'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='SummaryVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveIntegerField()),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('compiling', 'Compiling'), ('draft', 'Draft'), ('approved', 'Approved'), ('released', 'Released'), ('failed', 'Failed')], default='queued', max_length=12)),
                    ('body', core.crypto.EncryptedTextField(blank=True)),
                    ('flags', models.JSONField(blank=True, default=list, help_text='Sentences redaction flagged for review.')),
                    ('review', core.crypto.EncryptedTextField(blank=True)),
                    ('progress', models.PositiveSmallIntegerField(default=0)),
                    ('progress_note', models.CharField(blank=True, max_length=200)),
                    ('task_id', models.CharField(blank=True, max_length=64)),
                    ('error', models.TextField(blank=True)),
                    ('content_hash', models.CharField(blank=True, max_length=64)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('claimed_at', models.DateTimeField(blank=True, null=True)),
                    ('compiled_at', models.DateTimeField(blank=True, null=True)),
                    ('approved_at', models.DateTimeField(blank=True, null=True)),
                    ('released_at', models.DateTimeField(blank=True, null=True)),
                    ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='summaries.summaryversion')),
                    ('released_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='summary_versions', to='dialogues.session')),
                ],
                options={
                    'db_table': 'facilitation_summaryversion',
                    'ordering': ['session', '-number'],
                },
            ),
            migrations.CreateModel(
                name='ReleaseAccess',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('read', 'Read'), ('pdf', 'Downloaded PDF'), ('markdown', 'Downloaded Markdown'), ('json', 'Downloaded JSON')], max_length=10)),
                    ('at', models.DateTimeField(auto_now_add=True)),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='accesses', to='summaries.summaryversion')),
                ],
                options={
                    'db_table': 'facilitation_releaseaccess',
                    'ordering': ['-at'],
                },
            ),
            migrations.CreateModel(
                name='Uptake',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('proposal_key', models.CharField(max_length=40)),
                    ('status', models.CharField(choices=[('noted', 'Noted'), ('under_consideration', 'Under consideration'), ('taken_forward', 'Taken forward'), ('declined', 'Declined')], max_length=24)),
                    ('comment', core.crypto.EncryptedTextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('liaison', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='uptakes', to=settings.AUTH_USER_MODEL)),
                    ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='uptakes', to='summaries.summaryversion')),
                ],
                options={
                    'db_table': 'facilitation_uptake',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.AddConstraint(
                model_name='summaryversion',
                constraint=models.UniqueConstraint(fields=('session', 'number'), name='summary_version_number_unique'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
