"""Page layout facts a structure parser needs: body style, page furniture, contents pages."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .pdf import Document, Line, Page

# A running header/footer must repeat on this share of pages (at least 3 of them).
FURNITURE_SHARE = 0.3
MARGIN_BAND = 0.09  # share of page height at top and bottom where furniture lives
PAGE_NUMBER = re.compile(
    r"^(page\s+)?([0-9]{1,4}|[ivxlcdm]{1,7})(\s+of\s+[0-9]{1,4})?$", re.IGNORECASE)
DOT_LEADER = re.compile(r"(\.\s*){4,}\s*\d*\s*$|\.\s?\.\s?\.\s?\.")
BULLET_GLYPHS = "•●▪■◦‣∙·–-*o"
BULLET = re.compile(r"^[•●▪■◦‣∙·]\s*|^[–\-*]\s+|^\(?[0-9]{1,2}[.)]\s+|^\(?[a-z][.)]\s+")


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


def analyse(doc: Document, skip_cover: bool = True) -> Layout:
    """Measure body typography and find page furniture and contents pages."""
    sizes: Counter[float] = Counter()
    for page in doc.pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    furniture = _furniture(doc.pages)
    skip = {page.number for page in doc.pages if _is_contents(page)}
    if skip_cover and doc.page_count > 3:
        skip.add(1)
    body_left: dict[int, float] = {}
    gaps: Counter[float] = Counter()
    all_left: Counter[float] = Counter()
    for page in doc.pages:
        body = [ln for ln in page.lines if abs(ln.size - body_size) < 0.6 and id(ln) not in furniture]
        left = Counter(round(ln.x) for ln in body)
        all_left.update(left)
        if left:
            body_left[page.number] = float(left.most_common(1)[0][0])
        for a, b in zip(body, body[1:]):
            gap = round(a.y - b.y, 1)
            if 0 < gap < 3 * body_size:
                gaps[gap] += 1
    default_left = float(all_left.most_common(1)[0][0]) if all_left else 0.0
    for page in doc.pages:
        body_left.setdefault(page.number, default_left)
    line_gap = gaps.most_common(1)[0][0] if gaps else body_size * 1.25
    return Layout(body_size=body_size, body_left=body_left, line_gap=line_gap,
                  furniture=furniture, skip_pages=skip)


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


def _is_contents(page: Page) -> bool:
    lines = [ln.text for ln in page.lines]
    if not lines:
        return False
    if lines[0].strip().lower() in {"contents", "table of contents"}:
        return True
    leaders = sum(bool(DOT_LEADER.search(text)) for text in lines)
    return len(lines) >= 5 and leaders >= 0.3 * len(lines)
