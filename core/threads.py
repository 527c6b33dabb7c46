"""The database threads that async code (room sockets, their handshake) runs ORM calls on."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import close_old_connections

T = TypeVar("T")
P = ParamSpec("P")

_db_threads = ThreadPoolExecutor(max_workers=settings.PARLEY_DB_THREADS, thread_name_prefix="parley-db")


def _call_closing(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    close_old_connections()
    try:
        return fn(*args, **kwargs)
    finally:
        close_old_connections()


def db(fn: Callable[P, T]) -> Callable[P, Awaitable[T]]:
    """Run ORM code on a small pool of database threads.

    Not `database_sync_to_async`: that runs everything on one shared thread (a bottleneck for many
    rooms, and for a storm of handshakes), or, with thread_sensitive=False, inside a copy of the
    caller's context, where Django keeps the connection; its cleanup then runs in another context and
    never returns pooled connections. Here each call runs in its worker thread's own context, and the
    connection goes back after it.
    """

    async def call(*args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_db_threads, _call_closing, fn, args, kwargs)

    return call
