"""Models that moved between apps lost nothing: rows written under the old schema read back through the new
apps, and the content types (permissions, admin history) followed them.

Summaries, uptake and release reads moved from `facilitation` to `summaries`; consent and the rule texts
from `participants` to `dialogues`. Both moves change Django's state only: the tables keep their names.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Manager, Model

from dialogues.models import Consent, RuleVersion
from summaries.models import ReleaseAccess, SummaryVersion, Uptake

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("facilitation", "0003_summaryversion_released_by"),
    ("summaries", None),
    ("participants", "0002_chatham_house_rule_v1"),
    ("dialogues", "0002_pseudonym_number"),
    # Unchanged apps at their latest, so the historical models built below are complete.
    ("auth", "0012_alter_user_first_name_max_length"),
    ("contenttypes", "0002_remove_content_type_name"),
]
WHEN = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
BODY = "## Water\n\nThe canal is shared."


def _migrate(targets: list[tuple[str, str | None]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)  # None means "unapply the app" here
    applied = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(applied).apps


@pytest.fixture
def old_apps() -> Iterator[Apps]:
    apps = _migrate(BEFORE)
    try:
        yield apps
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())  # back to the latest schema for the next test


def _moved_out(apps: Apps, app_label: str, model_name: str) -> Manager[Model]:
    """The manager of a model under the app it has since left: only the migration state knows it there."""
    manager: Manager[Model] = apps.get_model(app_label, model_name)._default_manager
    return manager


def _old_rows(apps: Apps) -> dict[str, int]:
    user_model = apps.get_model("auth", "User")
    facilitator = user_model.objects.create(username="f-old", password="!")
    liaison = user_model.objects.create(username="l-old", password="!")
    dialogue = apps.get_model("dialogues", "Dialogue").objects.create(
        title="Old dialogue", created_by=facilitator
    )
    session = apps.get_model("dialogues", "Session").objects.create(
        dialogue=dialogue, title="Old session", starts_at=WHEN
    )
    version = _moved_out(apps, "facilitation", "SummaryVersion").create(
        session=session,
        number=1,
        status="released",
        body=BODY,
        released_at=WHEN,
    )
    uptake = _moved_out(apps, "facilitation", "Uptake").create(
        version=version, proposal_key="p-0123456789abcdef", liaison=liaison, status="noted", comment="Seen."
    )
    access = _moved_out(apps, "facilitation", "ReleaseAccess").create(
        version=version, user=liaison, kind="read"
    )
    # The data migration wrote it, but an earlier transactional test may have flushed the table.
    rule, _ = _moved_out(apps, "participants", "RuleVersion").get_or_create(
        version=1, defaults={"text": "The Chatham House Rule."}
    )
    consent = _moved_out(apps, "participants", "Consent").create(
        user=facilitator, dialogue=dialogue, rule_version=rule, accepted_at=WHEN
    )
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.get_or_create(app_label="facilitation", model="summaryversion")
    content_types.objects.get_or_create(app_label="participants", model="consent")
    return {"version": version.pk, "uptake": uptake.pk, "access": access.pk, "consent": consent.pk}


def test_rows_written_before_the_moves_read_back_after_them(old_apps: Apps) -> None:
    ids = _old_rows(old_apps)
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    version = SummaryVersion.objects.get(pk=ids["version"])
    assert (version.number, version.status, version.released_at) == (1, "released", WHEN)
    assert version.body == BODY  # still decrypts under the same field
    uptake = Uptake.objects.get(pk=ids["uptake"])
    assert (uptake.version_id, uptake.status, uptake.comment) == (version.pk, "noted", "Seen.")
    assert ReleaseAccess.objects.get(pk=ids["access"]).version_id == version.pk
    consent = Consent.objects.get(pk=ids["consent"])
    assert consent.rule_version == RuleVersion.objects.get(version=1)
    assert consent.accepted_at == WHEN and consent.revoked_at is None

    labels = set(ContentType.objects.values_list("app_label", "model"))
    assert {("summaries", "summaryversion"), ("dialogues", "consent")} <= labels
    assert not {("facilitation", "summaryversion"), ("participants", "consent")} & labels
