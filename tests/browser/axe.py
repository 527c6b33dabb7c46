"""axe-core (npm, node_modules/axe-core) run in a Playwright page: WCAG 2.0, 2.1 and 2.2 at levels A and AA.

axe is injected into the page under test, not served by the site: the page's Content-Security-Policy does
not apply to what Playwright adds through the DevTools protocol, nor to the eval that loads axe from it
(`bypass_csp` on the context)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.live import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe files these under "best-practice", not WCAG, but they are how WCAG 1.3.1 and 2.4.1 are met in
# practice: headings in order, one <h1> and one <main>, every part of the page inside a landmark.
STRUCTURE = [
    "heading-order",
    "empty-heading",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-unique",
    "region",
]


def axe_path() -> Path:
    """The axe-core script, or a failure saying how to get it (a test that cannot check must not pass)."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core is missing ({AXE}): run `npm ci` (or `make lint`, which installs node_modules)",
            pytrace=False,
        )
    return AXE


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page, with the elements that break it."""

    where: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:6]) + (
            f" (+{len(self.targets) - 6} more)" if len(self.targets) > 6 else ""
        )
        return f"{self.where}: [{self.rule}, {self.impact}] {self.help} -> {shown}\n    {self.summary}"


# What a context adds to every page it opens (a11y.open_context): axe's source as a string, handed to the
# browser once per context instead of once per page audited (a 560 kB <script> each time was half the
# crawl's axe time). A string literal costs next to nothing to load; only a page audited compiles it.
def axe_init_script() -> str:
    return f"window.__axeSource = {_axe_source_literal()};"


@lru_cache(maxsize=1)
def _axe_source_literal() -> str:
    return json.dumps(axe_path().read_text(encoding="utf-8"))


# Loads axe into the page from that string (global scope), if it is not there yet; false without it.
_LOAD = """() => {
  if (typeof window.axe !== "undefined") return true;
  if (typeof window.__axeSource !== "string") return false;
  (0, eval)(window.__axeSource);
  return true;
}"""


def audit(page: Page, where: str) -> list[Violation]:
    """Run axe on the page as it is now (WCAG 2.2 A and AA, and STRUCTURE) and return what it finds."""
    if not page.evaluate(_LOAD):
        page.add_script_tag(path=str(axe_path()))  # a context opened without axe_init_script()
    result: dict[str, Any] = page.evaluate(
        """async ([tags, extra]) => {
            const rules = [...axe.getRules(tags).map((r) => r.ruleId), ...extra];
            const only = { runOnly: { type: "rule", values: rules }, resultTypes: ["violations"] };
            const r = await axe.run(document, only);
            return { violations: r.violations.map((v) => ({
                id: v.id, impact: v.impact || "", help: v.help,
                nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
            })) };
        }""",
        [WCAG_AA, STRUCTURE],
    )
    return [
        Violation(
            where=where,
            rule=v["id"],
            impact=v["impact"],
            help=v["help"],
            targets=tuple(n["target"] for n in v["nodes"]),
            summary=(v["nodes"][0]["summary"].replace("\n", " ") if v["nodes"] else ""),
        )
        for v in result["violations"]
    ]


def report(found: list[Violation]) -> str:
    return f"{len(found)} axe violation(s) of WCAG 2.2 AA:\n" + "\n".join(str(v) for v in found)
