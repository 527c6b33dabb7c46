"""Odd input never raises, and the engine never touches the network."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import ItemDigest, digest

from .discussion import discussion

_FRAGMENTS = st.sampled_from(
    ["Dam releases matter.", "water sharing quotas", "U.N.", "3.5", "!!", "\u200b", "\u202e", "ﷺ",
     "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "İstanbul", "ß", "\n", "\r\n", "\x00", "[PERSON]", "<ORG>", "🙂", "Ω≈ç√", "ا لسلام",
     "中文。句子！", "'", '"']
)  # fmt: skip
_MESSAGE = st.one_of(st.text(max_size=200), st.lists(_FRAGMENTS, max_size=15).map(" ".join))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_MESSAGE, max_size=25))
def test_odd_unicode_never_raises(messages: list[str]) -> None:
    result = digest(messages)
    assert isinstance(result, ItemDigest)
    for point in result.main_points:
        # Extractive: every point is verbatim text of a message that it cites.
        assert point.text
        assert all(0 <= i < len(messages) for i in point.message_indices)
        assert any(point.text in messages[i] for i in point.message_indices)
    for theme in result.themes:
        assert theme.label
        assert theme.size == len(theme.message_indices) <= len(messages)


def _refuse(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError(f"network access attempted: {args!r}")


def test_digest_makes_no_network_call(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.create_connection(("127.0.0.1", 9))
    messages, _, _, _ = discussion()
    assert digest(messages).main_points


def test_import_and_digest_offline_in_a_fresh_interpreter() -> None:
    # Importing sumy, nltk, pysbd and scikit-learn for the first time must not reach out either
    # (NLTK data, model downloads, suffix lists). An audit hook refuses every socket operation.
    script = textwrap.dedent(
        """
        import socket, sys

        def guard(event, args):
            if event.startswith("socket.") and event != "socket.__new__":
                raise RuntimeError(f"network access attempted: {event}")

        sys.addaudithook(guard)
        from digest import digest
        from digest.bench import synthetic_messages
        assert digest(synthetic_messages(300)).main_points
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except RuntimeError:
            print("guarded")
        """
    )
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "guarded"
