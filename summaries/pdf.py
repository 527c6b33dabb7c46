"""PDF export with fpdf2: Noto fonts embedded for every script a dialogue is likely to use, shaped text.

The fonts are Debian's `fonts-noto-core` (Noto Sans for Latin, Greek and Cyrillic; Noto Sans Arabic,
Hebrew and Devanagari) and `fonts-noto-cjk` (Noto Sans CJK for Chinese, Japanese and Korean), installed by
the project's own set-up (Dockerfile, `.ci/run`, README). Noto Sans is the main face; fpdf2 falls back
to the script's face for characters it lacks, and its text shaping (HarfBuzz, through `uharfbuzz`)
joins Arabic letters, orders right-to-left runs and composes Devanagari conjuncts. fpdf2 subsets each
font, so a PDF carries only the glyphs it uses.

A machine without the fonts gets a clear error naming the packages, never a PDF with boxes or "?".
Dates are written in words in the session's own time zone ("14 March 2025").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.errors import ParleyError

if TYPE_CHECKING:
    from .exports import ExportMeta

FAMILY = "noto"
MONO = "notomono"
TRUETYPE = Path("/usr/share/fonts/truetype/noto")
OPENTYPE = Path("/usr/share/fonts/opentype/noto")
# (family, style) -> (file, index in a collection). Styles without a file of their own reuse "".
_FONTS: dict[tuple[str, str], tuple[Path, int]] = {
    (FAMILY, ""): (TRUETYPE / "NotoSans-Regular.ttf", 0),
    (FAMILY, "B"): (TRUETYPE / "NotoSans-Bold.ttf", 0),
    (FAMILY, "I"): (TRUETYPE / "NotoSans-Italic.ttf", 0),
    (FAMILY, "BI"): (TRUETYPE / "NotoSans-BoldItalic.ttf", 0),
}
# Fallback faces, tried in order for characters Noto Sans lacks (regular and bold of each).
_FALLBACKS: dict[str, tuple[tuple[Path, int], tuple[Path, int]]] = {
    "notoarabic": ((TRUETYPE / "NotoSansArabic-Regular.ttf", 0), (TRUETYPE / "NotoSansArabic-Bold.ttf", 0)),
    "notohebrew": ((TRUETYPE / "NotoSansHebrew-Regular.ttf", 0), (TRUETYPE / "NotoSansHebrew-Bold.ttf", 0)),
    "notodevanagari": (
        (TRUETYPE / "NotoSansDevanagari-Regular.ttf", 0),
        (TRUETYPE / "NotoSansDevanagari-Bold.ttf", 0),
    ),
    # The collection's third face is Simplified Chinese; every face covers the CJK ideographs, kana
    # and Hangul.
    "notocjk": ((OPENTYPE / "NotoSansCJK-Regular.ttc", 2), (OPENTYPE / "NotoSansCJK-Bold.ttc", 2)),
    "notoarmenian": (
        (TRUETYPE / "NotoSansArmenian-Regular.ttf", 0),
        (TRUETYPE / "NotoSansArmenian-Bold.ttf", 0),
    ),
    "notogeorgian": (
        (TRUETYPE / "NotoSansGeorgian-Regular.ttf", 0),
        (TRUETYPE / "NotoSansGeorgian-Bold.ttf", 0),
    ),
    "notoethiopic": (
        (TRUETYPE / "NotoSansEthiopic-Regular.ttf", 0),
        (TRUETYPE / "NotoSansEthiopic-Bold.ttf", 0),
    ),
}
PACKAGES = "fonts-noto-core fonts-noto-cjk"


class FontsMissing(ParleyError):
    """The PDF fonts are not installed on this machine."""


def missing_fonts() -> list[Path]:
    files = [path for path, _ in _FONTS.values()]
    files += [path for pair in _FALLBACKS.values() for path, _ in pair]
    return sorted({path for path in files if not path.exists()})


@lru_cache(maxsize=1)
def _check_fonts() -> None:
    missing = missing_fonts()
    if missing:
        raise FontsMissing(
            "pdf_fonts_missing",
            f"The PDF export needs the Noto fonts ({PACKAGES}); missing: "
            + ", ".join(path.name for path in missing)
            + f". Install them with: apt-get install {PACKAGES}",
        )


INK = (29, 36, 51)
MUTED = (90, 96, 110)
BODY_PT, H2_PT, H3_PT = 10.5, 13, 11
LINE_MM = 5.0
BULLET_MM = 5.0


class _SummaryPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")


def _mono_dir() -> Path:
    # Code (rare in a summary) in DejaVu Sans Mono, which ships inside matplotlib's wheel.
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _new_pdf() -> _SummaryPDF:
    _check_fonts()
    pdf = _SummaryPDF(format="A4")
    for (family, style), (path, index) in _FONTS.items():
        pdf.add_font(family, style, path, collection_font_number=index)
    pdf.add_font(MONO, "", _mono_dir() / "DejaVuSansMono.ttf")
    pdf.add_font(MONO, "B", _mono_dir() / "DejaVuSansMono-Bold.ttf")
    for family, ((regular, r_index), (bold, b_index)) in _FALLBACKS.items():
        pdf.add_font(family, "", regular, collection_font_number=r_index)
        pdf.add_font(family, "B", bold, collection_font_number=b_index)
    pdf.set_fallback_fonts(list(_FALLBACKS), exact_match=False)
    # HarfBuzz shaping: Arabic joining, right-to-left order, Devanagari conjuncts.
    pdf.set_text_shaping(use_shaping_engine=True)
    return pdf


def printable(text: str) -> str:
    """Kept for callers of the old DejaVu export: every character is drawn now, so this is the identity."""
    return text


def render_pdf(meta: ExportMeta, body: str) -> bytes:
    from .document import parse_markdown

    pdf = _new_pdf()
    title = f"{meta.dialogue}: {meta.session}"
    # The metadata also goes in the document information, where tools (and tests) read it without
    # parsing page content.
    pdf.set_title(title)
    pdf.set_subject(f"{meta.session} · {meta.date} · version {meta.version} · {meta.status}")
    pdf.set_keywords(meta.content_hash)
    pdf.set_creator("Parley")
    pdf.footer_text = f"{meta.dialogue} · version {meta.version} · {meta.content_hash[:19]}…"
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 7.5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(*MUTED)
    lines = [
        f"Session of {meta.date_words} · Version {meta.version} · {meta.status.capitalize()}",
        *([f"Released {meta.released_words}"] if meta.released_words else []),
        f"Content hash: {meta.content_hash}",
    ]
    if not meta.is_released:
        lines.append("Draft: not released.")
    for line in lines:
        pdf.multi_cell(0, 4.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    # The body is laid out from its structure, one shaped cell per paragraph and item: fpdf2's HTML
    # renderer does not shape, so Arabic and Hebrew would come out unjoined and in the wrong order.
    doc = parse_markdown(body)
    if doc.preamble:
        _paragraph(pdf, doc.preamble, style="I", color=MUTED)
    for section in doc.sections:
        _heading(pdf, section.title, H2_PT, before=4, keep=6)
        if section.text:
            _paragraph(pdf, section.text)
        _items(pdf, section.items)
        for part in section.parts:
            _heading(pdf, part.heading, H3_PT, before=2.5)
            if part.text:
                _paragraph(pdf, part.text)
            _items(pdf, part.items)
    return bytes(pdf.output())


def _plain(markdown_text: str) -> str:
    from .liaison.proposals import plain_text

    return plain_text(markdown_text)


def _heading(pdf: FPDF, text: str, size: float, *, before: float, keep: int = 3) -> None:
    # Keep a heading with what follows it: start a new page if fewer than `keep` lines fit.
    if pdf.get_y() + before + keep * LINE_MM > pdf.page_break_trigger:
        pdf.add_page()
    else:
        pdf.ln(before)
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, size * 0.5, _plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(0.8)


def _paragraph(pdf: FPDF, text: str, *, style: str = "", color: tuple[int, int, int] = (0, 0, 0)) -> None:
    pdf.set_font(FAMILY, style, BODY_PT)
    pdf.set_text_color(*color)
    for block in text.split("\n\n"):
        pdf.multi_cell(0, LINE_MM, _plain(block), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)


def _items(pdf: FPDF, items: list[str]) -> None:
    pdf.set_font(FAMILY, "", BODY_PT)
    pdf.set_text_color(0, 0, 0)
    for item in items:
        left = pdf.l_margin
        pdf.cell(BULLET_MM, LINE_MM, "•")
        pdf.set_left_margin(left + BULLET_MM)
        pdf.multi_cell(0, LINE_MM, _plain(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_left_margin(left)
        pdf.set_x(left)
        pdf.ln(0.8)
