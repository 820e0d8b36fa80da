"""ReportLab layout for the fictional PEEL reports, with ground truth recorded at layout time.

``render(report, out_dir)`` sets a :class:`peel_model.Report` in one of three house styles
and returns the ``*.structure.json`` dictionary. The ground truth is collected in
``ReportDoc.afterFlowable`` during the *final* pass of ``multiBuild`` (the recorder is
reset in ``beforeDocument`` at the start of every pass), so every page number in it is the
page ReportLab actually drew the thing on, not a guess.

The house styles differ on purpose (fonts, heading sizes and colours, box styles, margins,
running headers, footers, divider pages, cover layouts) so that a parser cannot be tuned
to one layout. What stays constant is what a reader relies on: heading level 1 is larger
than level 2, which is larger than level 3, and all headings are bold; front-matter
headings and pillar dividers start new pages; printed page number = physical page.
"""

from __future__ import annotations

import copy
import os
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from peel_model import AFI, COC, REC, Box, Bullets, Para, Report, Section, TableBlock
from peel_styles import (CONCERN_RED, GRADE_COLOURS, HouseStyle, house_styles,
                         paragraph_styles)

PAGE_W, PAGE_H = A4

# --------------------------------------------------------------------------- flowables


class BodyPara(Paragraph):
    """Any body text; split fragments keep the class, so ``gt_content`` survives splits."""

    gt_content = True


