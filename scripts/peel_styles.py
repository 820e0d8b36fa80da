"""House styles for the fictional PEEL reports: fonts, sizes, colours and paragraph styles.

Three deliberately different styles, one per force, so a parser cannot be tuned to one
layout. Invariants kept in all of them: heading level 1 > level 2 > level 3 in size, all
headings bold, grade labels smaller than level-3 headings, body text smaller still.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# --------------------------------------------------------------------------- fonts


def _find_sans_ttf() -> tuple[str, dict[str, str]] | None:
    """Locate an embeddable sans TrueType family (Liberation preferred, as in the real
    report; DejaVu otherwise). Returns (family name, {variant: path}) or None."""
    candidates = [
        ("LiberationSans", "/usr/share/fonts/truetype/liberation",
         {"": "LiberationSans-Regular.ttf", "-Bold": "LiberationSans-Bold.ttf",
          "-Italic": "LiberationSans-Italic.ttf", "-BoldItalic": "LiberationSans-BoldItalic.ttf"}),
        ("DejaVuSans", "/usr/share/fonts/truetype/dejavu",
         {"": "DejaVuSans.ttf", "-Bold": "DejaVuSans-Bold.ttf",
          "-Italic": "DejaVuSans-Oblique.ttf", "-BoldItalic": "DejaVuSans-BoldOblique.ttf"}),
    ]
    for family, folder, files in candidates:
        paths = {k: os.path.join(folder, v) for k, v in files.items()}
        if all(os.path.exists(p) for p in paths.values()):
            return family, paths
    return None


def _register_ttf() -> tuple[str, str, str, str]:
    """Register the embedded sans family once; fall back to Helvetica if none exists."""
    found = _find_sans_ttf()
    if found is None:
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"
    family, paths = found
    names = []
    for variant in ("", "-Bold", "-Italic", "-BoldItalic"):
        name = family + variant
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, paths[variant]))
        names.append(name)
    pdfmetrics.registerFontFamily(family, normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])
    return names[0], names[1], names[2], names[3]


# --------------------------------------------------------------------------- house styles


@dataclass(frozen=True)
class HouseStyle:
    key: str
    fonts: tuple[str, str, str, str]  # regular, bold, italic, bold italic
    body_size: float
    leading: float
    space_after: float
    justify: bool
    heading_sizes: tuple[float, float, float]
    heading_colours: tuple[colors.Color, colors.Color, colors.Color]
    h3_italic: bool  # level-3 headings in bold italic (still bold)
    accent: colors.Color
    pale: colors.Color
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    box_style: str  # "shaded" | "banded" | "leftbar"
    divider: str  # "centred" | "band" | "block"
    cover: str  # "classic" | "band" | "block"
    running_header: bool
    footer: str  # "centre" | "page_right" | "left_rule"
    bullet: str
    toc_dots: bool
    grade_band: bool  # grade label printed white on an accent band
    table_labels: str  # "plain" or "fair_treatment" (legitimacy rows named as in some reports)


def house_styles() -> dict[str, HouseStyle]:
    sans = _register_ttf()
    return {
        # Northmoor: Helvetica, teal, shaded boxes, no running header, centred numbers.
        "teal": HouseStyle(
            key="teal", fonts=("Helvetica", "Helvetica-Bold", "Helvetica-Oblique",
                               "Helvetica-BoldOblique"),
            body_size=11, leading=16, space_after=8, justify=False,
            heading_sizes=(21, 15, 12),
            heading_colours=(colors.HexColor("#00566B"), colors.HexColor("#00566B"),
                             colors.HexColor("#333333")),
            h3_italic=False, accent=colors.HexColor("#00566B"), pale=colors.HexColor("#E3F1F4"),
            margins=(2.3 * cm, 2.3 * cm, 2.2 * cm, 2.2 * cm), box_style="shaded",
            divider="centred", cover="classic", running_header=False, footer="centre",
            bullet="\u2022", toc_dots=True, grade_band=False, table_labels="plain"),
        # Severn Vale: Times, navy, justified, banded boxes, running header, "Page N".
        "navy": HouseStyle(
            key="navy", fonts=("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
            body_size=11.5, leading=15.5, space_after=7, justify=True,
            heading_sizes=(22, 16, 12.5),
            heading_colours=(colors.HexColor("#1F2A5A"), colors.HexColor("#1F2A5A"),
                             colors.black),
            h3_italic=True, accent=colors.HexColor("#1F2A5A"), pale=colors.HexColor("#E8EAF2"),
            margins=(2.8 * cm, 2.4 * cm, 2.7 * cm, 2.3 * cm), box_style="banded",
            divider="band", cover="band", running_header=True, footer="page_right",
            bullet="\u2013", toc_dots=False, grade_band=True, table_labels="fair_treatment"),
        # Brackenshire: embedded TrueType sans, plum, left-bar boxes, header and left footer.
        "plum": HouseStyle(
            key="plum", fonts=sans, body_size=10, leading=14.5, space_after=7, justify=False,
            heading_sizes=(19, 14, 11),
            heading_colours=(colors.HexColor("#5B2A6E"), colors.HexColor("#5B2A6E"),
                             colors.HexColor("#222222")),
            h3_italic=False, accent=colors.HexColor("#5B2A6E"), pale=colors.HexColor("#F2EEF4"),
            margins=(2.0 * cm, 2.0 * cm, 2.5 * cm, 2.0 * cm), box_style="leftbar",
            divider="block", cover="block", running_header=True, footer="left_rule",
            bullet="\u2022", toc_dots=True, grade_band=False, table_labels="plain"),
    }


GRADE_COLOURS = {
    "Outstanding": colors.HexColor("#1B5E20"), "Good": colors.HexColor("#2E7D32"),
    "Requires improvement": colors.HexColor("#B26A00"), "Inadequate": colors.HexColor("#B00020"),
}
CONCERN_RED = colors.HexColor("#B00020")


def paragraph_styles(hs: HouseStyle) -> dict[str, ParagraphStyle]:
    reg, bold, ital, bital = hs.fonts
    body = ParagraphStyle("body", fontName=reg, fontSize=hs.body_size, leading=hs.leading,
                          spaceAfter=hs.space_after,
                          alignment=TA_JUSTIFY if hs.justify else TA_LEFT)
    st: dict[str, ParagraphStyle] = {"body": body}
    h_fonts = (bold, bold, bital if hs.h3_italic else bold)
    for i in range(3):
        size = hs.heading_sizes[i]
        st[f"h{i + 1}"] = ParagraphStyle(
            f"h{i + 1}", fontName=h_fonts[i], fontSize=size, leading=size * 1.25,
            textColor=hs.heading_colours[i], spaceBefore=(14, 12, 9)[i], spaceAfter=(10, 6, 4)[i],
            keepWithNext=1, allowWidows=0, allowOrphans=0)
    st["bullet"] = ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=4,
                                  spaceAfter=3, bulletFontName=reg)
    st["signature"] = ParagraphStyle("signature", parent=body, fontName=bold, spaceAfter=0)
    st["note"] = ParagraphStyle("note", parent=body, fontName=ital)
    band = hs.grade_band
    st["grade"] = ParagraphStyle(
        "grade", fontName=bold, fontSize=hs.body_size + 0.5,
        leading=hs.leading + 2, spaceBefore=2, spaceAfter=8, keepWithNext=1,
        textColor=colors.white if band else hs.accent,
        backColor=hs.accent if band else None, borderPadding=(3, 6, 3, 6) if band else 0,
        leftIndent=6 if band else 0)
    st["box_head"] = ParagraphStyle("box_head", fontName=bold, fontSize=hs.body_size + 1,
                                    leading=hs.leading + 1, spaceAfter=4,
                                    textColor=(colors.white if hs.box_style == "banded"
                                               else hs.accent))
    st["box_sub"] = ParagraphStyle("box_sub", parent=body, fontName=bold, spaceBefore=2,
                                   spaceAfter=3)
    st["box_text"] = ParagraphStyle("box_text", parent=body, alignment=TA_LEFT, spaceAfter=4)
    st["box_bullet"] = ParagraphStyle("box_bullet", parent=st["box_text"], leftIndent=14,
                                      bulletIndent=2, spaceAfter=3, bulletFontName=reg)
    st["cell"] = ParagraphStyle("cell", fontName=reg, fontSize=hs.body_size - 0.5,
                                leading=hs.leading - 1.5)
    st["cell_head"] = ParagraphStyle("cell_head", parent=st["cell"], fontName=bold,
                                     textColor=colors.white)
    st["contents"] = ParagraphStyle("contents", parent=st["h1"], keepWithNext=0)
    st["toc1"] = ParagraphStyle("toc1", fontName=bold, fontSize=hs.body_size + 0.5,
                                leading=hs.leading + 4, leftIndent=0, firstLineIndent=0)
    st["toc2"] = ParagraphStyle("toc2", fontName=reg, fontSize=hs.body_size,
                                leading=hs.leading + 1, leftIndent=14, firstLineIndent=0)
    return st


