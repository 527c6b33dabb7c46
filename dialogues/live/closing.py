"""What a socket is told when it is closed for a revocation (docs/protocol.md, close codes)."""

from __future__ import annotations

# The last error frame's words, by revocation reason.
EVICT_REASONS = {
    "consent": "You withdrew your acceptance of the Chatham House Rule.",
    "removed": "The facilitator removed you from this session.",
    "signed_out": "You signed out.",
    "password": "Your password changed; sign in again.",
    "deactivated": "This account was deactivated.",
    "role": "Your role in this dialogue changed.",
    "ended": "The session has ended.",
    "concluded": "This dialogue has concluded.",
}
ROOM_CLOSING = {"ended", "concluded"}  # everyone's rooms close: 4410, like a room the facilitator closed
