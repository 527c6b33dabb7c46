"""What follows a change: a frame to the dialogue's open rooms and a link-only email.

The email carries a link and nothing else (no title, no clause, no name): it travels through mail
systems Parley does not control. Each person gets their own message, so nobody learns who else was
told. Everything here runs after commit (callers use `transaction.on_commit`), and a mail failure is
logged, never raised: the change has committed already.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from dialogues import events
from dialogues.choices import Role
from dialogues.models import Membership

from .models import PackageVote, Round, SingleText, TextRelease

log = logging.getLogger(__name__)

PARTICIPANT_SUBJECT = gettext_lazy("Parley: a single text is waiting for you")
LIAISON_SUBJECT = gettext_lazy("Parley: a text has been released to you")
BODY = gettext_lazy("There is something for you in Parley:\n\n%(url)s\n\nYou will be asked to sign in.\n")


def _emails(dialogue_id: int, role: str) -> list[tuple[str, str]]:
    """(address, interface language) of each member: each email is written in its reader's language."""
    return sorted(
        set(
            Membership.objects.filter(
                dialogue_id=dialogue_id, role=role, is_active=True, user__is_active=True
            )
            .exclude(user__account__email="")  # sealed: participants/accounts.py
            .values_list("user__account__email", "user__profile__language")
        ),
        key=lambda pair: pair[0],
    )


def _send(emails: list[tuple[str, str]], subject: Promise, url: str) -> int:
    messages = []
    for email, language in emails:
        with translation.override(language or settings.LANGUAGE_CODE):
            messages.append(
                EmailMessage(
                    subject=str(subject),
                    body=str(BODY) % {"url": url},
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[email],
                )
            )
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        log.exception("single text: a notice could not be sent")
        return 0


def text_url(text_id: int) -> str:
    # Built from settings, never from a request's Host header.
    return settings.SITE_URL + reverse("singletext:text", args=[text_id])


def room_frame(
    text: SingleText,
    event: str,
    *,
    version: int,
    round_: Round | None = None,
    vote: PackageVote | None = None,
) -> None:
    """Tell the dialogue's open rooms; the frame carries ids, numbers and a link, never text."""
    events.single_text_changed(
        dialogue_id=text.dialogue_id,
        text_id=text.pk,
        event=event,
        version=version,
        round_number=round_.number if round_ is not None else None,
        deadline=round_.deadline.isoformat() if round_ is not None else None,
        result=vote.result if vote is not None and vote.closed_at is not None else None,
        url=reverse("singletext:text", args=[text.pk]),
    )


def participants_told(text_id: int, event: str) -> int:
    """The room frame and the participants' email for a change they should act on."""
    text = SingleText.objects.filter(pk=text_id).first()
    if text is None:
        return 0
    latest = text.versions.order_by("-number").first()
    round_ = text.rounds.order_by("-number").first() if event.startswith("round") else None
    vote = text.package_votes.order_by("-opened_at", "-id").first() if event.startswith("vote") else None
    room_frame(text, event, version=latest.number if latest else 0, round_=round_, vote=vote)
    if event in ("round_opened", "version", "vote_opened"):
        return _send(_emails(text.dialogue_id, Role.PARTICIPANT), PARTICIPANT_SUBJECT, text_url(text_id))
    return 0


def liaisons_told(release_id: int) -> int:
    release = TextRelease.objects.filter(pk=release_id).select_related("text").first()
    if release is None:
        return 0
    url = settings.SITE_URL + reverse("singletext:released", args=[release_id])
    return _send(_emails(release.text.dialogue_id, Role.LIAISON), LIAISON_SUBJECT, url)
