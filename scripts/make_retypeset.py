#!/usr/bin/env python3
"""Re-typeset one sample-corpus report in a layout no section-recovery profile was tuned to.

    python scripts/make_retypeset.py [--stem northmoor-peel-2018-19] [--out tests/data]

Writes ``<out>/retypeset-<force>-<year>.pdf`` (default ``retypeset-northmoor-2018-19.pdf``)
and its ground truth ``<out>/retypeset-<force>-<year>.structure.json``.

The content is the corpus report's own: the same ``peel_compose`` composer, seeded from the
same report stem, so every paragraph, box, table and finding matches the corpus file. Only
the typography changes, and each change removes a cue the house styles always offered:

  * an embedded serif TrueType body font (Liberation Serif if installed, else DejaVu Serif,
    else ReportLab's built-in Times), body 10.5 pt, ragged right;
  * numbered headings, the number printed as part of the heading line: pillar chapters
    "1 Effectiveness", questions "1.1 How effectively ...", sub-sections "1.3.1 Investigation
    quality"; the annex heading keeps its own label ("Annex A \u2013 About the data") and its
    sub-sections are "A.1", "A.1.1"; the three front-matter chapters are unnumbered;
  * heading levels set apart by size and weight only, all in near-black: level 1 16 pt bold,
    level 2 13 pt bold, level 3 11 pt bold italic;
  * the grade printed ON the heading line, after an en dash and in the grade's colour:
    "1.1 How effectively does the force reduce crime and keep people safe? \u2013 Good"
    (long headings wrap, so the grade may land on the heading's second line); there is no
    separate grade label;
  * chapters run on: no pillar divider pages, and only the cover and the contents page end
    with a page break;
  * a running header "<force> \u2013 PEEL <year>" and a footer "Page N of M" on every page but
    the cover;
  * no bookmarks (outline) and an Info dictionary holding only /Producer, like the corpus
    files without an outline, so title, force and year must come from the cover;
  * boxes ruled above and below instead of the corpus styles, tables with a pale header row
    and heavier rules.

Ground truth: the corpus schema (see make_sample_corpus.py), recorded from ReportLab's
``afterFlowable`` hooks on the final layout pass. Each section additionally holds
``number`` (e.g. "1.1", null for unnumbered headings) and ``printed`` (the heading line
exactly as printed, number and grade included, as one line); ``title`` stays the clean
title. Judgments graded on a heading line have ``source: "heading"`` and the heading's page.

Output is byte-identical across runs (ReportLab ``invariant=1``; the composer's randomness is
seeded) on a machine with the same fonts.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (Flowable, NextPageTemplate, PageBreak, Paragraph,  # noqa: E402
                                TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents  # noqa: E402

from peel_compose import compose_all  # noqa: E402
from peel_layout import PAGE_H, PAGE_W, Cover, ReportDoc, StoryBuilder, WholePara  # noqa: E402
from peel_model import COC, Box, Report, Section, TableBlock  # noqa: E402
from peel_styles import CONCERN_RED, GRADE_COLOURS, HouseStyle  # noqa: E402
from peel_verify import norm, page_texts, verify  # noqa: E402

DEFAULT_STEM = "northmoor-peel-2018-19"
MIN_PAGES, MAX_PAGES, MAX_KB = 10, 40, 300
INK = colors.HexColor("#1A1A1A")
DASH = "\u2013"

SERIF_FAMILIES = (
    ("LiberationSerif", ("/usr/share/fonts/truetype/liberation2",
                         "/usr/share/fonts/truetype/liberation"),
     ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
      "LiberationSerif-BoldItalic.ttf")),
    ("DejaVuSerif", ("/usr/share/fonts/truetype/dejavu",),
     ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
      "DejaVuSerif-BoldItalic.ttf")),
)
TIMES = ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic")


def register_serif() -> tuple[str, str, str, str]:
    """Register the first complete serif TrueType family found (regular, bold, italic, bold
    italic); ReportLab embeds a subset of it. Falls back to the unembedded Times family."""
    for family, folders, files in SERIF_FAMILIES:
        for folder in folders:
            paths = [os.path.join(folder, f) for f in files]
            if not all(os.path.exists(p) for p in paths):
                continue
            names = [family + suffix for suffix in ("", "-Bold", "-Italic", "-BoldItalic")]
            for name, path in zip(names, paths):
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, path))
            pdfmetrics.registerFontFamily(family, normal=names[0], bold=names[1],
                                          italic=names[2], boldItalic=names[3])
            return names[0], names[1], names[2], names[3]
    return TIMES


def retypeset_style() -> HouseStyle:
    """The new house style. ``divider`` and ``footer`` are never consulted (this layout has
    no divider pages and draws its own footer); they name what is drawn instead."""
    return HouseStyle(
        key="serif-numbered", fonts=register_serif(), body_size=10.5, leading=14,
        space_after=6, justify=False, heading_sizes=(16, 13, 11),
        heading_colours=(INK, INK, INK), h3_italic=True,
        accent=colors.HexColor("#4A5A23"), pale=colors.HexColor("#F4F1E8"),
        margins=(2.6 * cm, 2.6 * cm, 2.6 * cm, 2.3 * cm), box_style="shaded",
        divider="none", cover="block", running_header=True, footer="page_n_of_m",
        bullet="\u2022", toc_dots=True, grade_band=False, table_labels="plain")


# --------------------------------------------------------------------------- layout


class NumberedTOC(TableOfContents):
    """Contents listing that shows the heading numbers. ``ReportDoc`` reports clean titles
    (they are also the ground truth), so the numbered label is looked up here."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.labels: dict[str, str] = {}

    def label(self, title: str, label: str) -> None:
        key = escape(title)
        if self.labels.setdefault(key, escape(label)) != escape(label):
            raise ValueError(f"two contents entries titled {title!r}")

    def addEntry(self, level: int, text: str, pageNum: int, key: str | None = None) -> None:
        super().addEntry(level, self.labels.get(text, text), pageNum, key)


