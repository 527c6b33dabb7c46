"""Reading a plain `participant,statement,vote` file with numpy, without a Python object per row.

Plain means: UTF-8, `\\n` line ends, no quotes, no NUL bytes, no blank lines, exactly three fields
per line, no spaces around fields, ids of at most `MAX_ID_BYTES` bytes, votes written 1, -1, +1 or
0. That is what exports and our own tools write. Anything else returns None and the caller reads the
file line by line, which names the line of a real error.

How: the bytes become a uint8 array; newline and comma positions give each field's span; votes are
decoded from their one or two bytes; each id is packed, big-endian, into 64-bit words, so sorting
the words sorts the ids in UTF-8 byte order (which is code-point order, as Python sorts strings)
and equal ids get one code.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .matrix import IntArray, VoteTable

MAX_ID_BYTES = 64
_NL, _COMMA, _QUOTE, _CR, _SPACE, _TAB = 10, 44, 34, 13, 32, 9

Bytes = npt.NDArray[np.uint8]


def _codes(data: Bytes, starts: IntArray, ends: IntArray) -> tuple[tuple[str, ...], IntArray] | None:
    """Distinct fields (sorted, decoded) and each row's code, or None when the fields are not plain."""
    lengths = ends - starts
    if len(lengths) == 0 or lengths.min() < 1 or lengths.max() > MAX_ID_BYTES:
        return None
    if np.isin(data[starts], (_SPACE, _TAB)).any() or np.isin(data[ends - 1], (_SPACE, _TAB)).any():
        return None  # stray spaces: the careful reader strips them
    words = -(-int(lengths.max()) // 8)
    last = len(data) - 1
    # Column by column, so memory stays at a few arrays of one number per row.
    packed = np.zeros((len(starts), words), dtype=np.uint64)
    for offset in range(int(lengths.max())):  # bytes past the longest id stay 0
        byte = data[np.minimum(starts + offset, last)].astype(np.uint64)
        byte[offset >= lengths] = 0
        packed[:, offset // 8] |= byte << np.uint64(8 * (7 - offset % 8))
    if words == 1:  # the usual case: one sort of one number per row
        _, firsts, inverse = np.unique(packed[:, 0], return_index=True, return_inverse=True)
        codes = inverse.astype(np.int64).reshape(-1)
    else:
        order = np.lexsort(packed.T[::-1])
        ordered = packed[order]
        new = np.ones(len(order), dtype=bool)
        new[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
        codes = np.empty(len(order), dtype=np.int64)
        codes[order] = np.cumsum(new) - 1
        firsts = order[new]
    ids = tuple(bytes(data[starts[i] : ends[i]]).decode("utf-8") for i in firsts.tolist())
    return ids, codes


def _votes(data: Bytes, starts: IntArray, ends: IntArray) -> npt.NDArray[np.int8] | None:
    lengths = ends - starts
    first = data[starts].astype(np.int64)
    second = data[np.minimum(starts + 1, len(data) - 1)].astype(np.int64)
    one = lengths == 1
    two = lengths == 2
    values = np.zeros(len(starts), dtype=np.int8)
    ok = np.zeros(len(starts), dtype=bool)
    for byte, value in ((ord("1"), 1), (ord("0"), 0)):
        hit = one & (first == byte)
        values[hit], ok[hit] = value, True
    for sign, value in ((ord("-"), -1), (ord("+"), 1)):
        hit = two & (first == sign) & (second == ord("1"))
        values[hit], ok[hit] = value, True
    return values if ok.all() else None


def read_plain(raw: bytes, header_names: tuple[set[str], ...]) -> VoteTable | None:
    """The table from a plain file's bytes (BOM removed, known to be UTF-8), or None if not plain."""
    # bytes.find is a memchr: far cheaper than a numpy pass over the whole file per byte value.
    if not raw or any(bytes([byte]) in raw for byte in (_QUOTE, _CR, 0)):
        return None
    data = np.frombuffer(raw, dtype=np.uint8)
    newlines = np.flatnonzero(data == _NL)
    if len(newlines) == 0 or newlines[-1] != len(data) - 1:
        newlines = np.append(newlines, len(data))  # a last line without its newline
    ends = newlines.astype(np.int64)
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    if np.any(ends <= starts):
        return None  # a blank line
    first_line = raw[: int(ends[0])].decode("utf-8").split(",")
    if len(first_line) == 3 and all(
        cell.strip().lower() in names for cell, names in zip(first_line, header_names, strict=True)
    ):
        starts, ends = starts[1:], ends[1:]
        if len(starts) == 0:
            return None
    commas = np.flatnonzero(data == _COMMA).astype(np.int64)
    first = np.searchsorted(commas, starts)
    if np.any(np.searchsorted(commas, ends) - first != 2):
        return None
    first_comma, second_comma = commas[first], commas[first + 1]
    participants = _codes(data, starts, first_comma)
    statements = _codes(data, first_comma + 1, second_comma)
    votes = _votes(data, second_comma + 1, ends)
    if participants is None or statements is None or votes is None:
        return None
    return VoteTable(
        participant_ids=participants[0],
        statement_ids=statements[0],
        participant=participants[1],
        statement=statements[1],
        value=votes,
    )
