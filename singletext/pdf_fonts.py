"""DejaVu Sans from matplotlib's wheel for fpdf2 (its core fonts cover Latin-1 only); a character the
font lacks becomes "?" rather than an empty box or an error."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import TTFFont

FAMILY = "dejavu"


def _dir() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def add_fonts(pdf: FPDF) -> str:
    pdf.add_font(FAMILY, "", str(_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(_dir() / "DejaVuSans-Bold.ttf"))
    return FAMILY


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    pdf = FPDF()
    add_fonts(pdf)
    faces = [pdf.fonts[f"{FAMILY}{style}"] for style in ("", "B")]
    sets = [set(face.cmap) for face in faces if isinstance(face, TTFFont)]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


def printable(text: str) -> str:
    covered = _covered()
    return "".join(c if ord(c) in covered or c in "\n\t" else "?" for c in text)
