"""Reading votes and parties from CSV files, with errors that name the line."""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .fastcsv import read_plain
from .matrix import VoteTable, table_from_tuples
from .results import Vote

_VOTE_VALUES = {"1": 1, "+1": 1, "-1": -1, "0": 0}
_VOTE_HEADERS = ({"participant", "participant_id"}, {"statement", "statement_id"}, {"vote"})
_PARTY_HEADERS = ({"participant", "participant_id"}, {"party"})
_STATEMENT_HEADERS = ({"statement", "statement_id"},)
# Rows are turned into codes this many at a time, so a file of millions of votes never exists as
# millions of Python lists at once.
_CHUNK = 100_000


class InputFileError(ValueError):
    """A votes or parties file that cannot be read; `line` is 1-based, None for the whole file."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


def _decode(path: Path) -> str:
    return _checked_bytes(path).decode("utf-8")


def _checked_bytes(path: Path) -> bytes:
    """The file's bytes without a byte-order mark, known to be UTF-8."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputFileError(path, None, "file not found") from exc
    except OSError as exc:
        raise InputFileError(path, None, f"cannot read: {exc.strerror}") from exc
    # Spreadsheets often save a byte-order mark that would otherwise stick to the first id.
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        raw.decode("utf-8")
        return raw
    except UnicodeDecodeError as exc:
        # Decoding the whole file at once lets us say on which line the bad byte is.
        raise InputFileError(path, raw[: exc.start].count(b"\n") + 1, "not UTF-8 text") from exc


def _rows(path: Path, headers: tuple[set[str], ...]) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows as (line number, stripped cells), skipping a header on the first row."""
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    first = True
    try:
        for raw in reader:
            cells = [cell.strip() for cell in raw]
            if not any(cells):
                continue
            if first and len(cells) == len(headers):
                first = False
                if all(cell.lower() in names for cell, names in zip(cells, headers, strict=True)):
                    continue
            first = False
            if len(cells) != len(headers):
                expected = ",".join(sorted(names)[0] for names in headers)
                message = f"expected {len(headers)} columns ({expected}), got {len(cells)}"
                raise InputFileError(path, reader.line_num, message)
            yield reader.line_num, cells
    except csv.Error as exc:
        raise InputFileError(path, reader.line_num, f"malformed CSV: {exc}") from exc


def read_votes_csv(path: str | Path) -> list[Vote]:
    """`participant,statement,vote` rows (vote 1, -1 or 0), with an optional header row."""
    path = Path(path)
    votes: list[Vote] = []
    for line, (participant, statement, value) in _rows(path, _VOTE_HEADERS):
        if not participant or not statement:
            raise InputFileError(path, line, "participant and statement ids must not be empty")
        if value not in _VOTE_VALUES:
            raise InputFileError(path, line, f"vote must be 1, -1 or 0, got {value!r}")
        votes.append((participant, statement, _VOTE_VALUES[value]))
    return votes


def read_parties_csv(path: str | Path) -> dict[str, str]:
    """`participant,party` rows, with an optional header row; one party per participant."""
    path = Path(path)
    parties: dict[str, str] = {}
    for line, (participant, party) in _rows(path, _PARTY_HEADERS):
        if not participant or not party:
            raise InputFileError(path, line, "participant id and party must not be empty")
        if parties.get(participant, party) != party:
            raise InputFileError(path, line, f"participant {participant!r} is already in another party")
        parties[participant] = party
    return parties


class _Irregular(Exception):
    """Something the fast reader does not handle; the line-by-line reader will name the line."""


def _codes(column: tuple[str, ...], index: dict[str, int]) -> list[int]:
    return [index.setdefault(cell, len(index)) for cell in column]


def _merge_stripped(raw_ids: dict[str, int]) -> tuple[tuple[str, ...], np.ndarray]:
    """Distinct raw cells -> stripped ids; cells that differ only in spaces share one id."""
    ids: dict[str, int] = {}
    remap = np.empty(len(raw_ids), dtype=np.int64)
    for cell, code in raw_ids.items():
        stripped = cell.strip()
        if not stripped:
            raise _Irregular
        remap[code] = ids.setdefault(stripped, len(ids))
    return tuple(ids), remap


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Millions of short-lived row lists would trigger the cyclic collector thousands of times
    (measured: 3 million rows parse in 17 s with it, 2 s without); rows hold only strings, so
    they cannot form cycles and reference counting frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fast_table(path: Path) -> VoteTable:
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    people: dict[str, int] = {}
    statements: dict[str, int] = {}
    p_codes: list[np.ndarray] = []
    s_codes: list[np.ndarray] = []
    values: list[np.ndarray] = []
    first = True
    try:
        while chunk := list(itertools.islice(reader, _CHUNK)):
            if first:
                first = False
                head = [cell.strip().lower() for cell in chunk[0]]
                if len(head) == 3 and all(c in n for c, n in zip(head, _VOTE_HEADERS, strict=True)):
                    chunk = chunk[1:]
            if not chunk:
                continue
            if set(map(len, chunk)) != {3}:
                raise _Irregular
            participant, statement, vote = zip(*chunk, strict=True)
            p_codes.append(np.array(_codes(participant, people), dtype=np.int64))
            s_codes.append(np.array(_codes(statement, statements), dtype=np.int64))
            values.append(np.array([_VOTE_VALUES[v] for v in vote], dtype=np.int8))
    except (KeyError, csv.Error) as exc:
        raise _Irregular from exc
    participant_ids, p_remap = _merge_stripped(people)
    statement_ids, s_remap = _merge_stripped(statements)
    empty = np.zeros(0, dtype=np.int64)
    return VoteTable(
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        participant=p_remap[np.concatenate(p_codes)] if p_codes else empty,
        statement=s_remap[np.concatenate(s_codes)] if s_codes else empty,
        value=np.concatenate(values) if values else np.zeros(0, dtype=np.int8),
    )


def read_votes_table(path: str | Path) -> VoteTable:
    """The same file as `read_votes_csv`, read into arrays (codes per id) without a Python tuple per
    vote: what `manage.py common_ground` uses, so that millions of votes fit in memory. A plain file
    goes through numpy (`fastcsv`); one with quotes or CRLF through the csv module in chunks; one
    neither can take as is (blank rows, stray spaces, a bad row) line by line, so a bad file gets
    the same error naming its line."""
    path = Path(path)
    plain = read_plain(_checked_bytes(path), _VOTE_HEADERS)
    if plain is not None:
        return plain
    try:
        with _no_cyclic_gc():
            return _fast_table(path)
    except _Irregular:
        return table_from_tuples(read_votes_csv(path))


def read_statement_ids(path: str | Path) -> list[str]:
    """One statement id per line (a `statement` header is optional): the moderated-out statements."""
    path = Path(path)
    ids: list[str] = []
    for line, (statement,) in _rows(path, _STATEMENT_HEADERS):
        if not statement:
            raise InputFileError(path, line, "statement ids must not be empty")
        ids.append(statement)
    return ids
