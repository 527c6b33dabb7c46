"""Published texts of the Chatham House Rule as Parley applies it.

A version's text never changes once published (consents name the version); a revision is a new entry.
Migrations import these, so they must stay plain constants.
"""

_V1 = """When a meeting, or part thereof, is held under the Chatham House Rule, participants are free to \
use the information received, but neither the identity nor the affiliation of the speaker(s), nor that of \
any other participant, may be revealed.

In this dialogue that means:
- You may use what you hear, but never say or write who said it, where they work, or who else took part.
- In a veiled room you see pseudonyms only; do not try to find out who is behind them.
- Recording, photographing or copying the room's transcript outside Parley is not allowed.
- When the facilitator turns the record off, what is said is not stored and is not summarised.
- The summary given to government liaisons is anonymised and checked before release."""

RULE_TEXTS: dict[int, str] = {1: _V1}