class WholePara(BodyPara):
    """A paragraph that ReportLab may move to the next page but never splits."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []


class BoxTable(Table):
    gt_content = True

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []


class Divider(Flowable):
    """Pillar divider page content: the level-1 heading drawn large on an otherwise
    empty page (three different designs)."""

    gt_content = True

    def __init__(self, title: str, hs: HouseStyle) -> None:
        super().__init__()
        self.title, self.hs = title, hs

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.aw, self.ah = availWidth, availHeight * 0.9
        return self.aw, self.ah

    def draw(self) -> None:
        c, hs = self.canv, self.hs
        bold = hs.fonts[1]
        left = hs.margins[0]
        if hs.divider == "centred":
            c.setFont(bold, 40)
            c.setFillColor(hs.accent)
            c.drawCentredString(self.aw / 2, self.ah * 0.55, self.title)
        elif hs.divider == "band":
            c.setFillColor(hs.accent)
            c.rect(-left, self.ah * 0.55, PAGE_W, 3.2 * cm, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.setFont(bold, 32)
            c.drawString(0.4 * cm, self.ah * 0.55 + 1.15 * cm, self.title)
        else:  # "block": coloured strip down the left edge, title at the top
            c.setFillColor(hs.accent)
            c.rect(-left, -hs.margins[3], 1.1 * cm, PAGE_H, stroke=0, fill=1)
            c.setFillColor(hs.heading_colours[0])
            c.setFont(bold, 34)
            c.drawString(0.3 * cm, self.ah - 2.5 * cm, self.title)


class Cover(Flowable):
    """Cover page: publisher, title (deliberately broken over lines), force. No footer."""

    def __init__(self, report: Report, hs: HouseStyle) -> None:
        super().__init__()
        self.report, self.hs = report, hs

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.aw, self.ah = availWidth, availHeight * 0.95
        return self.aw, self.ah

    def draw(self) -> None:
        c, hs, r = self.canv, self.hs, self.report
        reg, bold = hs.fonts[0], hs.fonts[1]
        publisher = "Her Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services"
        top = self.ah
        if hs.cover == "classic":
            c.setFont(reg, 10)
            c.setFillColor(colors.HexColor("#444444"))
            c.drawString(0, top - 10, publisher)
            c.setFillColor(hs.accent)
            c.rect(0, top - 40, self.aw, 4, stroke=0, fill=1)
            y = top * 0.62
            for line in ("PEEL: Police effectiveness,", "efficiency and legitimacy"):
                c.setFont(bold, 30)
                c.drawString(0, y, line)
                y -= 38
            c.setFont(bold, 26)
            c.drawString(0, y - 6, r.year)
            c.setFillColor(colors.HexColor("#222222"))
            c.setFont(reg, 15)
            c.drawString(0, y - 60, f"An inspection of {r.force}")
        elif hs.cover == "band":
            c.setFillColor(hs.accent)
            c.rect(-hs.margins[0], top * 0.45, PAGE_W, top * 0.38, stroke=0, fill=1)
            c.setFillColor(colors.white)
            y = top * 0.72
            c.setFont(bold, 28)
            c.drawString(0, y, "PEEL: Police effectiveness, efficiency")
            c.drawString(0, y - 34, "and legitimacy " + r.year)
            c.setFont(reg, 16)
            c.drawString(0, y - 80, f"An inspection of {r.force}")
            c.setFillColor(colors.black)
            c.setFont(hs.fonts[2], 11)
            c.drawString(0, 20, publisher)
        else:
            c.setFillColor(hs.pale)
            c.rect(-hs.margins[0], -hs.margins[3], PAGE_W * 0.42, PAGE_H, stroke=0, fill=1)
            c.setFillColor(hs.accent)
            c.setFont(bold, 11)
            c.drawString(0, top - 12, "Her Majesty\u2019s Inspectorate of Constabulary")
            c.drawString(0, top - 27, "and Fire & Rescue Services")
            y = top * 0.58
            c.setFillColor(hs.heading_colours[0])
            for line in ("PEEL:", "Police effectiveness,", "efficiency and legitimacy", r.year):
                c.setFont(bold, 27)
                c.drawString(0, y, line)
                y -= 34
            c.setFillColor(colors.black)
            c.setFont(reg, 14)
            c.drawString(0, y - 26, f"An inspection of {r.force}")


# --------------------------------------------------------------------------- metadata


class _Info(PDFInfo):
    """Info dictionary with a fixed publication date (bookmarked files), or holding only
    /Producer (the "minimal metadata" files, like the real no-bookmarks fixture)."""

    def __init__(self, fields: dict[str, str] | None, date: str | None) -> None:
        super().__init__()
        self.fields, self.date = fields, date

    def format(self, document: Any) -> bytes:
        d: dict[str, Any] = {"Producer": PDFString(self.producer)}
        if self.fields:
            for key, value in self.fields.items():
                d[key] = PDFString(value)
            d["CreationDate"] = d["ModDate"] = PDFString(self.date or "")
            d["Trapped"] = PDFName("False")
        return PDFDictionary(d).format(document)


# --------------------------------------------------------------------------- recorder


class Recorder:
    """Collects sections, boxes, tables and findings as flowables are drawn."""

    def __init__(self) -> None:
        self.sections: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []
        self.boxes: list[dict[str, Any]] = []
        self.tables: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []

    def open_section(self, level: int, title: str, grade: str | None, page: int) -> None:
        while self.stack and self.stack[-1]["level"] >= level:
            self.stack.pop()
        rec: dict[str, Any] = {"level": level, "title": title, "page_start": page, "page_end": page}
        if grade:
            rec["grade"] = grade
        self.sections.append(rec)
        self.stack.append(rec)

    def touch(self, page: int) -> None:
        for rec in self.stack:
            rec["page_end"] = max(rec["page_end"], page)

    def path(self) -> list[str]:
        return [rec["title"] for rec in self.stack]

    def event(self, ev: dict[str, Any], page: int) -> None:
        ev = copy.deepcopy(ev)  # flowables are re-used on every multiBuild pass
        kind = ev.pop("event")
        if kind == "finding":
            ev["page"] = page
            if not ev.get("section_path"):
                ev["section_path"] = self.path()
            self.findings.append(ev)
        elif kind == "box":
            findings = ev.pop("findings")
            ev.update(page=page, section_title=self.stack[-1]["title"], section_path=self.path())
            self.boxes.append(ev)
            for f in findings:
                f.update(page=page, section_path=self.path(), box_index=len(self.boxes) - 1)
                self.findings.append(f)
        elif kind == "table":
            ev.update(page=page, section_title=self.stack[-1]["title"], section_path=self.path())
            self.tables.append(ev)


# --------------------------------------------------------------------------- document


class ReportDoc(BaseDocTemplate):
    def __init__(self, path: str, report: Report, hs: HouseStyle) -> None:
        left, right, top, bottom = hs.margins
        super().__init__(path, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top,
                         bottomMargin=bottom, invariant=1, pageCompression=1)
        self.report, self.hs = report, hs
        frame = Frame(left, bottom, PAGE_W - left - right, PAGE_H - top - bottom, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(left, bottom, PAGE_W - left - right, PAGE_H - top - bottom, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover]),
                               PageTemplate("body", [frame], onPage=self._decorate)])
        self.rec = Recorder()
        self._bm = 0

    def beforeDocument(self) -> None:
        # Each multiBuild pass lays the document out again; only the last pass counts.
        self.rec = Recorder()
        self._bm = 0
        r = self.report
        if r.bookmarks:
            fields = {
                "Title": f"{r.title} \u2013 An inspection of {r.force}",
                "Author": "HMICFRS",
                "Subject": f"PEEL inspection of {r.force}: effectiveness, efficiency and "
                           f"legitimacy, {r.year}",
                "Keywords": f"PEEL, HMICFRS, {r.force}, {r.year}, police effectiveness, "
                            "efficiency, legitimacy",
                "Creator": r.creator,
            }
            self.canv._doc.info = _Info(fields, r.publication_date)
            self.canv.showOutline()
        else:
            self.canv._doc.info = _Info(None, None)

    def _decorate(self, canv: Any, doc: Any) -> None:
        """Running header and page-number footer on every page after the cover."""
        hs, r = self.hs, self.report
        n = canv.getPageNumber()
        left, right, top, bottom = hs.margins
        canv.saveState()
        if hs.running_header:
            canv.setFont(hs.fonts[2], 8.5)
            canv.setFillColor(colors.HexColor("#666666"))
            y = PAGE_H - top + 0.9 * cm
            if hs.key == "navy":
                canv.drawString(left, y, f"PEEL {r.year} \u2013 {r.force}")
            else:
                canv.drawString(left, y, r.force)
                canv.drawRightString(PAGE_W - right, y, f"PEEL {r.year}")
            canv.setStrokeColor(colors.HexColor("#999999"))
            canv.setLineWidth(0.5)
            canv.line(left, y - 4, PAGE_W - right, y - 4)
        canv.setFillColor(colors.HexColor("#333333"))
        canv.setFont(hs.fonts[0], 9)
        y = bottom - 1.0 * cm
        if hs.footer == "centre":
            canv.drawCentredString(PAGE_W / 2, y, str(n))
        elif hs.footer == "page_right":
            canv.drawRightString(PAGE_W - right, y, f"Page {n}")
        else:
            canv.setStrokeColor(hs.accent)
            canv.setLineWidth(1.2)
            canv.line(left, y + 12, left + 1.5 * cm, y + 12)
            canv.drawString(left, y, str(n))
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        page = self.canv.getPageNumber()
        heading = getattr(flowable, "gt_heading", None)
        if heading:
            level, title, grade = heading
            self.rec.open_section(level, title, grade, page)
            key = None
            if self.report.bookmarks:
                key = f"h{self._bm}"
                self._bm += 1
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(title, key, level=level - 1, closed=level >= 2)
            if level <= 2:
                entry = (level - 1, escape(title), page) + ((key,) if key else ())
                self.notify("TOCEntry", entry)
        if getattr(flowable, "gt_content", False):
            self.rec.touch(page)
        for ev in getattr(flowable, "gt_events", ()):
            self.rec.event(ev, page)


# --------------------------------------------------------------------------- story


class StoryBuilder:
    def __init__(self, report: Report, hs: HouseStyle) -> None:
        self.report, self.hs = report, hs
        self.st = paragraph_styles(hs)
        self.width = PAGE_W - hs.margins[0] - hs.margins[1]

    def build(self) -> list[Flowable]:
        story: list[Flowable] = [Cover(self.report, self.hs), NextPageTemplate("body"), PageBreak()]
        story.append(Paragraph("Contents", self.st["contents"]))
        toc = TableOfContents(dotsMinLevel=0 if self.hs.toc_dots else -1,
                              levelStyles=[self.st["toc1"], self.st["toc2"]])
        story.append(toc)
        for sec in self.report.sections:
            story += self.section(sec)
        return story

    def section(self, sec: Section) -> list[Flowable]:
        out: list[Flowable] = []
        if sec.divider:
            div = Divider(sec.title, self.hs)
            div.gt_heading = (sec.level, sec.title, sec.grade)
            out += [PageBreak(), div, PageBreak()]
        else:
            if sec.new_page:
                out.append(PageBreak())
            h = WholePara(escape(sec.title), self.st[f"h{sec.level}"])
            h.gt_heading = (sec.level, sec.title, sec.grade)
            out.append(h)
            if sec.grade:
                style = self.st["grade"]
                if self.hs.key == "teal":  # this house colours its grade labels by grade
                    style = ParagraphStyle("grade_c", parent=style,
                                           textColor=GRADE_COLOURS.get(sec.grade, self.hs.accent))
                g = WholePara(escape(sec.grade), style)
                if sec.judgment:
                    g.gt_events = [dict(sec.judgment, event="finding")]
                out.append(g)
        for block in sec.blocks:
            out += self.block(block)
        for child in sec.children:
            out += self.section(child)
        return out

    def block(self, b: Any) -> list[Flowable]:
        if isinstance(b, Para):
            cls = WholePara if b.keep_whole else BodyPara
            p = cls(escape(b.text), self.st[b.style])
            if b.findings:
                p.gt_events = [dict(f, event="finding") for f in b.findings]
            return [p]
        if isinstance(b, Bullets):
            out = []
            for i, item in enumerate(b.items):
                bt = f"{i + 1}." if b.numbered else self.hs.bullet
                out.append(BodyPara(escape(item), self.st["bullet"], bulletText=bt))
            out[-1].style = ParagraphStyle("bullet_last", parent=self.st["bullet"],
                                           spaceAfter=self.hs.space_after + 2)
            return out
        if isinstance(b, Box):
            return [self.box(b)]
        if isinstance(b, TableBlock):
            return [self.table(b), Spacer(1, 10)]
        raise TypeError(type(b))

    def box(self, b: Box) -> Flowable:
        st, hs = self.st, self.hs
        concern_box = b.kind == COC
        accent = CONCERN_RED if concern_box else hs.accent
        head = Paragraph(escape(b.heading), ParagraphStyle(
            "bh", parent=st["box_head"],
            textColor=colors.white if hs.box_style == "banded" else accent))
        body: list[Flowable] = []
        if concern_box:
            body.append(Paragraph(escape(b.concern or ""), st["box_text"]))
            body.append(Paragraph("Recommendations", st["box_sub"]))
        for item in b.items:
            body.append(Paragraph(escape(item), st["box_bullet"], bulletText=hs.bullet))
        inner = self.width - 0.6 * cm
        if hs.box_style == "banded":
            t = BoxTable([[head], [body]], colWidths=[inner])
            style = [("BACKGROUND", (0, 0), (0, 0), accent), ("BOX", (0, 0), (-1, -1), 0.9, accent),
                     ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                     ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
        elif hs.box_style == "leftbar":
            t = BoxTable([[[head] + body]], colWidths=[inner])
            style = [("BACKGROUND", (0, 0), (-1, -1),
                      colors.HexColor("#FBEAEA") if concern_box else hs.pale),
                     ("LINEBEFORE", (0, 0), (0, -1), 4, accent),
                     ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                     ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
        else:
            t = BoxTable([[[head] + body]], colWidths=[inner])
            style = [("BACKGROUND", (0, 0), (-1, -1),
                      colors.HexColor("#F9E5E5") if concern_box else hs.pale),
                     ("LEFTPADDING", (0, 0), (-1, -1), 11), ("RIGHTPADDING", (0, 0), (-1, -1), 11),
                     ("TOPPADDING", (0, 0), (-1, -1), 9), ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]
        t.setStyle(TableStyle(style + [("VALIGN", (0, 0), (-1, -1), "TOP")]))
        t.hAlign = "LEFT"
        t.spaceBefore, t.spaceAfter = 6, 10
        t.gt_events = [self._box_event(b)]
        return t

    def _box_event(self, b: Box) -> dict[str, Any]:
        items = ([b.concern] if b.kind == COC else []) + list(b.items)
        ev: dict[str, Any] = {"event": "box", "kind": b.kind, "heading": b.heading,
                              "text": "\n".join(items), "items": items}
        findings: list[dict[str, Any]] = []
        if b.kind == COC:
            ev["concern"] = b.concern
            ev["recommendations"] = list(b.items)
            findings.append(self._box_finding(COC, b.concern or "", b.carried.get(-1)))
            findings += [self._box_finding(REC, t, b.carried.get(i)) for i, t in enumerate(b.items)]
        else:
            findings += [self._box_finding(AFI, t, b.carried.get(i)) for i, t in enumerate(b.items)]
        ev["findings"] = findings
        return ev

    @staticmethod
    def _box_finding(kind: str, text: str, carry: Any) -> dict[str, Any]:
        f: dict[str, Any] = {"kind": kind, "text": text, "page": None, "section_path": None,
                             "carried_from": None}
        if carry is not None:
            f.update(carried_from=carry.carried_from, progress=carry.progress,
                     evidence=carry.evidence,
                     links_to={"document": carry.document, "text": carry.earlier_text})
        f["source"] = "box"
        return f

    def table(self, tb: TableBlock) -> Flowable:
        st, hs = self.st, self.hs
        widths = [w * self.width for w in (tb.widths or [1 / len(tb.columns)] * len(tb.columns))]
        data = [[Paragraph(escape(c), st["cell_head"]) for c in tb.columns]]
        for row in tb.rows:
            data.append([Paragraph(escape(c), st["cell"]) for c in row])
        t = BoxTable(data, colWidths=widths)
        grid = colors.HexColor("#BBBBBB")
        style = [("BACKGROUND", (0, 0), (-1, 0), hs.accent), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                 ("LEFTPADDING", (0, 0), (-1, -1), 6)]
        if hs.key == "navy":
            style += [("BOX", (0, 0), (-1, -1), 0.8, hs.accent),
                      ("LINEBELOW", (0, 1), (-1, -1), 0.4, grid)]
        elif hs.key == "plum":
            style += [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, hs.pale])]
        else:
            style += [("GRID", (0, 0), (-1, -1), 0.5, grid)]
        t.setStyle(TableStyle(style))
        t.hAlign = "LEFT"
        t.spaceBefore = 4
        ev: dict[str, Any] = {"event": "table", "name": tb.name, "columns": list(tb.columns),
                              "rows": [list(r) for r in tb.rows]}
        t.gt_events = [ev] + [dict(f, event="finding") for f in tb.findings]
        return t


# --------------------------------------------------------------------------- entry point


def render(report: Report, out_dir: str,
           styles: dict[str, HouseStyle] | None = None) -> dict[str, Any]:
    """Write ``<out_dir>/<stem>.pdf`` and return its ground-truth dictionary."""
    styles = styles or house_styles()
    hs = styles[report.style]
    path = os.path.join(out_dir, report.filename)
    doc = ReportDoc(path, report, hs)
    doc.multiBuild(StoryBuilder(report, hs).build())
    rec = doc.rec
    gt: dict[str, Any] = {
        "document": report.filename,
        "page_count": None,  # filled in by the caller from the written PDF
        "page_numbering": "1-based physical page index; the printed footer number equals it; "
                          "page 1 is the cover (no footer), page 2 the contents page",
        "font": hs.fonts[0],
        "house_style": hs.key,
        "report": {"title": report.title, "force": report.force, "year": report.year,
                   "bookmarks": report.bookmarks},
        "sections": rec.sections,
        "boxes": rec.boxes,
        "tables": rec.tables,
        "findings": rec.findings,
        "notes": list(report.notes),
    }
    if report.same_layout_as:
        gt = {"document": gt.pop("document"), "same_layout_as": report.same_layout_as, **gt}
    return gt
