# Written by hand (issue 12): single texts written before this change were encrypted under the key ring.
# What is still being drafted moves under the dialogue's data key (erased with it at the purge); what was
# released to liaisons (title, note and clauses of a released version) stays under the ring.

from django.db import migrations


def _reseal(model, fields, dialogue_path, rows):
    from core.crypto import dialogue_scope, seal_text

    for row in rows.values("pk", dialogue_path, *fields).iterator():
        scope = dialogue_scope(row[dialogue_path])
        changes = {f: seal_text(scope, row[f]) for f in fields if row[f]}
        if changes:
            model._base_manager.filter(pk=row["pk"]).update(**changes)


def seal(apps, schema_editor):
    SingleText = apps.get_model("singletext", "SingleText")
    TextVersion = apps.get_model("singletext", "TextVersion")
    Clause = apps.get_model("singletext", "Clause")
    Rating = apps.get_model("singletext", "Rating")
    released = TextVersion._base_manager.filter(releases__isnull=False).values("pk")
    texts = SingleText._base_manager.filter(releases__isnull=True)
    _reseal(SingleText, ["title"], "dialogue_id", texts)
    versions = TextVersion._base_manager.exclude(pk__in=released)
    _reseal(TextVersion, ["note"], "text__dialogue_id", versions)
    clauses = Clause._base_manager.exclude(version__in=released)
    _reseal(Clause, ["body"], "version__text__dialogue_id", clauses)
    _reseal(Rating, ["criticism"], "round__text__dialogue_id", Rating._base_manager.all())


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_data_keys"),
        ("singletext", "0001_initial"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
