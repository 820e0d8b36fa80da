#!/usr/bin/env python3
"""Print a small HTML inspection report with headless Chromium, as a text-extraction fixture.

    python scripts/make_print_fixture.py [--out tests/data] [--chromium /usr/bin/chromium]

Writes ``<out>/print-ligatures.pdf`` (4 A4 pages) and ``<out>/print-ligatures.truth.json``.
The report is about an invented body, "Fernhill Fire and Rescue Service"; all prose is
original and fictional. Unlike the ReportLab fixtures, this PDF comes from a browser's print
path (Blink layout, HarfBuzz shaping, Skia's PDF backend), which is where many published
reports come from, and it is built to exercise what that path does to extracted text:

  * ligatures: the body font (DejaVu Serif, else Liberation Serif, loaded by @font-face from
    the machine's font files) is set with ``font-variant-ligatures: common-ligatures
    discretionary-ligatures`` and ``font-feature-settings: "liga", "dlig"``; Skia keeps each
    ligature as one glyph, maps it to U+FB00..U+FB06 in the ToUnicode CMap and puts the
    letters only in an /ActualText span, which pypdf ignores ("Eﬀectiveness", "ﬁndings",
    "ﬂeet", and with "dlig" also "ﬆ" for "st");
  * soft hyphens (U+00AD, written "~" in the source text below) inside long words; HarfBuzz
    shapes each one as a zero-advance space glyph, so pypdf extracts a plain space there;
  * line-end hyphenation in narrow justified columns. ``hyphens: auto`` with ``lang="en"`` is
    set, but Chromium on Linux only hyphenates with dictionaries fetched by its component
    updater, which a headless offline print does not have, so in practice the breaks come
    from the soft hyphens (drawn as U+2010) and from hard hyphens in compounds (U+002D);
  * real H1/H2/H3 headings (Chromium writes a tagged PDF: /StructTreeRoot, /MarkInfo),
    "Area(s) for improvement" lists, and a small table whose cells wrap onto two lines;
  * a running header and a "Page N of M" footer from CSS @page margin boxes.

The page of every heading, list and table is fixed by construction (each page is its own
section with ``break-after: page``) and checked against pypdf's text. The truth file then
records what pypdf's raw extraction actually shows for each hazard (see ``hazards``), so it
describes this PDF, whatever the Chromium build did.

Not byte-for-byte reproducible: Chromium writes the print time into /CreationDate and
/ModDate, and another Chromium or font version may lay the text out differently. Regenerate
the PDF and its truth file together.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

STEM = "print-ligatures"
ORG = "Fernhill Fire and Rescue Service"
HEADER = f"{ORG} \u2013 Inspection 2022"
SHY = "~"  # soft hyphen in the source text
LIGATURES = "".join(chr(c) for c in range(0xFB00, 0xFB07))
INSERTED_HYPHEN = "\u2010"  # what Blink draws at a soft-hyphen break

SERIF_FACES = (  # (folder, regular, bold, italic, bold italic); first complete one wins
    ("/usr/share/fonts/truetype/dejavu", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
     "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    ("/usr/share/fonts/truetype/liberation2", "LiberationSerif-Regular.ttf",
     "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"),
    ("/usr/share/fonts/truetype/liberation", "LiberationSerif-Regular.ttf",
     "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"),
)

# --------------------------------------------------------------------------- content


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str


@dataclass
class Columns:
    """Two narrow justified columns: where the line-end breaks happen."""

    blocks: list[Heading | Para]


@dataclass
class Grid:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class ItemList:
    heading: str
    items: list[str]


@dataclass
class Page:
    blocks: list[Any]
    title: tuple[str, str] | None = None  # (organisation, report title): cover lines


PAGES: list[Page] = [
    Page(title=(ORG, "Effectiveness, efficiency and people 2022"), blocks=[
        Heading(1, "Overview"),
        Columns([
            Para("This report sets out the findings of our inspection of Fernhill Fire and "
                 "Rescue Service. We looked at how effectively and efficiently the service "
                 "prevents, protects the public against and responds to fires and other "
                 "emergencies, and at how well it looks after the people who work for it."),
            Para("Our fieldwork took five weeks in the autumn. We interviewed staff at every "
                 "level, from on-call firefighters at the small stations in the Fernhill Wolds "
                 "to the chief fire officer, and we examined a sample of the service\u2019s "
                 "official records: fire safety audits, in~ves~ti~ga~tion files, station "
                 "diaries and the performance reports it gives to the fire authority."),
            Para("The service has made clear progress since our last inspection. Its "
                 "response to emergencies is reliable and its finances are well managed. "
                 "We did, however, find persistent difficulties with workforce planning and "
                 "with the flow of information between the control room and the stations, "
                 "and its prevention work is not yet focused firmly enough on the people "
                 "most at risk."),
        ]),
        Grid("Our judgements", ["Question", "Judgement"], [
            ["Understanding the risk of fire and other emergencies", "Good"],
            ["Preventing fires and other risks", "Requires improvement"],
            ["Responding to fires and other emergencies", "Good"],
            ["Making best use of resources", "Good"],
            ["Making the fire and rescue service affordable now and in the future",
             "Requires improvement"],
            ["Promoting the right values and culture", "Good"],
            ["Getting the right people with the right skills", "Requires improvement"],
        ]),
        Columns([
            Para("We have identified five areas for improvement. They are listed at the end "
                 "of the chapters that follow, and we will monitor the service\u2019s progress "
                 "against each of them through our regular contact with its senior officers "
                 "and with the fire authority."),
        ]),
    ]),
    Page(blocks=[
        Heading(1, "Effectiveness"),
        Heading(2, "How effective is the service at keeping people safe and secure from fire "
                   "and other risks?"),
        Columns([
            Heading(3, "Understanding the risk of fire and other emergencies"),
            Para("The service has a thorough and well-founded understanding of the risks in "
                 "its area. Its community risk profile draws on data from the fire authority, "
                 "the councils, the health service and the police, and it is refreshed every "
                 "year. Officers could explain how the profile influenced the location of "
                 "appliances and the shift patterns of the whole-time stations."),
            Para("Staff gather risk information about high-rise buildings, factories and "
                 "farms, and most of it is up to date. Crews told us that the tablets fitted "
                 "to every fire engine make the information easy to find on the way to an "
                 "incident. The service has also improved its com~mu~ni~ca~tion with "
                 "neighbouring services, so that officers know about cross-border risks such "
                 "as the chemical works at Offord Flats."),
            Para("Some of the information held by the control room is less reliable. In a "
                 "sample of 40 records, eleven had not been reviewed within the period the "
                 "service sets itself, and two referred to buildings that had been demolished. "
                 "The service accepts that its ac~count~abil~i~ty arrangements for these "
                 "records are unclear."),
            Heading(3, "Preventing fires and other risks"),
            Para("The prevention strategy is sound and its aims are well understood by staff. "
                 "Firefighters and advocates carry out safe and well visits in people\u2019s "
                 "homes, fitting smoke alarms and offering advice on the hazards of smoking, "
                 "cooking and overloaded sockets. The service completed 6,150 visits last "
                 "year, which is more than it planned."),
            Para("However, too few of those visits reach the people most at risk of fire. "
                 "Referrals from partner organisations fell by a fifth during the year, and "
                 "the service does not use the information it holds on vulnerable residents "
                 "to decide whom to visit first. Its pri~ori~ti~sa~tion of requests is "
                 "largely first come, first served."),
            Para("The service does not evaluate its prevention activity well enough to know "
                 "which parts of it are effective. Staff described campaigns on water safety, "
                 "road traffic collisions and wildfires in the summer, but could offer little "
                 "evidence of their effect. Without eval~u~a~tion, the service cannot be "
                 "confident that its efforts offer the greatest benefit to the public."),
            Para("Its work with young people is a strength. The fire cadets scheme now runs "
                 "at four stations, and the service\u2019s firesetter intervention team "
                 "works closely with schools and the youth offending service."),
        ]),
        ItemList("Areas for improvement", [
            "The service should make sure that its prevention work is targeted at the people "
            "most at risk of fire, using the information it already holds on vulnerable "
            "residents.",
            "The service should evaluate its safe and well visits and its campaigns, so that "
            "it knows which activities are effective and offer the greatest benefit.",
        ]),
    ]),
    Page(blocks=[
        Heading(1, "Efficiency"),
        Heading(2, "How efficient is the service at keeping people safe and secure from fire "
                   "and other risks?"),
        Columns([
            Heading(3, "Making best use of resources"),
            Para("The service\u2019s financial plans are sensible and clearly linked to its "
                 "risk profile. Budget holders understand what is expected of them, and the "
                 "finance team offers them monthly reports that are simple to follow. Staff "
                 "told us that the recent reorganisation of the administrative offices had "
                 "removed duplicated work and freed officers for operational duties."),
            Para("It makes flexible use of its fleet. A second aerial ladder platform was "
                 "moved to Wellford after a review of high-rise risk, and two smaller rapid "
                 "response vehicles now cover the rural west, where roads are narrow and "
                 "traffic is light. The service shares a fleet workshop with the police, "
                 "which has cut maintenance costs and improved the reliability of its "
                 "appliances."),
            Para("Collaboration is efficient and well governed. The joint control room with "
                 "two neighbouring services has improved in~ter~op~er~abil~i~ty, although "
                 "staff still find the dispatch software difficult to use when the system "
                 "is busy. The service should make sure that the benefits it expects from "
                 "each collaboration are measured."),
            Heading(3, "Making the fire and rescue service affordable now and in the future"),
            Para("The service has balanced its budget for the past three years, and its "
                 "reserves are sufficient to cover unexpected costs. Its medium-term financial "
                 "plan assumes that the council tax precept will rise by the maximum allowed "
                 "each year, and it sets out the savings the service would need to find if "
                 "that assumption proved false."),
            Para("The plan does not yet show how the service will afford the replacement of "
                 "its older fire engines, or the upgrade of its mobile data terminals that is "
                 "due in 2025. Officers acknowledged that these costs are significant and "
                 "that the current plan understates them."),
            Para("The service has made good use of technology to reduce costs. Staff can now "
                 "complete training records and fire safety inspection reports offline on "
                 "their tablets, and the data flows into the central systems when they "
                 "return to a station. This has reduced the time spent on re~cord~ing and "
                 "freed crews for community work."),
        ]),
        ItemList("Area for improvement", [
            "The service should make sure that its financial plans show clearly how it will "
            "afford the replacement of its fleet and its mobile data terminals.",
        ]),
    ]),
    Page(blocks=[
        Heading(1, "People"),
        Heading(2, "How well does the service look after its people?"),
        Columns([
            Heading(3, "Promoting the right values and culture"),
            Para("Senior leaders are visible and approachable. Staff at most stations told us "
                 "that the chief fire officer had visited them in the past year, and that "
                 "they felt able to raise concerns. The service\u2019s values are displayed "
                 "at every site, and most staff could describe what they mean in practice."),
            Para("The service takes the well-being of its staff seriously. It offers "
                 "confidential counselling, and trained peers support firefighters after "
                 "difficult incidents. Occupational health referrals are dealt with quickly, "
                 "and staff who had used the service spoke highly of it."),
            Para("Some staff were less positive. A few on-call firefighters felt that their "
                 "views were given less weight than those of whole-time colleagues, and some "
                 "support staff said that their pro~fes~sion~al~ism was not always "
                 "recognised. The service should find out why these groups feel this way."),
            Heading(3, "Getting the right people with the right skills"),
            Para("Workforce planning is not effective. The service knows that a third of its "
                 "officers will be eligible to retire within five years, but it has no plan "
                 "for replacing their skills. Recruitment of on-call firefighters is "
                 "difficult in the rural stations, and at three of them fire engines were "
                 "unavailable for more than a fifth of the year because there were not "
                 "enough staff."),
            Para("Training is generally good. Firefighters\u2019 core skills are maintained "
                 "and recorded, and the service has a clear system for confirming that "
                 "officers are competent to command incidents. Apprenticeships have been "
                 "offered in the fleet workshop and in the finance office, and the first "
                 "apprentices qualified this year."),
            Para("The service does not yet identify and develop talented staff in a fair and "
                 "consistent way. Staff told us that opportunities to progress depend "
                 "too much on the individual manager, and the service has no overall view of "
                 "who is ready for promotion. It should make its arrangements for "
                 "de~vel~op~ment and promotion open and fair to all."),
        ]),
        ItemList("Areas for improvement", [
            "The service should put in place a workforce plan that identifies the skills it "
            "will lose through retirement and how it will replace them.",
            "The service should make sure that its arrangements for identifying and "
            "developing talented staff are fair, consistent and understood by everyone.",
        ]),
    ]),
]


def clean(text: str) -> str:
    return text.replace(SHY, "")


# --------------------------------------------------------------------------- HTML

# (key of find_serif(), font-weight, font-style)
FACES = (("regular", 400, "normal"), ("bold", 700, "normal"), ("italic", 400, "italic"),
         ("bold_italic", 700, "italic"))
# Margin boxes do not see @font-face families in this Chromium, hence the "serif" fallback.
CSS = """
@page {
  size: A4; margin: 2.2cm 2cm 2.3cm 2cm;
  @top-left { content: "{header}"; font: italic 8.5pt "Fixture Serif", serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 8.5pt "Fixture Serif", serif; }
}
html { font-family: "Fixture Serif"; font-size: 10pt; line-height: 1.36; color: #111;
       font-variant-ligatures: common-ligatures discretionary-ligatures;
       font-feature-settings: "liga", "dlig"; }