class RetypesetDoc(ReportDoc):
    """``ReportDoc`` with this layout's page furniture and the extra heading fields."""

    def __init__(self, path: str, report: Report, hs: HouseStyle,
                 total_pages: int | None) -> None:
        super().__init__(path, report, hs)
        self.header = f"{report.force} {DASH} PEEL {report.year}"
        self.total_pages = total_pages

    def _decorate(self, canv: Any, doc: Any) -> None:
        hs = self.hs
        left, right, top, bottom = hs.margins
        n = canv.getPageNumber()
        canv.saveState()
        canv.setFillColor(colors.HexColor("#555555"))
        canv.setFont(hs.fonts[2], 9)
        y = PAGE_H - top + 0.8 * cm
        canv.drawString(left, y, self.header)
        canv.setStrokeColor(hs.accent)
        canv.setLineWidth(0.6)
        canv.line(left, y - 5, PAGE_W - right, y - 5)
        canv.setFont(hs.fonts[0], 9)
        # The first build does not know M yet; render() builds again until it does.
        of = f" of {self.total_pages}" if self.total_pages else ""
        canv.drawRightString(PAGE_W - right, bottom - 1.0 * cm, f"Page {n}{of}")
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        super().afterFlowable(flowable)
        numbering = getattr(flowable, "gt_numbering", None)
        if numbering:
            self.rec.sections[-1].update(numbering)  # the record super() just opened


