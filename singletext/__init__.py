"""The single-text procedure (docs/single-text.md): a facilitator owns one text of numbered clauses; the
parties rate and criticise it in rounds but never redraft it; the facilitator revises; a package vote
marks the whole agreed ad referendum or not; the result is released to the dialogue's liaisons, who
record uptake per clause.

Layer 3 beside `summaries` (neither imports the other). No rating ever leaves the server with its
person: ratings and ballots are stored under a keyed hash per round or vote, and every figure shown is a
count over at least k people.
"""
