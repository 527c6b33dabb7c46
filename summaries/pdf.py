"""PDF export with fpdf2 (pure Python) and the DejaVu fonts that ship inside matplotlib's wheel.

fpdf2 bundles no Unicode font, and its core fonts only cover Latin-1. matplotlib, already a dependency
for charts, installs DejaVu Sans (Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic
letters, many symbols) from PyPI with no system package. A character DejaVu lacks (Chinese, Japanese,
Korean, most emoji) is replaced with "?" rather than left as an empty box or raising. Right-to-left
scripts are written without shaping or reordering (that needs HarfBuzz): legible letter by letter only.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace, TextStyle, TTFFont

if TYPE_CHECKING:
    from .exports import ExportMeta

FAMILY = "dejavu"
MONO = "dejavumono"
REPLACEMENT = "?"
_FONTS = {
    (FAMILY, ""): "DejaVuSans.ttf",
    (FAMILY, "B"): "DejaVuSans-Bold.ttf",
    (FAMILY, "I"): "DejaVuSans-Oblique.ttf",
    (FAMILY, "BI"): "DejaVuSans-BoldOblique.ttf",
    (MONO, ""): "DejaVuSansMono.ttf",
    (MONO, "B"): "DejaVuSansMono-Bold.ttf",
    (MONO, "I"): "DejaVuSansMono-Oblique.ttf",
    (MONO, "BI"): "DejaVuSansMono-BoldOblique.ttf",
}


# Sober headings in the text colour (fpdf2's defaults are dark red), monospace in DejaVu Sans Mono.
_INK = "#1d2433"
TAG_STYLES = {
    "h1": TextStyle(font_family=FAMILY, font_style="B", font_size_pt=16, color=_INK, t_margin=6, b_margin=2),
    "h2": TextStyle(font_family=FAMILY, font_style="B", font_size_pt=14, color=_INK, t_margin=6, b_margin=2),
    "h3": TextStyle(font_family=FAMILY, font_style="B", font_size_pt=12, color=_INK, t_margin=4, b_margin=1),
    "h4": TextStyle(font_family=FAMILY, font_style="B", font_size_pt=11, color=_INK, t_margin=3, b_margin=1),
    "blockquote": TextStyle(font_family=FAMILY, color="#5b6475", t_margin=2, b_margin=2, l_margin=6),
    "pre": TextStyle(font_family=MONO, t_margin=2, b_margin=2),
    "code": FontFace(family=MONO),
}


def font_dir() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _SummaryPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """Code points all four faces of DejaVu Sans have a glyph for (Sans Mono, used for code only,
    covers fewer scripts; a character it lacks in code is drawn as an empty box, not an error)."""
    pdf = FPDF()
    faces = []
    for (family, style), name in _FONTS.items():
        if family == FAMILY:
            pdf.add_font(family, style, font_dir() / name)
            faces.append(pdf.fonts[f"{family}{style}"])
    sets = [set(face.cmap) for face in faces if isinstance(face, TTFFont)]
    return frozenset(set.intersection(*sets))


@lru_cache(maxsize=4096)
def _printable_char(char: str) -> str:
    covered = _covered()
    if char in "\n\t" or ord(char) in covered:
        return char
    # A precomposed letter the fonts lack ("ế") can often be drawn as its base and combining marks.
    parts = unicodedata.normalize("NFD", char)
    if len(parts) > 1 and all(ord(c) in covered for c in parts):
        return parts
    return REPLACEMENT


def printable(text: str) -> str:
    """`text` with characters the fonts cannot draw replaced by "?" (line breaks and tabs kept)."""
    return "".join(_printable_char(c) for c in text)


def render_pdf(meta: ExportMeta, body: str) -> bytes:
    from .exports import body_html

    pdf = _SummaryPDF(format="A4")
    for (family, style), name in _FONTS.items():
        pdf.add_font(family, style, font_dir() / name)
    title = printable(f"{meta.dialogue}: {meta.session}")
    # The metadata also goes in the document information, where tools (and tests) read it without
    # parsing page content.
    pdf.set_title(title)
    pdf.set_subject(printable(f"{meta.session} · {meta.date} · version {meta.version} · {meta.status}"))
    pdf.set_keywords(meta.content_hash)
    pdf.set_creator("Parley")
    pdf.footer_text = printable(f"{meta.dialogue} · version {meta.version} · {meta.content_hash[:19]}…")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(80, 80, 80)
    lines = [
        f"Session date: {meta.date} · Version {meta.version} · Status: {meta.status}",
        *([f"Released: {meta.released_at}"] if meta.released_at else []),
        f"Content hash: {meta.content_hash}",
    ]
    if not meta.is_released:
        lines.append("DRAFT: not released.")
    for line in lines:
        pdf.multi_cell(0, 5, printable(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 11)
    pdf.write_html(str(body_html(printable(body))), font_family=FAMILY, tag_styles=TAG_STYLES)
    return bytes(pdf.output())
