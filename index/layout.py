"""Page layout facts a structure parser needs: body style, page furniture, cover and contents
pages; and the reading stream of lines the parser walks, with words broken at line ends rejoined."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from .model import Document, Line, Page

# A running header/footer must repeat on this share of pages (at least 3 of them).
FURNITURE_SHARE = 0.3
MARGIN_BAND = 0.09  # share of page height at top and bottom where furniture lives
PAGE_NUMBER = re.compile(
    r"^(page\s+)?([0-9]{1,4}|[ivxlcdm]{1,7})(\s+of\s+[0-9]{1,4})?$", re.IGNORECASE)
DOT_LEADER = re.compile(r"(\.\s*){4,}\s*\d*\s*$|\.\s?\.\s?\.\s?\.")
# Bullets as text extraction sees them: real glyphs, and what Symbol/Wingdings/WinAnsi bullets
# come out as when a font has no usable Unicode map (U+F0B7, U+F0A7, U+F06E, U+F02D, DEL).
BULLET_GLYPHS = "•●▪■◼◾◦‣∙·–-*o\uf0b7\uf0a7\uf076\uf0d8\uf06e\uf02d\x7f\x95"
BULLET = re.compile(r"^[•●▪■◼◾◦‣∙·\uf0b7\uf0a7\uf076\uf0d8\uf06e\uf02d\x7f\x95]\s*|^[–\-*]\s+|"
                    r"^\(?[0-9]{1,2}[.)]\s+|^\(?[a-z][.)]\s+")
# A page whose text is no more than this many words is a cover, not report content.
COVER_WORDS = 60
CONTENTS = re.compile(r"^(table of )?contents$", re.I)
# The publisher's page (who the inspectorate is, how to complain, other formats, the copyright
# notice) says nothing of the inspection. Publications print it on one of their first two pages
# or their last; read as report text it joins the last section and answers questions about it.
COPYRIGHT = re.compile(r"©|\bcrown copyright\b", re.I)
# A word broken at a line end: the hyphen typed in the word, or one a typesetter added (U+2010,
# a soft hyphen made visible).
BROKEN = re.compile(r"([A-Za-z]+)([-\u2010\u00ad])$")


@dataclass
class Layout:
    """Document-wide typography and which lines and pages are not body content."""

    body_size: float
    body_left: dict[int, float]  # page -> the x where body paragraphs start
    line_gap: float  # usual baseline-to-baseline distance of body text
    furniture: set[int]  # id() of lines that are running headers, footers or page numbers
    skip_pages: set[int]  # cover and contents pages


LIST_NUMBER = re.compile(r"^\(?([0-9]{1,2}|[a-z]|[ivx]{1,4})[.)]$")


def is_bullet_glyph(text: str) -> bool:
    """Say whether a line is only a list marker (a bullet glyph or "3."), as pypdf prints them."""
    text = text.strip()
    if not text:
        return False
    return (len(text) <= 2 and all(ch in BULLET_GLYPHS for ch in text)) or bool(LIST_NUMBER.match(text))


def analyse(doc: Document) -> Layout:
    """Measure body typography and find page furniture, contents pages and the publisher's page."""
    sizes: Counter[float] = Counter()
    for page in doc.pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    furniture = _furniture(doc.pages)
    skip = {page.number for page in doc.pages if _is_contents(page, furniture)}
    if doc.page_count > 3 and sum(len(ln.text.split()) for ln in doc.pages[0].lines) <= COVER_WORDS:
        skip.add(1)
    if doc.page_count > 3:
        skip |= {page.number for page in doc.pages[1:2] + doc.pages[-1:]
                 if any(COPYRIGHT.search(ln.text) for ln in page.lines)}
    gaps: Counter[float] = Counter()
    # Margins are measured per page parity: books mirror them, and one page full of a boxed
    # panel must not redefine where body text starts.
    left_by_parity: dict[int, Counter[float]] = {0: Counter(), 1: Counter()}
    for page in doc.pages:
        body = [ln for ln in page.lines if abs(ln.size - body_size) < 0.6 and id(ln) not in furniture]
        left_by_parity[page.number % 2].update(round(ln.x) for ln in body)
        for a, b in zip(body, body[1:]):
            gap = round(a.y - b.y, 1)
            if 0 < gap < 3 * body_size:
                gaps[gap] += 1
    everywhere = left_by_parity[0] + left_by_parity[1]
    default_left = float(everywhere.most_common(1)[0][0]) if everywhere else 0.0
    margin = {parity: float(c.most_common(1)[0][0]) if c else default_left for parity, c in left_by_parity.items()}
    body_left = {page.number: margin[page.number % 2] for page in doc.pages}
    line_gap = gaps.most_common(1)[0][0] if gaps else body_size * 1.25
    return Layout(body_size=body_size, body_left=body_left, line_gap=line_gap,
                  furniture=furniture, skip_pages=skip)


