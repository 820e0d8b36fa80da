"""Check generated PDFs against their ground truth using pypdf (an independent reader).

Used by both generator scripts after writing their files. Every check compares
whitespace-normalised text, because a PDF text extractor breaks lines wherever the
layout did.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf import PdfReader

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def page_texts(reader: PdfReader) -> list[str]:
    return [norm(p.extract_text() or "") for p in reader.pages]


def _should_clause(text: str) -> str:
    """'The force should x.' -> 'should x' (the later report may say 'it should x')."""
    t = text.rstrip(".")
    i = t.find("should ")
    return t[i:] if i >= 0 else t


def verify(pdf_path: str, gt: dict[str, Any], *, min_pages: int, max_pages: int) -> list[str]:
    """Return a list of problems (empty when everything checks out)."""
    problems: list[str] = []
    reader = PdfReader(pdf_path)
    n = len(reader.pages)
    if not (min_pages <= n <= max_pages):
        problems.append(f"{n} pages, expected {min_pages}-{max_pages}")
    if gt["page_count"] != n:
        problems.append(f"page_count {gt['page_count']} != {n}")
    texts = page_texts(reader)
    for i, t in enumerate(texts, start=1):
        if not t:
            problems.append(f"page {i}: no text extracted")
        elif i > 1 and not re.search(rf"(^|\D){i}(\D|$)", t):
            problems.append(f"page {i}: printed page number not found")

    def on_page(needle: str, page: int, what: str) -> None:
        if not (1 <= page <= n) or norm(needle) not in texts[page - 1]:
            problems.append(f"{what}: {needle[:60]!r} not found on page {page}")

    has_outline = len(reader.outline) > 0
    if has_outline != gt["report"]["bookmarks"]:
        problems.append(f"outline present={has_outline}, expected {gt['report']['bookmarks']}")
    meta = reader.metadata or {}
    if gt["report"]["bookmarks"] and meta.get("/Author") != "HMICFRS":
        problems.append("bookmarked file lacks Author metadata")
    if not gt["report"]["bookmarks"] and meta.get("/Title"):
        problems.append("file without bookmarks should carry no Title metadata")
    if norm(gt["report"]["force"]) not in texts[0]:
        problems.append("force name not on the cover")

    for s in gt["sections"]:
        on_page(s["title"], s["page_start"], f"section L{s['level']}")
        if s["page_end"] < s["page_start"]:
            problems.append(f"section {s['title']!r}: page_end before page_start")
    for b in gt["boxes"]:
        on_page(b["heading"], b["page"], "box heading")
        for item in b["items"]:
            on_page(item, b["page"], "box item")
    for t in gt["tables"]:
        for cell in t["columns"] + [c for row in t["rows"] for c in row]:
            on_page(cell, t["page"], f"table {t['name']}")
    for f in gt["findings"]:
        if f["kind"] == "judgment":
            on_page(f["grade"], f["page"], "judgment grade")
            # A pillar judgment's text is the pillar name; its grade sits under the pillar
            # question heading, which is the last element of its section path.
            heading = f["text"] if f["source"] == "summary_table" else f["section_path"][-1]
            on_page(heading, f["page"], "judgment heading")
        elif f.get("source") == "prose":
            on_page(f["evidence"], f["page"], "carried evidence")
            on_page(_should_clause(f["text"]), f["page"], "carried statement")
        else:
            on_page(f["text"], f["page"], f"{f['kind']} finding")
    return problems
