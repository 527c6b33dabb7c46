"""The procedure through its services: rounds, ratings nobody else sees, the k-safe report, revision
with brackets resolved, the package vote, release through the leak gate, uptake, and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from core.errors import ParleyError
from dialogues.models import Dialogue
from singletext import selectors, services
from singletext.access import access_release, access_text, access_text_facilitation, access_text_rating
from singletext.models import AuditEntry, PackageVote, Rating, SingleText

pytestmark = pytest.mark.django_db

SOURCE = "Water is shared.\nFlows are [measured / estimated] monthly.\nA joint commission meets yearly."


def _rate(user: User, text: SingleText, values: list[str], criticism: str = "") -> None:
    access = access_text_rating(user=user, text_id=text.pk)
    services.ratings_save(
        access=access, user=user, ratings={n: (v, criticism) for n, v in enumerate(values, start=1)}
    )


def _text(facilitator: User, dialogue: Dialogue) -> SingleText:
    return services.text_create(
        dialogue_id=dialogue.pk, user=facilitator, title="Basin non-paper", source=SOURCE
    )


def test_a_round_report_is_k_safe_and_names_nobody(
    settings: Settings,
    facilitator: User,
    four: list[User],
    dialogue: Dialogue,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.PARLEY_K_ANONYMITY = 3
    text = _text(facilitator, dialogue)
    fac = access_text_facilitation(user=facilitator, text_id=text.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(access=fac, user=facilitator, deadline=timezone.now() + timedelta(days=2))
    # Every participant is told by a separate email that carries only a link.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in four)
    assert all("Basin" not in m.body and f"/texts/{text.pk}/" in m.body for m in mail.outbox)

    _rate(
        four[0],
        text,
        ["acceptable", "cannot", "acceptable"],
        "Delegate Number1 would never accept estimates.",
    )
    _rate(four[1], text, ["acceptable", "live_with", "acceptable"])
    _rate(four[2], text, ["live_with", "cannot", "acceptable"])
    _rate(four[3], text, ["acceptable", "acceptable", "cannot"], "Monthly is too often.")

    # Nobody sees another person's ratings; a rating is stored without its account.
    round_ = selectors.latest_round(text)
    assert round_ is not None
    assert selectors.my_ratings(round_, four[1].pk)[2] == {
        "value": "live_with",
        "criticism": "",
    }
    assert not Rating.objects.filter(rater__in=[str(u.pk) for u in four]).exists()

    report = selectors.round_report(round_, redact=lambda s: s.replace("Number1", "[x]"))
    clause2 = report.clauses[1]
    assert clause2.counts == {"acceptable": 1, "live_with": 1, "cannot": 2}
    # Northvale (3) is shown; Southmark (1) is not, and with one hidden person the shown party would give
    # it away by subtraction, so Northvale is hidden too.
    assert clause2.parties == []
    assert clause2.parties_hidden == 4
    assert clause2.criticisms == ["Delegate [x] would never accept estimates.", "Monthly is too often."]


def test_revision_vote_release_and_uptake(
    settings: Settings,
    facilitator: User,
    four: list[User],
    liaison: User,
    dialogue: Dialogue,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.PARLEY_K_ANONYMITY = 3
    text = _text(facilitator, dialogue)
    fac = access_text_facilitation(user=facilitator, text_id=text.pk)
    services.round_open(access=fac, user=facilitator, deadline=timezone.now() + timedelta(days=2))
    with pytest.raises(ParleyError, match="Close the open round"):
        services.version_create(access=fac, user=facilitator, source=SOURCE + "\nMore.")
    for user in four:
        _rate(user, text, ["acceptable", "live_with", "acceptable"])
    services.round_close(access=fac, user=facilitator)
    with pytest.raises(ParleyError, match="No round is open"):
        _rate(four[0], text, ["acceptable", "acceptable", "acceptable"])

    services.version_create(
        access=fac, user=facilitator, source=SOURCE.replace("[measured / estimated]", "measured")
    )
    views = selectors.history(text)
    assert [r.as_dict() for r in views[1].resolved] == [
        {"clause": 2, "bracket": "[measured / estimated]", "chosen": "measured"}
    ]
    assert views[1].open_brackets == 0

    vote = services.vote_open(access=fac, user=facilitator)
    for user in four[:3]:
        services.ballot_cast(access=access_text_rating(user=user, text_id=text.pk), user=user, accept=True)
    closed = services.vote_close(access=fac, user=facilitator)
    assert (closed.pk, closed.result, closed.accepted, closed.rejected) == (
        vote.pk,
        PackageVote.Result.AGREED,
        3,
        0,
    )
    text.refresh_from_db()
    assert text.status == SingleText.Status.AGREED
    with pytest.raises(ParleyError, match="agreed ad referendum"):
        services.round_open(access=fac, user=facilitator, deadline=timezone.now() + timedelta(days=1))

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release = services.text_release(
            access=access_text_facilitation(user=facilitator, text_id=text.pk), user=facilitator
        )
    assert release.agreed and release.version.number == 2
    # Version 2 was never rated: its acceptance profile is withheld, clause by clause.
    assert release.profile == [{"clause": n, "counts": None} for n in (1, 2, 3)]
    assert [m.to for m in mail.outbox] == [[liaison.email]]

    reading = access_release(user=liaison, release_id=release.pk)
    services.release_read(access=reading, user=liaison)
    services.uptake_record(
        access=access_release(user=liaison, release_id=release.pk, to_record_uptake=True),
        user=liaison,
        clause=3,
        status="taken_forward",
        comment="Cabinet agreed.",
    )
    with pytest.raises(ParleyError, match="no such clause"):
        services.uptake_record(access=reading, user=liaison, clause=9, status="noted")
    kinds = list(AuditEntry.objects.filter(text=text).order_by("at", "id").values_list("kind", flat=True))
    assert kinds == [
        "created", "version", "round_opened", "round_closed", "version",
        "vote_opened", "vote_closed", "released", "read", "uptake",
    ]  # fmt: skip


def test_a_vote_below_k_declares_nothing(
    settings: Settings, facilitator: User, four: list[User], dialogue: Dialogue
) -> None:
    settings.PARLEY_K_ANONYMITY = 5
    text = _text(facilitator, dialogue)
    fac = access_text_facilitation(user=facilitator, text_id=text.pk)
    services.vote_open(access=fac, user=facilitator)
    for user in four:
        services.ballot_cast(access=access_text_rating(user=user, text_id=text.pk), user=user, accept=False)
    closed = services.vote_close(access=fac, user=facilitator)
    assert (closed.result, closed.accepted, closed.rejected) == (PackageVote.Result.TOO_FEW, None, None)


def test_the_leak_gate_refuses_a_named_clause_and_records_it(
    facilitator: User, four: list[User], dialogue: Dialogue
) -> None:
    text = services.text_create(
        dialogue_id=dialogue.pk,
        user=facilitator,
        title="Non-paper",
        source="Delegate Number2 proposed the commission.",
    )
    with pytest.raises(ParleyError, match="leak gate") as refused:
        services.text_release(
            access=access_text_facilitation(user=facilitator, text_id=text.pk), user=facilitator
        )
    assert refused.value.code == "release_refused"
    assert not text.releases.exists()
    assert AuditEntry.objects.filter(text=text, kind="release_refused").exists()


def test_who_may_do_what(
    facilitator: User, four: list[User], observer: User, liaison: User, dialogue: Dialogue
) -> None:
    text = _text(facilitator, dialogue)
    access_text(user=observer, text_id=text.pk)
    with pytest.raises(ParleyError, match="Only participants"):
        access_text_rating(user=observer, text_id=text.pk)
    with pytest.raises(ParleyError, match="Not found"):
        access_text(user=liaison, text_id=text.pk)
    with pytest.raises(ParleyError, match="Not found"):
        access_text_facilitation(user=four[0], text_id=text.pk)


@pytest.mark.parametrize(
    ("source", "message"),
    [("", "at least one clause"), ("A [b", "never closed"), ("x" * 4001, "longer than")],
)
def test_bad_text_is_refused_clearly(
    source: str, message: str, facilitator: User, dialogue: Dialogue
) -> None:
    with pytest.raises(ParleyError, match=message) as refused:
        services.text_create(dialogue_id=dialogue.pk, user=facilitator, title="T", source=source)
    assert refused.value.code == "invalid"


def test_a_round_closes_at_its_deadline_once(facilitator: User, four: list[User], dialogue: Dialogue) -> None:
    from singletext.models import Round
    from singletext.tasks import close_due_rounds

    text = _text(facilitator, dialogue)
    fac = access_text_facilitation(user=facilitator, text_id=text.pk)
    services.round_open(access=fac, user=facilitator, deadline=timezone.now() + timedelta(hours=1))
    assert close_due_rounds() == 0
    Round.objects.filter(text=text).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ParleyError, match="No round is open"):
        _rate(four[0], text, ["acceptable", "acceptable", "acceptable"])
    assert close_due_rounds() == 1
    assert close_due_rounds() == 0
    assert AuditEntry.objects.filter(text=text, kind="round_closed", actor=None).count() == 1


def test_k_safe_buckets_hide_what_subtraction_would_reveal() -> None:
    from singletext.selectors import k_safe_buckets

    big, mid, small = ["acceptable"] * 6, ["cannot"] * 4, ["live_with"] * 2
    rows, hidden = k_safe_buckets({"A": big, "B": mid, "C": small}, 3)
    # C (2) is hidden; 2 < k, so B, the smallest shown, is hidden with it.
    assert [r["name"] for r in rows] == ["A"] and hidden == 6
    rows, hidden = k_safe_buckets({"A": big, "B": mid}, 3)
    assert [r["name"] for r in rows] == ["A", "B"] and hidden == 0


def test_opinion_groups_appear_once_the_method_finds_two(
    settings: Settings, facilitator: User, dialogue: Dialogue
) -> None:
    settings.PARLEY_K_ANONYMITY = 3
    from dialogues.choices import Role
    from tests.factories import member

    people = [member(dialogue, Role.PARTICIPANT, username=f"camp{i}") for i in range(10)]
    text = _text(facilitator, dialogue)
    services.round_open(
        access=access_text_facilitation(user=facilitator, text_id=text.pk),
        user=facilitator,
        deadline=timezone.now() + timedelta(days=1),
    )
    for i, user in enumerate(people):
        yes, no = ("acceptable", "cannot") if i < 5 else ("cannot", "acceptable")
        _rate(user, text, [yes, yes, no])
    round_ = selectors.latest_round(text)
    assert round_ is not None
    report = selectors.round_report(round_, redact=str)
    groups = report.clauses[0].groups
    assert sorted((g["people"], g["counts"]["acceptable"], g["counts"]["cannot"]) for g in groups) == [
        (5, 0, 5),
        (5, 5, 0),
    ]
