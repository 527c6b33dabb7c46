"""The liaison portal and the facilitator's handoff log (issue 6). See docs/api.md ("Liaison portal").

A government liaison reads the released summaries of the dialogues they are assigned to, downloads them
(PDF, Markdown, JSON) and records how each proposal or recommendation was taken up; every read and
download is recorded. The facilitator's handoff log shows releases, who read or downloaded which version
and when, and the uptake responses, and brings a response into the next session's agenda in one click.

Public API (this package imports nothing heavy; `notify` is imported by `summaries.services`):

Who may read what is decided in `summaries.access` (access_release, access_releases, access_handoff_log,
access_uptake).

selectors (reads; trust their caller)
    release_of(version) -> Release                                    # current? corrected by which?
    releases_for_dialogue(*, dialogue) -> list[SessionReleases]
    uptake_for_session(*, session, liaison=None) -> dict[proposal_key, list[Uptake]]   # newest first
    handoff_log(*, dialogue) -> HandoffLog; next_session(*, after) -> Session | None
services (writes; UptakeError(code, message) when refused, a ParleyError)
    access_record(*, access, kind) -> ReleaseAccess | None            # liaisons only
    uptake_record(*, access, proposal_key, status, comment="") -> Uptake
    uptake_to_agenda(*, uptake, session=None) -> AgendaItem           # the next session after
downloads
    DOWNLOADS: {"pdf" | "md" | "json": Download(kind, content_type, extension, label, render)}
    download_response(*, access, fmt) -> HttpResponse                 # records a liaison's download
schemas
    the API's Ninja schemas, and summary_out / uptake_out / session_log_out converters
proposals
    proposals_of(body) -> list[Proposal]; proposal_key(item) -> str   # stable "p-<16 hex>"
notify
    release_recorded(*, version) -> None                              # email the liaisons on commit
    release_notice_send(version_id) -> int                           # one link-only email per liaison
"""
