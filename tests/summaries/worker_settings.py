"""Settings for the real Celery workers `test_worker_killed.py` starts.

The test settings, plus: a real broker (a Redis the test started), the test database of the pytest
process, and a visibility timeout of seconds instead of an hour, so the message of a killed worker
is redelivered while the test waits. `PARLEY_SUMMARY_PAUSE_SECONDS` holds the compile after redaction.
"""

from __future__ import annotations

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["PARLEY_TEST_BROKER_URL"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["PARLEY_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # The lease test keeps production's hour, so only the lease can bring a dead worker's compile back.
    "visibility_timeout": int(os.environ.get("PARLEY_TEST_VISIBILITY", "3")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
DATABASES["default"]["NAME"] = os.environ["PARLEY_TEST_DATABASE_NAME"]
PARLEY_SUMMARY_PAUSE_SECONDS = float(os.environ.get("PARLEY_SUMMARY_PAUSE_SECONDS", "0"))
# Beat inside the lease test's worker (`-B`): the reaper, every second instead of every 30.
CELERY_BEAT_SCHEDULE = {"reap-expired-compiles": {"task": "summaries.reap_expired", "schedule": 1.0}}
