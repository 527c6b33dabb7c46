"""Consent and the rule texts move here from participants without touching the database: their tables
keep the names `participants_*`, so this migration only changes Django's state and relabels the
content types."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("ruleversion", "consent")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)


def move_content_types(apps, schema_editor) -> None:
    _relabel(apps, "participants", "dialogues")


def move_content_types_back(apps, schema_editor) -> None:
    _relabel(apps, "dialogues", "participants")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('participants', '0002_chatham_house_rule_v1'),
        ('dialogues', '0002_pseudonym_number'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='RuleVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('version', models.PositiveIntegerField(unique=True)),
                    ('text', models.TextField()),
                    ('published_at', models.DateTimeField(auto_now_add=True)),
                ],
                options={
                    'db_table': 'participants_ruleversion',
                    'ordering': ['-version'],
                },
            ),
            migrations.CreateModel(
                name='Consent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('accepted_at', models.DateTimeField()),
                    ('revoked_at', models.DateTimeField(blank=True, null=True)),
                    ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='dialogues.dialogue')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to=settings.AUTH_USER_MODEL)),
                    ('rule_version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consents', to='dialogues.ruleversion')),
                ],
                options={
                    'db_table': 'participants_consent',
                    'constraints': [models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True)), fields=('user', 'dialogue', 'rule_version'), name='one_active_consent_per_version'), models.CheckConstraint(condition=models.Q(('revoked_at__isnull', True), ('revoked_at__gte', models.F('accepted_at')), _connector='OR'), name='consent_revoked_after_accepted')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
