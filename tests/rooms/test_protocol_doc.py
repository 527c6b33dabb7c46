"""docs/protocol.md and the code stay in step: every handled frame type and error code is documented."""

from __future__ import annotations

import re
from pathlib import Path

from dialogues.live.protocol import HANDLERS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()
SOURCES = [
    *Path(__file__).resolve().parents[2].glob("dialogues/live/*.py"),
    *Path(__file__).resolve().parents[2].glob("facilitation/**/*.py"),
]


def _table_names(heading: str) -> set[str]:
    section = DOC.split(heading, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)) - {"type"}


def test_every_client_frame_type_is_documented() -> None:
    import dialogues.live.handlers  # noqa: F401  (registers)

    documented = _table_names("## Client → server frames")
    assert set(HANDLERS) <= documented, set(HANDLERS) - documented


def test_documented_client_frames_exist() -> None:
    import dialogues.live.handlers  # noqa: F401

    assert _table_names("## Client → server frames") <= set(HANDLERS)


def test_every_error_code_raised_is_documented() -> None:
    codes = set()
    for path in SOURCES:
        codes |= set(re.findall(r'ParleyError\(\s*"([a-z_]+)"', path.read_text()))
        codes |= set(re.findall(r'events\.error\(\s*"([a-z_]+)"', path.read_text()))
    documented = _table_names("## Error codes")
    assert codes, "no error codes found: the pattern is stale"
    assert codes <= documented, codes - documented


def test_every_server_frame_type_built_in_events_is_documented() -> None:
    events = (Path(__file__).resolve().parents[2] / "dialogues" / "events.py").read_text()
    built = set(re.findall(r'"type": "([a-z_]+)"', events))
    documented = _table_names("## Server → client frames")
    assert built <= documented, built - documented


def test_every_typed_client_frame_is_documented() -> None:
    from typing import is_typeddict

    import dialogues.live.inbound
    import facilitation.frames

    section = DOC.split("## Frame types in Python", 1)[1].split("\n## ", 1)[0]
    typed = {
        name
        for module in (dialogues.live.inbound, facilitation.frames)
        for name, value in vars(module).items()
        if is_typeddict(value) and value.__module__ == module.__name__
    }
    assert {"Action", "SayFrame", "CaptureCreateFrame"} <= typed, "the pattern is stale"
    missing = {name for name in typed if f"`{name}`" not in section}
    assert not missing, missing
