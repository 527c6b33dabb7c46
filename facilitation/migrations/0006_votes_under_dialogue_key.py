# Written by hand (issue 12, item 1): a vote's voter hash was HMAC(SECRET_KEY, session, account); it becomes
# a tag under the dialogue's data key (facilitation.console.selectors.voter_hash), so that destroying the
# key at the purge leaves a copied vote unlinkable even with the application's secret. A hash cannot be
# reversed, so each vote's voter is found by computing the old hash of every member of its dialogue;
# a vote no member's hash matches (SECRET_KEY changed since) is left as it was. Reversible the same way.

from django.db import migrations


def _old(dialogue_id, session_id, user_id):
    from django.utils.crypto import salted_hmac

    return salted_hmac("parley.facilitation.vote", f"{session_id}:{user_id}", algorithm="sha256").hexdigest()


def _new(dialogue_id, session_id, user_id):
    from core.crypto import dialogue_scope, person_tag

    return person_tag(dialogue_scope(dialogue_id), user_id, context=f"vote:{session_id}")


def _rehash(apps, before, after):
    Vote = apps.get_model("facilitation", "Vote")
    Membership = apps.get_model("dialogues", "Membership")
    members = {}
    tables = {}
    rows = Vote._base_manager.values_list(
        "pk", "voter", "statement__session_id", "statement__session__dialogue_id"
    ).order_by("pk")
    for pk, voter, session_id, dialogue_id in list(rows):
        if dialogue_id not in members:
            members[dialogue_id] = list(
                Membership.objects.filter(dialogue_id=dialogue_id).values_list("user_id", flat=True)
            )
        if session_id not in tables:
            tables[session_id] = {
                before(dialogue_id, session_id, u): after(dialogue_id, session_id, u)
                for u in members[dialogue_id]
            }
        rehashed = tables[session_id].get(voter)
        if rehashed is not None:
            Vote._base_manager.filter(pk=pk).update(voter=rehashed)


def forward(apps, schema_editor):
    _rehash(apps, _old, _new)


def backward(apps, schema_editor):
    _rehash(apps, _new, _old)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_data_keys"),
        ("dialogues", "0010_sealed_person_links"),
        ("facilitation", "0005_statement_proposer_sealed"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
