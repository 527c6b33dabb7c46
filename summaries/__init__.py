"""Anonymized session summaries: compiled by a Celery task, reviewed, edited and released by a facilitator
through the Chatham House leak gate. See docs/summaries.md.

Public API (import from the submodules; this package imports nothing heavy, so the app can register its
session-ended hook at start-up without loading Presidio or spaCy):

services (writes)
    summary_request(*, session_id, requested_by_id) -> SummaryVersion      # queue a compile after commit
    summary_compile(*, version_id, task_id) -> "compiled" | "skipped" | "superseded"   # the task's body
    summary_fail(*, version_id, task_id, reason) -> None
    summary_edit(*, version, body, user, cover_title=None) -> SummaryVersion  # a new draft; CoverRefused
    summary_approve(*, version, user, solo_reason="") -> None              # four eyes, or solo + reason
    summary_release(*, version, user) -> None                              # ReleaseRefused(findings)
    queue_after_session_end(session_id, user_id) -> None                   # SESSION_ENDED_HOOKS entry
access (the one place that decides; NotFound for anyone not allowed)
    access_session_summaries(*, user, session_id) -> Session
    access_version(*, user, version_id) -> SummaryVersion
    access_current_release(*, user, session_id) -> SummaryVersion           # current released version
    access_release(*, user, version_id, to_record_uptake=False) -> ReaderAccess
    access_releases / access_handoff_log(*, user, dialogue_id) -> Membership; access_uptake(...) -> Uptake
selectors (reads; trust their caller)
    versions_for_session(*, session) / released_versions(*, session) -> QuerySet[SummaryVersion]
    progress_payload(version) -> dict; review_flags(version) -> list[ReviewFlag]
    version_diff(old, new) -> list[DiffLine]
exports (pure functions of a version; no permission checks)
    export_markdown(version) -> str; export_json(version) -> str; export_data(version) -> dict
    export_html(version) -> str; export_pdf(version) -> bytes; body_html(body) -> SafeString
gate
    release_findings(version) -> list[GateFinding]                         # every finding, decided or not
    gate_report(version) -> GateReport(open, decided); gate_decide(*, version, key, reason, user)
readback (participants read the draft and flag lines, anonymously; release waits for resolution)
    readback_open / readback_flag / readback_resolve; access_participant_view(*, user, session_id)
notes (rapporteur notes of in-person sessions; `manage.py summarize` is their command-line twin)
    parse_notes(text) -> ParsedNotes; notes_sources(parsed, resolve, base=None) -> Sources
pipeline (no database access)
    compile_body(sources, redactor, *, k, progress) -> Compiled            # body Markdown + review flags
"""
