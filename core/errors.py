"""The one error type of the application, and how each edge shows it.

Services and access getters raise `ParleyError(code, message)`: `code` is stable and machine-readable
(the API's `error.code`, the room protocol's `error` frame code), `message` is written for people.
Nothing below the edge knows about HTTP statuses or close codes: views, the API and the room consumer
map a code with `http_status` here, so a refusal reads the same everywhere.

A resource the person may not see is `NotFound`, with the same message as one that does not exist,
so a refusal never confirms that something exists.
"""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext, gettext_noop


class ParleyError(Exception):
    """A refused request: nothing was changed."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"


class NotFound(ParleyError):
    """Missing, or not visible to this person: the two are never told apart."""

    MESSAGE: Final = gettext_noop("Not found.")

    def __init__(self, message: str | None = None) -> None:
        # Translated when raised (the reader's language), identical for every missing thing.
        super().__init__("not_found", message if message is not None else gettext(self.MESSAGE))


# HTTP status for each code; any other code is a 400. The room protocol sends the code itself.
_HTTP_STATUS: Final[dict[str, int]] = {
    "not_authenticated": 401,
    "token_in_url": 400,
    "invalid_token": 401,
    "token_expired": 401,
    "forbidden": 403,
    "insufficient_scope": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "already_on_agenda": 409,
    "has_discussion": 409,
    "no_next_session": 409,
    "not_pending": 409,
    "not_draft": 409,
    "not_approved": 409,
    "released": 409,
    "release_refused": 409,
    "superseded": 409,
    "too_large": 413,
    "invalid": 422,
    # Too many failed attempts (wrong API tokens, password-reset requests): wait, then try again.
    "locked_out": 429,
    # A session that has not finished two-factor sign-in (or must enrol first) is not yet signed in.
    "two_factor_required": 401,
}


def http_status(code: str) -> int:
    return _HTTP_STATUS.get(code, 400)
