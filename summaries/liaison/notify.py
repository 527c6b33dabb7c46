"""What follows a release: an email to each liaison.

The email carries a link and nothing else: no dialogue or session title, no version number, no excerpt,
no names. It travels through mail systems Parley does not control and can be forwarded; even the title
of a Track II dialogue can say who is talking to whom. The link leads to the reading page, behind login.
Each liaison gets a separate message, so no liaison learns who else receives the summary.

`summary_release` calls `release_recorded` once the version is released; the mail is sent after the
transaction commits, so a rolled-back release sends nothing.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from dialogues.choices import Role
from dialogues.models import Membership

from ..models import SummaryStatus, SummaryVersion

log = logging.getLogger(__name__)

SUBJECT = gettext_lazy("Parley: a new summary has been released to you")


def release_recorded(*, version: SummaryVersion) -> None:
    """Email the dialogue's liaisons once the release commits."""
    transaction.on_commit(partial(release_notice_send, version.pk))


def reading_url(version_id: int) -> str:
    # Built from settings, never from a request's Host header.
    return settings.SITE_URL + reverse("liaison:read", args=[version_id])


def release_notice(*, version_id: int, email: str, language: str = "") -> EmailMessage:
    """In the liaison's own interface language (their profile), else the site's."""
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string("participants/email/release_notice.txt", {"url": reading_url(version_id)})
        return EmailMessage(
            subject=str(SUBJECT), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email]
        )


def release_notice_send(version_id: int) -> int:
    """Email every active liaison of the version's dialogue; returns how many messages were sent.

    A mail failure is logged and does not undo the release (it has committed already).
    """
    version = SummaryVersion.objects.filter(pk=version_id, status=SummaryStatus.RELEASED).select_related(
        "session"
    )
    found = version.first()
    if found is None:
        return 0
    emails = sorted(
        set(
            Membership.objects.filter(
                dialogue_id=found.session.dialogue_id,
                role=Role.LIAISON,
                is_active=True,
                user__is_active=True,
            )
            .exclude(user__account__email="")  # sealed: participants/accounts.py
            .values_list("user__account__email", "user__profile__language")
        ),
        key=lambda pair: pair[0],
    )
    messages = [release_notice(version_id=version_id, email=e, language=lang) for e, lang in emails]
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        log.exception("summary v%s: the release notice could not be sent", version_id)
        return 0
