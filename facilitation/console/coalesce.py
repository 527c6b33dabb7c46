"""Fold bursts of announcements into one: at most one run per key per short window.

When a room votes, every vote would otherwise send the whole statement list to every socket: n votes
cost n² deliveries, and each tick of a count lines up with one person's click. Folding the votes of
half a second into one frame cuts the first and blurs the second.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections

log = logging.getLogger(__name__)


class Coalescer:
    """`request(key)` runs `fn(key)` once, `delay` seconds later, however often it is asked meanwhile.

    A request that arrives while `fn` runs schedules one more run, so the last change is never lost.
    With `delay` 0 it runs at once, in the caller's thread.
    """

    def __init__(self, fn: Callable[[int], None], delay: float) -> None:
        self.fn = fn
        self.delay = delay
        self._pending: set[int] = set()
        self._lock = threading.Lock()

    def request(self, key: int) -> None:
        if self.delay <= 0:
            self.fn(key)
            return
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)
        timer = threading.Timer(self.delay, self._run, args=(key,))
        timer.daemon = True
        timer.start()

    def _run(self, key: int) -> None:
        with self._lock:
            self._pending.discard(key)
        close_old_connections()
        try:
            self.fn(key)
        except Exception:
            log.exception(
                "announcement for %s failed; the next change or an `outcomes` request repairs it", key
            )
        finally:
            close_old_connections()
