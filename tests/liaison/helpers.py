"""Released summaries for the liaison tests: straight from the factories, or through the real release."""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.utils import timezone

from dialogues.models import Session
from summaries import services
from summaries.document import content_hash, normalise_body
from summaries.models import SummaryStatus, SummaryVersion
from tests.summaries.helpers import approve_as_second

BODY = """*Compiled under the Chatham House Rule: it reports what was said, never who said it.*

## Water releases

### Main points

- Dam releases should be published every week during the dry season. *(raised by several participants)*

### Proposals

- A joint commission publishes river flow figures every month.
- Upstream reservoirs notify downstream users two days before any release.

### Action items

- The secretariat circulates the notification protocol before the next round.

## General

### Recommendations

- Governments fund three new gauging stations on the lower river.
"""

COMMISSION = "A joint commission publishes river flow figures every month."
GAUGES = "Governments fund three new gauging stations on the lower river."


def version(session: Session, status: str, body: str = BODY, **extra: Any) -> SummaryVersion:
    """A version in any state, made directly (no compile, no gate): for pages and permissions."""
    text = normalise_body(body)
    number = (SummaryVersion.objects.filter(session=session).aggregate(m=Max("number"))["m"] or 0) + 1
    released = status == SummaryStatus.RELEASED
    return SummaryVersion.objects.create(
        session=session,
        number=number,
        status=status,
        body=text,
        content_hash=content_hash(text),
        progress=100,
        compiled_at=timezone.now(),
        released_at=timezone.now() if released else None,
        **extra,
    )


def released(session: Session, body: str = BODY) -> SummaryVersion:
    return version(session, SummaryStatus.RELEASED, body)


def release_for_real(session: Session, facilitator: Any, capture: Any, body: str = BODY) -> SummaryVersion:
    """Approve and release a draft through the services (the leak gate, the record, the email on commit)."""
    draft = version(session, SummaryStatus.DRAFT, body, created_by=facilitator)
    approve_as_second(draft)
    with capture(execute=True):
        services.summary_release(version=draft, user=facilitator)
    draft.refresh_from_db()
    return draft


def proposal_block(page: str, key: str) -> str:
    """The part of the reading page about one proposal (its responses and form)."""
    start = page.index(f'id="{key}"')
    end = page.find('<div class="proposal"', start)
    return page[start : end if end != -1 else page.index("</section>", start)]
