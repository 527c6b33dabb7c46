"""The proposals and recommendations of a released summary, each with a stable key for uptake.

A liaison records how a proposal was taken up against its `proposal_key`. The key is a hash of the
proposal's text (as plain text, case and spacing folded, the "(raised by ...)" attribution dropped), so
it is the same every time a version is read, and a correction that leaves a proposal's wording alone
keeps its key, and with it the responses already recorded.

What counts: every item of a "Proposals" part (the compiled summaries' own heading), and every item of a
part or section whose heading a facilitator wrote with "proposal" or "recommendation" in it.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

import markdown
import nh3

from ..document import parse_markdown

KEY_PREFIX = "p-"
_ATTRIBUTION = re.compile(r"\s*\*\((?:raised|discussed|proposed) by [^()]*\)\*\s*$", re.IGNORECASE)
_WORDS = ("proposal", "recommendation")


@dataclass(frozen=True)
class Proposal:
    key: str
    section: str  # the section (agenda item) it appears under
    heading: str  # the part heading, e.g. "Proposals" ("" for items directly under a section)
    text: str  # the item as written (inline Markdown)

    @property
    def plain(self) -> str:
        return plain_text(self.text)


def plain_text(item: str) -> str:
    """An inline Markdown item as plain text (markup and escapes gone, white space collapsed)."""
    rendered = markdown.markdown(item, output_format="html")
    # nh3 with no allowed tags keeps the text, still HTML-escaped: unescape it once.
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())


def proposal_key(item: str) -> str:
    """The stable key of a proposal's text (see the module docstring)."""
    folded = plain_text(_ATTRIBUTION.sub("", item)).casefold()
    return KEY_PREFIX + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def _counts(heading: str) -> bool:
    folded = heading.casefold()
    return any(word in folded for word in _WORDS)


def proposals_of(body: str) -> list[Proposal]:
    """Proposals and recommendations in document order. The same text twice gets "-2", "-3"."""
    found: list[Proposal] = []
    seen: dict[str, int] = {}

    def add(section: str, heading: str, item: str) -> None:
        key = proposal_key(item)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        found.append(Proposal(key=key, section=section, heading=heading, text=item))

    for section in parse_markdown(body or "").sections:
        if _counts(section.title):
            for item in section.items:
                add(section.title, "", item)
        for part in section.parts:
            if part.key == "proposals" or _counts(part.heading):
                for item in part.items:
                    add(section.title, part.heading, item)
    return found