def reading_stream(doc: Document, layout: Layout) -> list[Line]:
    """The lines a reader reads, in order: no furniture, cover or contents entries (a contents
    page keeps its own heading), with words broken at line ends joined again."""
    lines: list[Line] = []
    for page in doc.pages:
        for line in page.lines:
            if id(line) in layout.furniture:
                continue
            contents = CONTENTS.match(line.text.strip()) is not None
            entry = line.tag is not None and line.tag.role in ("TOC", "TOCI")
            if contents or not (page.number in layout.skip_pages or entry):
                lines.append(line)
    return _rejoin_words(lines)


def _rejoin_words(lines: list[Line]) -> list[Line]:
    """Join "investi-" + "gation" when the document spells "investigation" elsewhere (or the
    hyphen is one the typesetter added); keep "anti-" + "social", a word typed with its hyphen."""
    known = Counter(w.lower() for line in lines for w in re.findall(r"[A-Za-z]+", line.text))
    out = list(lines)
    for n in range(len(out) - 1):
        head, tail = BROKEN.search(out[n].text), re.match(r"([a-z]+)\s*(.*)", out[n + 1].text)
        if not head or not tail:
            continue
        if head.group(2) != "-" or known[(head.group(1) + tail.group(1)).lower()]:
            out[n] = replace(out[n], text=out[n].text[:head.start(2)] + tail.group(1))
            out[n + 1] = replace(out[n + 1], text=tail.group(2))
    return [line for line in out if line.text]


def _band_key(line: Line, page: Page) -> str | None:
    top = line.y > page.height * (1 - MARGIN_BAND)
    bottom = line.y < page.height * MARGIN_BAND
    if not (top or bottom):
        return None
    return ("top:" if top else "bottom:") + re.sub(r"\d+", "#", line.text.lower())


def _furniture(pages: list[Page]) -> set[int]:
    """Find running headers/footers by repetition, and page numbers by shape, in the margins."""
    keyed: list[tuple[Line, str]] = []
    counts: Counter[str] = Counter()
    for page in pages:
        seen = set()
        for line in page.lines:
            key = _band_key(line, page)
            if key is None:
                continue
            keyed.append((line, key))
            if key not in seen:
                counts[key] += 1
                seen.add(key)
    need = max(3, FURNITURE_SHARE * len(pages))
    found = set()
    for line, key in keyed:
        if counts[key] >= need or PAGE_NUMBER.match(line.text.strip()):
            found.add(id(line))
    return found


def _is_contents(page: Page, furniture: set[int]) -> bool:
    lines = [ln.text for ln in page.lines if id(ln) not in furniture]
    if not lines:
        return False
    if any(text.strip().lower() in {"contents", "table of contents"} for text in lines[:2]):
        return True
    leaders = sum(bool(DOT_LEADER.search(text)) for text in lines)
    return len(lines) >= 5 and leaders >= 0.3 * len(lines)
