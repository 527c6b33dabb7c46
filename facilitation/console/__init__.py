"""The facilitator's console: agenda order, captured outcomes, statement voting, speaking balance,
breakout splits, and the between-session tools (agenda suggestions, calendar export).

Room frames for all of this are handled in `facilitation/handlers.py` and listed in the
"Facilitation frames" section of docs/protocol.md; HTTP pages live in `facilitation/views/console.py`.

Writes (each re-checks access, owns its transaction and announces after commit):

- ``services.agenda_reorder(*, user_id, room_id, item_ids) -> None`` (written by ``dialogues.agenda.reorder``)
- ``services.capture_create(*, user_id, room_id, kind, text=None, agenda_item=DEFAULT, seq=None)``
  (DEFAULT: the promoted message's agenda item, else the current one; None: no item)
- ``services.capture_edit(*, user_id, room_id, capture_id, text=None, kind=None, agenda_item=DEFAULT,
  resolved=None)`` (DEFAULT: unchanged) and ``services.capture_remove(*, user_id, room_id, capture_id)``
- ``voting.statement_propose(*, user_id, room_id, text) -> Statement``,
  ``voting.statement_close(...)``, ``voting.statement_remove(...)``,
  ``voting.vote_cast(*, user_id, room_id, statement_id, value) -> dict[str, int]`` (the voter's own votes)
- ``breakouts.breakout_split(*, user_id, room_id, rooms, mode, present, minutes=None, title="")``
  and ``breakouts.breakouts_close_due(*, session_id=None, room_id=None, now=None) -> list[int]``
  (the rooms are opened and closed by ``dialogues.breakouts``, the one owner of breakout writes)
- ``between.suggestion_accept(*, session, capture_id, user) -> AgendaItem``,
  ``between.capture_resolve(*, capture) -> int``

Reads: ``selectors.captures_state(session_id)``, ``selectors.statements_state(session_id)``,
``selectors.my_votes(session_id, user_id)``, ``selectors.speaking_balance(room, now=None)``,
``between.agenda_suggestions(session)``, ``calendar.session_ics(...)`` / ``calendar.dialogue_ics(...)``,
``common_ground.session_common_ground(session, closed_only=...)``.

Anonymity: a vote is stored under ``selectors.voter_hash(session, user)``; no frame, page or export
carries voter -> vote. Vote splits are shown only once ``PARLEY_K_ANONYMITY`` people have voted, and
`statements` frames are folded to at most one per session per half second (``coalesce.Coalescer``).

Celery: ``tasks.breakout_close_when_due(room_id)`` (scheduled for a timed breakout's end) and
``tasks.breakouts_close_due_sweep()`` (name ``facilitation.console.breakouts_close_due``, for beat).
"""
