"""Moderated-out statements: left out of every result; who is left out because of them, and why."""

from __future__ import annotations

from commonground import Vote, analyze

from .planted import planted


def _with_moderated_only_voter() -> tuple[list[Vote], list[str]]:
    data = planted(groups=3, per_group=10, statements=20, noise=0.1, missing=0.1, seed=8)
    moderated = ["s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17"]
    votes = [*data.votes, *(("mod-only", sid, 1) for sid in moderated)]
    return votes, moderated


def test_by_default_a_moderated_statement_is_gone_and_so_is_who_voted_only_on_them() -> None:
    votes, moderated = _with_moderated_only_voter()
    analysis = analyze(votes, moderated=moderated)

    assert not set(moderated) & set(analysis.statements)
    for ranked in (analysis.consensus, analysis.divisive):
        assert not set(moderated) & {item.statement for item in ranked}
    for group in analysis.groups:
        assert not set(moderated) & set(group.agreement)
        assert not set(moderated) & {rep.statement for rep in group.representative}
    reasons = {e.reason: e.participants for e in analysis.exclusions}
    assert reasons["only_moderated"] == ("mod-only",)
    assert (
        analysis.report()["excluded"]["reasons"][0]["explanation"] == "voted only on moderated-out statements"
    )
    assert analysis.moderated == tuple(moderated)


def test_in_polis_compatible_mode_votes_on_moderated_statements_count_toward_being_in() -> None:
    votes, moderated = _with_moderated_only_voter()
    analysis = analyze(votes, moderated=moderated, polis_compatible=True)

    assert "mod-only" in analysis.participants  # 8 votes, all on moderated statements: in, as in Pol.is
    assert not set(moderated) & {item.statement for item in analysis.consensus}
    assert analysis.exclusions == ()
    assert analysis.report()["polis_compatible"] is True


def test_an_unknown_moderated_id_changes_nothing() -> None:
    data = planted(seed=9)
    plain = analyze(data.votes)
    assert analyze(data.votes, moderated=["never-put-up"]).to_json() == plain.to_json()
