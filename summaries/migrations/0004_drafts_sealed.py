# Written by hand (issue 12): drafts written before this change were encrypted under the key ring; they
# move under their dialogue's data key, so the purge (which destroys that key) erases every copy of them.
# Released versions stay under the ring: they outlive the purge.

from django.db import migrations


def _reseal(model, fields, dialogue_path, rows):
    from core.crypto import dialogue_scope, seal_text

    for row in rows.values("pk", dialogue_path, *fields).iterator():
        scope = dialogue_scope(row[dialogue_path])
        changes = {f: seal_text(scope, row[f]) for f in fields if row[f]}
        if changes:
            model._base_manager.filter(pk=row["pk"]).update(**changes)


def seal(apps, schema_editor):
    SummaryVersion = apps.get_model("summaries", "SummaryVersion")
    ReadBackFlag = apps.get_model("summaries", "ReadBackFlag")
    RapporteurNotes = apps.get_model("summaries", "RapporteurNotes")
    drafts = SummaryVersion._base_manager.exclude(status="released")
    _reseal(SummaryVersion, ["body", "review"], "session__dialogue_id", drafts)
    flags = ReadBackFlag._base_manager.all()
    _reseal(
        ReadBackFlag, ["line_text", "note", "resolution"], "read_back__version__session__dialogue_id", flags
    )
    _reseal(RapporteurNotes, ["text"], "session__dialogue_id", RapporteurNotes._base_manager.all())


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_data_keys"),
        ("summaries", "0003_summary_language"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