class RetypesetStory(StoryBuilder):
    def __init__(self, report: Report, hs: HouseStyle) -> None:
        super().__init__(report, hs)
        st = self.st
        # Chapters run on, so a level-1 heading needs more air above it than on a fresh page.
        st["h1"] = ParagraphStyle("h1", parent=st["h1"], spaceBefore=24, spaceAfter=8)
        st["h2"] = ParagraphStyle("h2", parent=st["h2"], spaceBefore=14)
        # Table headers sit on a pale row here, not on the accent colour.
        st["cell_head"] = ParagraphStyle("cell_head", parent=st["cell_head"], textColor=INK)
        # Numbered question titles are long; at body size their page numbers get squeezed.
        st["toc2"] = ParagraphStyle("toc2", parent=st["toc2"], fontSize=9.5, leading=13)
        self.toc = NumberedTOC(dotsMinLevel=0, levelStyles=[st["toc1"], st["toc2"]])

    def build(self) -> list[Flowable]:
        story: list[Flowable] = [Cover(self.report, self.hs), NextPageTemplate("body"),
                                 PageBreak(), Paragraph("Contents", self.st["contents"]),
                                 self.toc, PageBreak()]
        chapter = 0
        for sec in self.report.sections:
            if sec.divider:  # the corpus gives pillar chapters a divider page: number them
                chapter += 1
                story += self.section(sec, str(chapter), str(chapter))
            elif sec.title.startswith("Annex "):
                story += self.section(sec, None, sec.title.split()[1])
            else:
                story += self.section(sec)
        return story

    def section(self, sec: Section, number: str | None = None,
                child_prefix: str | None = None) -> list[Flowable]:
        """Heading (numbered, graded on its own line), blocks, then the children, numbered
        ``<child_prefix>.<i>``; unnumbered chapters have unnumbered children."""
        label = f"{number} {sec.title}" if number else sec.title
        printed = f"{label} {DASH} {sec.grade}" if sec.grade else label
        markup = escape(sec.title)
        if number:
            markup = f'<font color="{self.hs.accent.hexval()}">{number}</font> {markup}'
        if sec.grade:
            colour = GRADE_COLOURS.get(sec.grade, self.hs.accent).hexval()
            markup += f' {DASH} <font color="{colour}">{escape(sec.grade)}</font>'
        h = WholePara(markup, self.st[f"h{sec.level}"])
        h.gt_heading = (sec.level, sec.title, sec.grade)
        h.gt_numbering = {"number": number, "printed": printed}
        if sec.judgment:
            h.gt_events = [dict(sec.judgment, event="finding", source="heading")]
        if sec.level <= 2:
            self.toc.label(sec.title, label)
        out: list[Flowable] = [h]
        for block in sec.blocks:
            out += self.block(block)
        for i, child in enumerate(sec.children, start=1):
            n = f"{child_prefix}.{i}" if child_prefix else None
            out += self.section(child, n, n)
        return out

    def box(self, b: Box) -> Flowable:
        t = super().box(b)
        accent = CONCERN_RED if b.kind == COC else self.hs.accent
        t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 2.4, accent),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.8, accent)]))
        return t

    def table(self, tb: TableBlock) -> Flowable:
        t = super().table(tb)
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), self.hs.pale),
                               ("LINEABOVE", (0, 0), (-1, 0), 1.4, INK),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                               ("LINEBELOW", (0, -1), (-1, -1), 1.4, INK)]))
        return t


# --------------------------------------------------------------------------- entry points


def retypeset_report(stem: str) -> Report:
    """The corpus report ``stem`` as composed for the corpus, renamed and without outline."""
    report = next((r for r in compose_all() if r.stem == stem), None)
    if report is None:
        raise SystemExit(f"no corpus report {stem!r}")
    new_stem = "retypeset-" + stem.replace("-peel-", "-")
    notes = [
        f"fictional report: the content of corpus/{report.filename} (same composer and seed), "
        "re-typeset by scripts/make_retypeset.py; no real force or real report text",
        "sections/boxes/tables/findings recorded from reportlab afterFlowable hooks on the "
        "final layout pass",
        "page_end = last page holding content of the section or any of its sub-sections",
        "cover page and the 'Contents' page title are not sections",
        "section title = clean title; number = heading number as printed (null when the "
        "heading has none); printed = the whole heading line with number and grade, "
        "which may wrap onto a second line in the PDF",
        "graded questions print the grade on the heading line after an en dash; there is no "
        "separate grade label, so those judgments have source 'heading'",
        "box text = items joined by newlines (no bullet glyph); for a cause of concern the "
        "first item is the concern paragraph and the rest are its recommendations",
    ]
    return dataclasses.replace(report, stem=new_stem, bookmarks=False, notes=notes)


