#!/usr/bin/env python3
"""Generate the fictional PEEL sample corpus and its ground truth.

    python scripts/make_sample_corpus.py [--out corpus]

Writes six A4 reports, three invented forces (Northmoor Police, Severn Vale Constabulary,
Brackenshire Police) x two inspections ("2017" and "2018/19"), as ``<out>/<stem>.pdf``
with ``<out>/<stem>.structure.json`` beside each, plus ``<out>/README.md``. All prose is
original and fictional. Output is byte-identical across runs (ReportLab ``invariant=1``,
every random choice seeded from the report's file stem) on a machine with the same fonts.

House styles (one per force, so a parser cannot be tuned to one layout):
  * Northmoor ("teal"): Helvetica, shaded boxes, centred page numbers, no running header.
  * Severn Vale ("navy"): Times, justified text, boxes with a coloured heading band, running
    header, "Page N" footers, pillar names in a coloured band, grade labels on a band,
    legitimacy rows of the summary table named "Fair treatment of ...".
  * Brackenshire ("plum"): an embedded TrueType sans (Liberation Sans if installed, else
    DejaVu Sans), boxes with a coloured left bar, running header, left-aligned numbers.
Bookmarks (PDF outline, levels 1-3) and full metadata are in northmoor-peel-2017,
severn-vale-peel-2018-19 and brackenshire-peel-2017; the other three have no outline and an
Info dictionary holding only /Producer, so title, force and year must come from the cover.

Ground truth schema (``*.structure.json``)::

  document, page_count, page_numbering, font, house_style,
  report   {title, force, year, bookmarks}
  sections [{level, title, page_start, page_end, grade?}]          reading order
  boxes    [{kind, heading, text, items, page, section_title, section_path,
             concern?, recommendations?}]                            (cause of concern only)
           text = items joined by "\n"; for a cause of concern, items = [concern paragraph,
           *recommendation bullets]
  tables   [{name, columns, rows, page, section_title, section_path}]
  findings [...]                                                     reading order
  notes    [str]

Findings:
  judgment             {kind, text, grade, last_inspected, page, section_path, source}
                       text = question title, or the pillar name for pillar judgments;
                       source "grade_label" (page of the grade under the heading) or
                       "summary_table" (armed policing: "Ungraded", summary table page).
  area_for_improvement / cause_of_concern / recommendation, from boxes
                       {kind, text, page, section_path, carried_from, source: "box",
                        box_index, [progress, evidence, links_to]}
                       carried_from is null unless the report says the item was raised in
                       2017; then progress/evidence/links_to are given as below (page stays
                       the box's page; the evidence sentence may be on another page, which
                       the matching "prose" record gives).
  revisited in prose   {kind, text, page, section_path, carried_from: "2017", progress,
                        evidence, links_to: {document, text}, source: "prose"}
                       text = "The force should <x>." where "should <x>" is verbatim on the
                       page; evidence = the exact sentence saying it was raised in 2017;
                       page = the page of that sentence (the paragraph is never split);
                       links_to.text = the 2017 report's boxed finding text, verbatim.

Progress vocabulary (normalised): improved | good progress | limited progress |
not fully addressed | little progress. Items judged "improved" or "good progress" are not
boxed again; the others reappear in a 2018/19 box with new wording (one Brackenshire item
reappears as a recommendation under a new cause of concern). Items in 2017 areas the
2018/19 inspection did not cover are not revisited.

Phrasings used for revisited items (see peel_prose.PHRASINGS):
  "Our 2017 <pillar> report identified an area for improvement. It said the force should ..."
  "We identified this as an area for improvement in 2017 and <verdict>."
  "This was also an area for improvement in 2017, and we are disappointed that it has made
   little progress."
  "In our 2017 inspection we found that <problem>, and we said that the force should ..."
  "Our 2017 <pillar> inspection identified an area for improvement. We stated that ..."
  "When we inspected <force> in 2017, we said that it should ..."
  "The force has not fully addressed the area for improvement we identified in our 2017
   inspection, which said that it should ..."
  "In 2017, we identified a cause of concern about <topic>. We recommended that ..."
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pypdf import PdfReader  # noqa: E402

from peel_compose import compose_all  # noqa: E402
from peel_layout import house_styles, render  # noqa: E402
from peel_verify import verify  # noqa: E402

MIN_PAGES, MAX_PAGES, MAX_KB = 20, 40, 400

README = """# Sample corpus (fictional)

These six PEEL-style inspection reports are **fictional**. The forces (Northmoor Police,
Severn Vale Constabulary, Brackenshire Police), the inspectors, the numbers and all of the
prose were invented for testing reportqa; nothing is copied from a real HMICFRS report.
Each report has a ground-truth file `<name>.structure.json` recorded by ReportLab while
the PDF was laid out (sections, boxes, tables and findings with 1-based physical pages).

| file | force | year | outline |
| --- | --- | --- | --- |
{rows}

Regenerate (byte-identical on a machine with the same fonts):

    pip install -e '.[dev]'
    python scripts/make_sample_corpus.py --out corpus

The schema and the vocabulary used for revisited items are documented at the top of
`scripts/make_sample_corpus.py`.
"""


def write_ground_truth(path: str, gt: dict) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(gt, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="corpus", help="output folder (default: corpus)")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    styles = house_styles()
    rows, readme_rows, failures = [], [], 0
    for report in compose_all():
        gt = render(report, args.out, styles)
        pdf = os.path.join(args.out, report.filename)
        gt["page_count"] = len(PdfReader(pdf).pages)
        write_ground_truth(os.path.join(args.out, report.stem + ".structure.json"), gt)
        problems = verify(pdf, gt, min_pages=MIN_PAGES, max_pages=MAX_PAGES)
        size_kb = os.path.getsize(pdf) / 1024
        if size_kb > MAX_KB:
            problems.append(f"{size_kb:.0f} KB is over {MAX_KB} KB")
        for p in problems:
            print(f"  PROBLEM {report.filename}: {p}", file=sys.stderr)
        failures += bool(problems)
        rows.append((report.filename, gt["page_count"], len(gt["sections"]), len(gt["boxes"]),
                     len(gt["findings"]), "yes" if report.bookmarks else "no", f"{size_kb:.0f}",
                     "ok" if not problems else f"{len(problems)} problems"))
        readme_rows.append(f"| `{report.filename}` | {report.force} | {report.year} | "
                           f"{'yes' if report.bookmarks else 'no'} |")
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as fh:
        fh.write(README.replace("{rows}", "\n".join(readme_rows)))

    header = ("file", "pages", "sections", "boxes", "findings", "bookmarks", "KB", "check")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