body { margin: 0; }
section.page { break-after: page; }
section.page:last-child { break-after: auto; }
.org { font-size: 12pt; font-weight: 700; color: #8A1C1C; margin: 0 0 4pt; }
.title { font-size: 20pt; font-weight: 700; margin: 0 0 16pt; }
h1 { font-size: 17pt; margin: 0 0 8pt; }
h2 { font-size: 12.5pt; margin: 0 0 8pt; }
h3 { font-size: 10.5pt; font-style: italic; margin: 8pt 0 3pt; break-after: avoid; }
h3:first-child { margin-top: 0; }
p { margin: 0 0 5pt; }
.cols { column-count: 2; column-gap: 0.8cm; text-align: justify; hyphens: auto; }
table { width: 10.5cm; border-collapse: collapse; margin: 6pt 0 10pt; }
caption { text-align: left; font-weight: 700; margin-bottom: 3pt; }
th, td { border: 0.5pt solid #777; padding: 2pt 5pt; vertical-align: top; text-align: left; }
col.q { width: 7.2cm; }
.box { border-left: 4pt solid #8A1C1C; background: #F6EEEE; padding: 6pt 10pt 4pt;
       margin-top: 8pt; break-inside: avoid; }
.box-head { font-weight: 700; margin-bottom: 3pt; }
.box ul { margin: 0; padding-left: 14pt; }
.box li { margin-bottom: 3pt; }
"""


def find_serif() -> dict[str, str]:
    for folder, *files in SERIF_FACES:
        paths = [os.path.join(folder, f) for f in files]
        if all(os.path.exists(p) for p in paths):
            return dict(zip(("regular", "bold", "italic", "bold_italic"), paths))
    raise SystemExit("no DejaVu Serif or Liberation Serif TrueType files found")


def _inline(text: str) -> str:
    return html.escape(text, quote=False).replace(SHY, "&shy;")


def _block(b: Any) -> str:
    if isinstance(b, Heading):
        return f"<h{b.level}>{_inline(b.text)}</h{b.level}>"
    if isinstance(b, Para):
        return f"<p>{_inline(b.text)}</p>"
    if isinstance(b, Columns):
        return '<div class="cols">' + "".join(_block(x) for x in b.blocks) + "</div>"
    if isinstance(b, Grid):
        head = "".join(f"<th>{_inline(c)}</th>" for c in b.columns)
        body = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
                       for row in b.rows)
        return (f'<table><caption>{_inline(b.caption)}</caption><col class="q"><col>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if isinstance(b, ItemList):
        items = "".join(f"<li>{_inline(i)}</li>" for i in b.items)
        return (f'<div class="box"><p class="box-head">{_inline(b.heading)}</p>'
                f"<ul>{items}</ul></div>")
    raise TypeError(type(b))


def render_html(pages: list[Page], fonts: dict[str, str]) -> str:
    css = "".join(f'@font-face {{ font-family: "Fixture Serif"; src: url("file://{fonts[key]}"); '
                  f"font-weight: {weight}; font-style: {style}; }}\n"
                  for key, weight, style in FACES) + CSS.replace("{header}", HEADER)
    parts = []
    for page in pages:
        cover = ""
        if page.title:
            cover = (f'<p class="org">{_inline(page.title[0])}</p>'
                     f'<p class="title">{_inline(page.title[1])}</p>')
        parts.append('<section class="page">' + cover + "".join(_block(b) for b in page.blocks)
                     + "</section>")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(HEADER)}</title><style>{css}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


def print_pdf(chromium: str, html_path: str, pdf_path: str) -> None:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync", "--disable-quic",
               f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf_path}", "file://" + os.path.abspath(html_path)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not os.path.exists(pdf_path):
        raise SystemExit(f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}")


# --------------------------------------------------------------------------- analysis


WORD = re.compile(r"[\w~\u2019'-]+")


class Extraction:
    """pypdf's raw text per page, and an NFKC-normalised copy (ligatures spelled out) with a
    map back to raw offsets, so that matches can be reported as pypdf printed them. Texts
    that cannot be found are collected in ``problems``."""

    def __init__(self, reader: PdfReader) -> None:
        self.raw = [p.extract_text() or "" for p in reader.pages]
        self.nfkc: list[str] = []
        self.back: list[list[int]] = []
        self.problems: list[str] = []
        for text in self.raw:
            chars, back = [], []
            for i, ch in enumerate(text):
                for c in unicodedata.normalize("NFKC", ch):
                    chars.append(c)
                    back.append(i)
            self.nfkc.append("".join(chars))
            self.back.append(back)

    def matches(self, page: int, pattern: str) -> list[tuple[str, str]]:
        """(normalised match, raw text it came from) for each match on ``page``."""
        if page > len(self.raw):
            return []
        back, raw = self.back[page - 1], self.raw[page - 1]
        return [(m.group(0), raw[back[m.start()]:back[m.end() - 1] + 1])
                for m in re.finditer(pattern, self.nfkc[page - 1])]

    def locate(self, text: str, page: int, what: str) -> str | None:
        found = self.matches(page, words_pattern(text))
        if not found:
            self.problems.append(f"{what} {clean(text)[:50]!r} not found on page {page}")
            return None
        return found[0][1]


def words_pattern(text: str) -> str:
    """Regex for text as pypdf may print it (NFKC-normalised): any run of whitespace where the
    source has one (lines wrap). Inside a word with soft hyphens, nothing, a space, or a drawn
    hyphen and a newline may come between any two letters, not only at the soft hyphen:
    a ligature formed across it ("ves~ti" -> "veﬆ") pushes the space past the ligature."""
    gap = f"(?: ?{INSERTED_HYPHEN}\\n| ?)"
    out = []
    for token in re.split(r"(\s+)", text):
        if token.isspace():
            out.append(r"\s+")
        elif SHY in token:
            out.append(gap.join(re.escape(c) for c in unicodedata.normalize("NFKC", clean(token))))
        elif token:
            out.append(re.escape(unicodedata.normalize("NFKC", token)))
    return "".join(out)


def placed_blocks() -> list[tuple[int, Any]]:
    """(page, block) for every block, the contents of two-column regions included."""
    out = []
    for number, page in enumerate(PAGES, start=1):
        for b in page.blocks:
            out += [(number, x) for x in (b.blocks if isinstance(b, Columns) else [b])]
    return out


def source_words() -> list[tuple[str, int]]:
    """Every word of the report (soft hyphens kept as "~"), with its page."""
    texts = [(n, t) for n, page in enumerate(PAGES, start=1) for t in page.title or ()]
    for n, b in placed_blocks():
        if isinstance(b, (Heading, Para)):
            parts = [b.text]
        elif isinstance(b, Grid):
            parts = [b.caption, *b.columns, *(c for row in b.rows for c in row)]
        else:
            parts = [b.heading, *b.items]
        texts += [(n, t) for t in parts]
    return [(w, n) for n, t in texts for w in WORD.findall(t)]


def layout_truth(ex: Extraction) -> dict[str, Any]:
    """Headings, lists and the table with their pages, each also as pypdf printed it."""
    headings, lists, table = [], [], None
    for page, b in placed_blocks():
        if isinstance(b, Heading):
            headings.append({"level": b.level, "title": clean(b.text), "page": page,
                             "raw": ex.locate(b.text, page, "heading")})
        elif isinstance(b, ItemList):
            lists.append({"heading": b.heading, "page": page,
                          "items": [clean(i) for i in b.items],
                          "raw_items": [ex.locate(i, page, "list item") for i in b.items]})
        elif isinstance(b, Grid):
            cells = [(clean(c), ex.locate(c, page, "table cell")) for row in b.rows for c in row]
            table = {"caption": b.caption, "page": page, "columns": b.columns,
                     "rows": [[clean(c) for c in row] for row in b.rows],
                     "wrapped_cells": [{"cell": c, "raw": raw} for c, raw in cells
                                       if raw and "\n" in raw]}
    return {"headings": headings, "table": table, "lists": lists}


def ligature_words(ex: Extraction) -> dict[str, list[str]]:
    """Each ligature character pypdf printed, with (up to 12 of) the words it occurs in."""
    found: dict[str, set[str]] = {}
    for text in ex.raw:
        for word in re.findall(rf"\w*[{LIGATURES}][\w{LIGATURES}]*", text):
            for ch in set(word) & set(LIGATURES):
                found.setdefault(f"U+{ord(ch):04X} {ch}", set()).add(word)
    return {k: sorted(v)[:12] for k, v in sorted(found.items())}


def hyphen_breaks(ex: Extraction) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Soft-hyphenated words as printed, hard-hyphen compounds broken at a line end, and the
    number of drawn line-end hyphens neither explains (automatic hyphenation)."""
    soft: dict[tuple[str, int, str], dict[str, Any]] = {}
    hard: dict[tuple[str, int, str], dict[str, Any]] = {}
    for word, page in source_words():
        if SHY in word:
            for _, raw in ex.matches(page, rf"(?<!\w){words_pattern(word)}(?!\w)"):
                soft[(word, page, raw)] = {"word": clean(word), "page": page, "raw": raw,
                                           "line_end": "\n" in raw}
        elif "-" in word:
            for norm_text, raw in ex.matches(page, re.escape(word).replace("\\-", "-\\n?")):
                if "\n" in norm_text:
                    hard[(word, page, raw)] = {"word": word, "page": page, "raw": raw}
    drawn = sum(t.count(INSERTED_HYPHEN + "\n") for t in ex.raw)
    explained = sum(s["raw"].count(INSERTED_HYPHEN) for s in soft.values())
    return (sorted(soft.values(), key=lambda s: (s["page"], s["word"])),
            list(hard.values()), drawn - explained)


def split_by_text_cleanup(ex: Extraction, words: set[str]) -> list[str]:
    """Words a purely textual clean-up (NFKC, drop U+00AD, join "X‐\nY", keep "X-\nY" as
    "X-Y") does not restore: the zero-advance spaces of soft hyphens need glyph positions."""
    text = " ".join(re.sub(rf" ?{INSERTED_HYPHEN}\n", "", t.replace("\u00ad", ""))
                    for t in ex.nfkc).replace("-\n", "-")
    return sorted(w for w in words if not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


def pdf_structure(reader: PdfReader) -> dict[str, Any]:
    root = reader.trailer["/Root"]
    fonts = {str(f.get_object().get("/BaseFont", f.get_object().get("/Subtype")))
             for p in reader.pages for f in p["/Resources"].get("/Font", {}).values()}
    return {
        "ligature_actual_text_spans": any(b"/ActualText" in p.get_contents().get_data()
                                          for p in reader.pages),
        "struct_tree": "/StructTreeRoot" in root,
        "struct_roles": struct_roles(reader),
        "mark_info_marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
        "lang": str(root.get("/Lang", "")) or None,
        "outline": len(reader.outline) > 0,
        "fonts": sorted(fonts),
    }


def struct_roles(reader: PdfReader) -> dict[str, int]:
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return {}
    roles: Counter[str] = Counter()
    stack = [root["/StructTreeRoot"].get("/K")]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack += node
        elif isinstance(node, dict):
            if "/S" in node:
                roles[str(node["/S"])[1:]] += 1
            if "/K" in node:
                stack.append(node["/K"])
    return dict(sorted(roles.items()))


def analyse(pdf: str) -> tuple[dict[str, Any], list[str]]:
    """The truth file's content for ``pdf``, and a list of problems (empty when all is well)."""
    reader = PdfReader(pdf)
    ex = Extraction(reader)
    n = len(reader.pages)
    layout = layout_truth(ex)
    ligatures = ligature_words(ex)
    soft, hard, auto_breaks = hyphen_breaks(ex)
    words = {clean(w) for w, _ in source_words() if SHY in w or re.search("ff|fi|fl", w)}
    words |= {h["word"] for h in hard}

    problems = ex.problems
    if n != len(PAGES):
        problems.append(f"{n} pages printed, {len(PAGES)} laid out (a page overflowed)")
    if not ligatures:
        problems.append("no ligature characters in pypdf's text")
    if not any(s["line_end"] for s in soft):
        problems.append("no soft hyphen fell at a line end")
    if layout["table"] and not layout["table"]["wrapped_cells"]:
        problems.append("no table cell wrapped")
    for i, text in enumerate(ex.raw, start=1):
        if f"Page {i} of {n}" not in text or HEADER not in text:
            problems.append(f"page {i}: running header or 'Page {i} of {n}' footer missing")

    hazards = {
        "ligatures_in_raw_text": bool(ligatures),
        "ligature_chars": ligatures,
        "soft_hyphens_in_source": sum(w.count(SHY) for w, _ in source_words()),
        "soft_hyphens_in_raw_text": any("\u00ad" in t for t in ex.raw),
        "soft_hyphen_extracted_as_space": any(" " in s["raw"] for s in soft),
        "soft_hyphen_words": soft,
        "line_end_hyphens": [s["raw"] for s in soft if s["line_end"]] + [h["raw"] for h in hard],
        "line_end_hyphen_char": f"U+{ord(INSERTED_HYPHEN):04X}",
        "hard_hyphen_line_ends": hard,
        "auto_hyphenation_breaks": auto_breaks,
        **pdf_structure(reader),
    }
    meta = reader.metadata or {}
    truth = {
        "document": os.path.basename(pdf),
        "generator": "scripts/make_print_fixture.py (fictional report printed by headless "
                     "Chromium)",
        "producer": str(meta.get("/Producer", "")),
        "title_metadata": str(meta.get("/Title", "")),
        "page_count": n,
        "page_numbering": "1-based physical page; every page, the first included, prints the "
                          "running header and 'Page N of M' in its footer",
        "running_header": HEADER,
        "headings": layout["headings"],
        "whole_words": sorted(words, key=lambda w: (w.lower(), w)),
        "whole_words_split_by_text_normalisation": split_by_text_cleanup(ex, words),
        "normalisation": "text-only clean-up tried for whole_words: NFKC (ligatures to "
                         "letters), drop U+00AD, join 'X\u2010\\nY' (and 'X \u2010\\nY') to 'XY', "
                         "keep hard hyphens 'X-\\nY' as 'X-Y'. Words listed as split still "
                         "carry the zero-advance spaces Chromium emits for soft hyphens.",
        "table": layout["table"],
        "lists": layout["lists"],
        "hazards": hazards,
        "notes": ["fictional report; all prose invented for reportqa's tests",
                  "pages of headings, lists and the table are fixed by construction (one HTML "
                  "section per page) and checked against pypdf's text",
                  "every 'raw' value is pypdf's extract_text() output for that text, "
                  "newlines included"],
    }
    return truth, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join("tests", "data"), help="output folder")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    pdf = os.path.join(args.out, STEM + ".pdf")

    with tempfile.TemporaryDirectory(prefix="print-fixture-") as tmp:
        page = os.path.join(tmp, STEM + ".html")
        with open(page, "w", encoding="utf-8") as fh:
            fh.write(render_html(PAGES, find_serif()))
        print_pdf(args.chromium, page, pdf)

    truth, problems = analyse(pdf)
    with open(os.path.join(args.out, STEM + ".truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    h = truth["hazards"]
    print(f"{pdf}: {truth['page_count']} pages, {os.path.getsize(pdf) // 1024} KB; "
          f"ligatures {sorted(h['ligature_chars'])}; soft hyphens in raw text "
          f"{h['soft_hyphens_in_raw_text']} (as spaces: {h['soft_hyphen_extracted_as_space']}); "
          f"{len(h['line_end_hyphens'])} line-end hyphens; struct tree {h['struct_tree']}")
    for p in problems:
        print(f"PROBLEM {STEM}.pdf: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