def render(report: Report, out_dir: str, hs: HouseStyle, source: str) -> dict[str, Any]:
    """Write ``<out_dir>/<stem>.pdf`` and return its ground truth."""
    path = os.path.join(out_dir, report.filename)
    total: int | None = None
    while True:  # "of M" does not change the layout, so this settles on the second build
        doc = RetypesetDoc(path, report, hs, total)
        doc.multiBuild(RetypesetStory(report, hs).build())
        pages = len(PdfReader(path).pages)
        if pages == total:
            break
        total = pages
    rec = doc.rec
    return {
        "document": report.filename,
        "retypeset_from": source,
        "page_count": pages,
        "page_numbering": "1-based physical page index; the footer prints 'Page N of M' with "
                          "N equal to it; page 1 is the cover (no header or footer), page 2 "
                          "the contents page",
        "font": hs.fonts[0],
        "house_style": hs.key,
        "layout": {"headings": "numbered; front matter unnumbered; annex sub-sections A.n",
                   "heading_sizes_pt": list(hs.heading_sizes), "body_size_pt": hs.body_size,
                   "grade": f"on the heading line, after ' {DASH} '",
                   "running_header": doc.header, "footer": "Page N of M",
                   "chapters_start_new_page": False},
        "report": {"title": report.title, "force": report.force, "year": report.year,
                   "bookmarks": False},
        "sections": rec.sections,
        "boxes": rec.boxes,
        "tables": rec.tables,
        "findings": rec.findings,
        "notes": list(report.notes),
    }


def check_layout(pdf: str, gt: dict[str, Any]) -> list[str]:
    """What the corpus checks do not cover: printed headings, page furniture, metadata."""
    reader = PdfReader(pdf)
    texts = page_texts(reader)
    n = len(texts)
    problems = []
    extra = set(reader.metadata or {}) - {"/Producer"}
    if extra:
        problems.append(f"Info dictionary holds {sorted(extra)}")
    header = gt["layout"]["running_header"]
    if header in texts[0]:
        problems.append("running header on the cover")
    for i, text in enumerate(texts[1:], start=2):
        if header not in text:
            problems.append(f"page {i}: running header missing")
        if f"Page {i} of {n}" not in text:
            problems.append(f"page {i}: footer 'Page {i} of {n}' missing")
    for s in gt["sections"]:
        if norm(s["printed"]) not in texts[s["page_start"] - 1]:
            problems.append(f"heading {s['printed']!r} not printed on page {s['page_start']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stem", default=DEFAULT_STEM, help=f"corpus report (default: {DEFAULT_STEM})")
    ap.add_argument("--out", default=os.path.join("tests", "data"), help="output folder")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    report = retypeset_report(args.stem)
    gt = render(report, args.out, retypeset_style(), args.stem + ".pdf")
    pdf = os.path.join(args.out, report.filename)
    with open(os.path.join(args.out, report.stem + ".structure.json"), "w",
              encoding="utf-8") as fh:
        json.dump(gt, fh, indent=2, ensure_ascii=False)
        fh.write("\n")

    problems = verify(pdf, gt, min_pages=MIN_PAGES, max_pages=MAX_PAGES) + check_layout(pdf, gt)
    size_kb = os.path.getsize(pdf) / 1024
    if size_kb > MAX_KB:
        problems.append(f"{size_kb:.0f} KB is over {MAX_KB} KB")
    for p in problems:
        print(f"PROBLEM {report.filename}: {p}", file=sys.stderr)
    print(f"{pdf}: {gt['page_count']} pages, {len(gt['sections'])} sections, "
          f"{len(gt['boxes'])} boxes, {len(gt['tables'])} tables, {len(gt['findings'])} "
          f"findings, {size_kb:.0f} KB, font {gt['font']}, "
          f"{'ok' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
