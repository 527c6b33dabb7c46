"""Querysets compiled to SQL once per process, then run with new values (issue 19).

The room's access check runs on every frame a socket sends. Django compiles a queryset to SQL on every
evaluation, and for that check (select_related joins, three EXISTS subqueries) the compiling cost far more
CPU than PostgreSQL spent answering: it was most of the database threads' time at 20,000 deliveries/s.
The SQL text of such a query never changes, only the ids in it. So the query is built once with a
distinct placeholder value for each id, compiled, and its SQL kept with the positions of those values;
each call binds the real ids in their places.

The placeholders are integers no row can have; a query whose shape depends on the values (an `IN` over a
list, a branch on a value) cannot be compiled this way — build one `CompiledQuery` per shape instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

# Far above any id (ids are checked against 2**63 - 1 before they reach a query) and unlike any other
# parameter a query holds.
_MARK = 7_700_000_000_000_000_000


class CompiledQuery(Generic[M]):
    """`build(**ids)` compiled once; `rows(**ids)` runs it with the real ids."""

    def __init__(self, build: Callable[..., QuerySet[M]], names: Sequence[str]) -> None:
        self.build = build
        self.names = tuple(names)
        self._compiled: tuple[str, str, list[Any], list[int | None]] | None = None
        self._lock = threading.Lock()

    def _compile(self) -> tuple[str, str, list[Any], list[int | None]]:
        with self._lock:
            if self._compiled is None:
                marks = {name: _MARK + i for i, name in enumerate(self.names)}
                qs = self.build(**marks)
                sql, params = qs.query.sql_with_params()
                by_mark = {mark: i for i, mark in enumerate(marks.values())}
                slots = [by_mark.get(p) if isinstance(p, int) else None for p in params]
                missing = set(range(len(self.names))) - set(s for s in slots if s is not None)
                if missing:
                    raise ValueError(f"placeholders not in the SQL: {[self.names[i] for i in missing]}")
                self._compiled = (qs.db, sql, list(params), slots)
            return self._compiled

    def rows(self, **ids: int) -> list[tuple[Any, ...]]:
        using, sql, params, slots = self._compile()
        values = [ids[name] for name in self.names]
        bound = [p if slot is None else values[slot] for p, slot in zip(params, slots, strict=True)]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, bound)
            return list(cursor.fetchall())


def instance(model: type[M], using: str, row: Sequence[Any], start: int = 0) -> tuple[M, int]:
    """A model instance from a row's columns at `start` (the model's concrete fields, in order), and
    where the next model's columns begin: for reading select_related joins out of a compiled row."""
    fields = model._meta.concrete_fields
    end = start + len(fields)
    connection = connections[using]
    values = list(row[start:end])
    for i, field in enumerate(fields):
        col = field.cached_col
        # The compiler's order: the backend's converters, then the field's own (decryption, for one).
        for convert in connection.ops.get_db_converters(col) + field.get_db_converters(connection):
            values[i] = convert(values[i], col, connection)
    return model.from_db(using, [f.attname for f in fields], values), end
