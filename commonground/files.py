"""Reading votes and parties from CSV files, with errors that name the line."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .results import Vote

_VOTE_VALUES = {"1": 1, "+1": 1, "-1": -1, "0": 0}
_VOTE_HEADERS = ({"participant", "participant_id"}, {"statement", "statement_id"}, {"vote"})
_PARTY_HEADERS = ({"participant", "participant_id"}, {"party"})


class InputFileError(ValueError):
    """A votes or parties file that cannot be read; `line` is 1-based, None for the whole file."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputFileError(path, None, "file not found") from exc
    except OSError as exc:
        raise InputFileError(path, None, f"cannot read: {exc.strerror}") from exc
    # Spreadsheets often save a byte-order mark that would otherwise stick to the first id.
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
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
