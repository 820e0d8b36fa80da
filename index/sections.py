"""Recover a report's heading tree and its blocks (paragraphs, boxes, tables) from a Document."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .layout import BULLET, Layout, analyse, is_bullet_glyph
from .model import Block, Document, Line, Section
from .profiles import Profile

MAX_HEADING_WORDS = 25
MAX_HEADING_LINES = 3
PREAMBLE_WORDS = 50


@dataclass
class _Heading:
    index: int  # position in the line stream; -1 when the title was not found in the text
    count: int  # how many stream lines the heading occupies
    level: int
    title: str
    page: int


def split_sections(doc: Document, profile: Profile) -> list[Section]:
    """Split a document into sections with their blocks, from bookmarks or typography; the
    profile names the grade labels and box headings the family prints."""
    layout = analyse(doc)
    stream = [ln for page in doc.pages if page.number not in layout.skip_pages
              for ln in page.lines if id(ln) not in layout.furniture]
    rows = _table_rows(stream)
    if doc.outline:
        headings = _headings_from_outline(doc, stream, layout)
    else:
        headings = _headings_from_type(stream, layout, rows, profile)
    first = min((h.index for h in headings if h.index >= 0), default=len(stream))
    if sum(len(line.text.split()) for line in stream[:first]) > PREAMBLE_WORDS:
        # Text before the first heading that is not cover or contents is still report text.
        title = doc.meta.get("title") or doc.path.stem
        headings.insert(0, _Heading(index=0, count=0, level=1, title=title, page=stream[0].page))
    return _build(stream, headings, layout, rows, profile)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _table_rows(stream: list[Line]) -> set[int]:
    """Find lines that are table cells: rows of several cells sharing a baseline, near each other,
    plus wrapped cell lines (a two-line header) aligned with the table's columns."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(stream):
        by_page.setdefault(line.page, []).append(i)
    cells: set[int] = set()
    for members in by_page.values():
        rows: list[list[int]] = []
        for i in sorted(members, key=lambda i: -stream[i].y):
            if rows and abs(stream[rows[-1][0]].y - stream[i].y) < 1.5:
                rows[-1].append(i)
            else:
                rows.append([i])
        multi = [r for r in rows if len(r) >= 2
                 and not (len(r) == 2 and any(is_bullet_glyph(stream[i].text) for i in r))]
        table = [r for r in multi if any(o is not r and abs(stream[o[0]].y - stream[r[0]].y)
                                         < 4 * stream[r[0]].size for o in multi)]
        if not table:
            continue
        found = {i for r in table for i in r}
        first = min(stream[i].x for i in found)
        columns = {round(stream[i].x) for i in found}
        size = stream[table[0][0]].size
        top = max(stream[i].y for i in found) + 2.5 * size
        bottom = min(stream[i].y for i in found)
        for i in members:
            line = stream[i]
            if i in found or line.y > top or not any(abs(line.x - x) <= 2 for x in columns):
                continue
            # A cell wrapped onto a second line sits just under its row; body text sits further.
            reach = 1.3 * size if abs(line.x - first) <= 2 else 1.6 * size
            if line.y >= bottom - reach:
                found.add(i)
        cells |= found
    return cells


def _headings_from_outline(doc: Document, stream: list[Line], layout: Layout) -> list[_Heading]:
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(stream):
        by_page.setdefault(line.page, []).append(i)
    headings: list[_Heading] = []
    cursor = 0
    for item in doc.outline:
        if item.page in layout.skip_pages:
            continue
        found = None
        for page in (item.page, item.page + 1):
            found = _find_title(stream, by_page.get(page, []), item.title, cursor)
            if found:
                break
        if found:
            index, count = found
            cursor = index + count
            headings.append(_Heading(index, count, item.level, item.title, stream[index].page))
        else:
            first = next((i for i in by_page.get(item.page, []) if i >= cursor), -1)
            headings.append(_Heading(first, 0, item.level, item.title, item.page))
    return headings


def _find_title(stream: list[Line], candidates: list[int], title: str, cursor: int) -> tuple[int, int] | None:
    target = _norm(title)
    for i in candidates:
        if i < cursor:
            continue
        got = ""
        for j in range(i, min(i + MAX_HEADING_LINES + 1, len(stream))):
            piece = _norm(stream[j].text)
            if not piece or not target.startswith(got + piece):
                break
            got += piece
            if got == target:
                return i, j - i + 1
    return None


def _is_candidate(line: Line, layout: Layout, cells: set[int], i: int, profile: Profile, first: bool = True) -> bool:
    text = line.text.strip()
    if i in cells or profile.box_kind(text) or profile.grade_of(text) or BULLET.match(text) or is_bullet_glyph(text):
        return False
    big = line.size >= layout.body_size + 0.9
    bold_body = line.bold and line.size >= layout.body_size - 0.6
    if not (big or bold_body):
        return False
    if len(text.split()) > MAX_HEADING_WORDS or text[-1] in ".,;":
        return False
    return not first or text[0].isupper() or text[0].isdigit()


def _headings_from_type(stream: list[Line], layout: Layout, cells: set[int], profile: Profile) -> list[_Heading]:
    """Find headings by size and weight, then rank their styles into levels."""
    raw: list[tuple[int, int, tuple[float, bool]]] = []
    i = 0
    while i < len(stream):
        line = stream[i]
        if not _is_candidate(line, layout, cells, i, profile):
            i += 1
            continue
        j = i + 1
        while (j < len(stream) and j - i < MAX_HEADING_LINES + 1 and stream[j].page == line.page
               and stream[j].size == line.size and stream[j].bold == line.bold
               and _is_candidate(stream[j], layout, cells, j, profile, first=False)
               and 0 < line.y - stream[j].y < 2.2 * line.size * (j - i)):
            j += 1
        words = sum(len(stream[k].text.split()) for k in range(i, j))
        if j - i <= MAX_HEADING_LINES and words <= MAX_HEADING_WORDS:
            raw.append((i, j - i, (round(line.size * 2) / 2, line.bold)))
        i = j
    # A style used once or twice at body size is emphasis (a signature, a lead-in), not a level.
    uses = Counter(style for _, _, style in raw)
    raw = [r for r in raw if r[2][0] >= layout.body_size + 0.9 or uses[r[2]] >= 3]
    levels = _rank_styles(stream, raw)
    return [_Heading(i, n, levels[style], " ".join(stream[k].text for k in range(i, i + n)), stream[i].page)
            for i, n, style in raw]


def _rank_styles(stream: list[Line], raw: list[tuple[int, int, tuple[float, bool]]]) -> dict:
    """Order heading styles by size, then weight; styles that always open a page share level 1.

    Reports set chapter titles in more than one size (a pillar divider page and a front-matter
    title, say), but every chapter starts a new page, which no lower level does.
    """
    first_on_page = {}
    for i, line in enumerate(stream):
        first_on_page.setdefault(line.page, i)
    opens: Counter = Counter()
    total: Counter = Counter()
    for i, _, style in raw:
        total[style] += 1
        opens[style] += first_on_page[stream[i].page] == i
    styles = sorted(total, key=lambda s: (-s[0], not s[1]))
    levels, level = {}, 1
    chapter = True
    for style in styles:
        chapter = chapter and opens[style] >= 0.75 * total[style]
        if not chapter and levels:
            level += 1
        levels[style] = level
    return levels


def _build(stream: list[Line], headings: list[_Heading], layout: Layout, cells: set[int],
           profile: Profile) -> list[Section]:
    sections: list[Section] = []
    stack: list[Section] = []
    ordered = sorted(headings, key=lambda h: (h.index if h.index >= 0 else len(stream), h.page))
    for n, head in enumerate(ordered):
        while stack and stack[-1].level >= head.level:
            stack.pop()
        path = [s.title for s in stack] + [head.title]
        section = Section(title=head.title, level=head.level, path=path,
                          page_start=head.page, page_end=head.page)
        start = head.index if head.index >= 0 else len(stream)
        nxt = next((h.index for h in ordered[n + 1:] if h.index >= 0), len(stream))
        body = range(start + head.count, max(nxt, start + head.count))
        if head.count:
            lines = stream[start:start + head.count]
            section.blocks.append(_block("heading", lines, " "))
        section.blocks.extend(_blocks(stream, body, layout, cells, section, profile))
        sections.append(section)
        stack.append(section)
    _set_page_ends(sections)
    return sections


def _set_page_ends(sections: list[Section]) -> None:
    for n, section in enumerate(sections):
        last = max([section.page_start] + [b.page_end for b in section.blocks])
        for child in sections[n + 1:]:
            if child.level <= section.level:
                break
            last = max([last] + [b.page_end for b in child.blocks])
        section.page_end = last


def _block(kind: str, lines: list[Line], joiner: str = "", **extra) -> Block:
    text, starts = _join(lines, joiner)
    return Block(kind=kind, text=text, starts=starts, **extra)


def _join(lines: list[Line], joiner: str = "") -> tuple[str, list[tuple[int, int]]]:
    """Join lines into running text: a space between lines, none after a line-end hyphen."""
    text = ""
    starts: list[tuple[int, int]] = []
    for line in lines:
        piece = line.text.strip()
        if text:
            sep = joiner or ("" if text.endswith("-") and not text.endswith(" -") else " ")
            text += sep
        if not starts or starts[-1][1] != line.page:
            starts.append((len(text), line.page))
        text += piece
    return text, starts or [(0, lines[0].page if lines else 1)]


def _blocks(stream: list[Line], span: range, layout: Layout, cells: set[int], section: Section,
            profile: Profile) -> list[Block]:
    blocks: list[Block] = []
    i, end = span.start, span.stop
    seen_text = False
    while i < end:
        line = stream[i]
        text = line.text.strip()
        kind = profile.box_kind(text)
        if i in cells:
            j = i
            while j < end and j in cells:
                j += 1
            rows = _rows(stream[i:j])
            starts, body = _rows_text(rows, [" ".join(ln.text.strip() for ln in row) for row in rows])
            blocks.append(Block(kind="table", text=body, starts=starts))
        elif not seen_text and profile.grade_of(text) and section.grade is None:
            section.grade = profile.grade_of(text)
            blocks.append(_block("grade", [line]))
            j = i + 1
        elif kind:
            j = _box_end(stream, i, end, layout, profile)
            blocks.append(_box(kind, line, stream[i + 1:j], layout, profile))
        else:
            j = _paragraph_end(stream, i, end, layout, cells, profile)
            lines = [ln for ln in stream[i:j] if not is_bullet_glyph(ln.text)]
            if lines:
                blocks.append(_block("body", lines))
        seen_text = seen_text or blocks and blocks[-1].kind not in ("grade",)
        i = max(j, i + 1)
    return blocks


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Group table cells, in reading order, into rows: a row starts at the first column."""
    first = min(line.x for line in lines)
    rows: list[list[Line]] = []
    for line in lines:
        if rows and rows[-1][0].page == line.page and line.x - first > 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _rows_text(rows: list[list[Line]], text_rows: list[str]) -> tuple[list[tuple[int, int]], str]:
    starts: list[tuple[int, int]] = []
    body = ""
    for row, row_text in zip(rows, text_rows):
        if body:
            body += "\n"
        if not starts or starts[-1][1] != row[0].page:
            starts.append((len(body), row[0].page))
        body += row_text
    return starts, body


def _indent(line: Line, layout: Layout) -> float:
    return line.x - layout.body_left.get(line.page, line.x)


def _box_end(stream: list[Line], i: int, end: int, layout: Layout, profile: Profile) -> int:
    """Find where a box that starts with a heading at stream[i] ends.

    Boxes are inset from the body margin (shaded panels with padding); when they are not, the
    box is its heading and the bullet list right after it.
    """
    head = stream[i]
    inset = _indent(head, layout) > 3
    j = i + 1
    in_item = False
    while j < end:
        line = stream[j]
        text = line.text.strip()
        if profile.box_kind(text) and profile.box_kind(text) != "recommendation":
            break
        if inset:
            if _indent(line, layout) < _indent(head, layout) - 1.5:
                break
        else:
            bullet = is_bullet_glyph(text) or BULLET.match(text)
            gap = stream[j - 1].page == line.page and stream[j - 1].y - line.y > 1.6 * layout.line_gap
            if bullet:
                in_item = True
            elif not in_item or _indent(line, layout) <= 3 or gap:
                if profile.box_kind(text) == "recommendation":
                    j += 1
                    continue
                break
        j += 1
    return j


def _box(kind: str, head: Line, lines: list[Line], layout: Layout, profile: Profile) -> Block:
    """Build a box block: its heading, any lead text, and one item per bullet."""
    groups: list[list[Line]] = []
    lead: list[Line] = []
    bulleted = False
    for line in lines:
        text = line.text.strip()
        if is_bullet_glyph(text):
            groups.append([])
            bulleted = True
        elif BULLET.match(text) and (not groups or _indent(line, layout) <= _indent(groups[-1][0], layout) + 1):
            groups.append([line])
            bulleted = True
        elif groups:
            groups[-1].append(line)
        elif profile.box_kind(text) != "recommendation":
            lead.append(line)
    items = [BULLET.sub("", _join(g)[0], count=1) for g in groups if g]
    lead_text = _join(lead)[0] if lead else None
    if not bulleted and lead_text:
        items = [p for p in _paragraphs(lead, layout)]
    all_lines = [head] + [ln for ln in lines if not is_bullet_glyph(ln.text)]
    text, starts = _join([head], "")[0], [(0, head.page)]
    for line in all_lines[1:]:
        piece = BULLET.sub("", line.text.strip(), count=1) if BULLET.match(line.text.strip()) else line.text.strip()
        joiner = "\n" if _starts_item(line, lines) or profile.box_kind(line.text) else " "
        if line is all_lines[1]:
            joiner = "\n"
        if text.endswith("-") and joiner == " ":
            joiner = ""
        text += joiner
        if starts[-1][1] != line.page:
            starts.append((len(text), line.page))
        text += piece
    return Block(kind=kind, text=text, starts=starts, items=items, lead=lead_text if bulleted else None)


def _starts_item(line: Line, lines: list[Line]) -> bool:
    n = next(k for k, ln in enumerate(lines) if ln is line)
    return (n > 0 and is_bullet_glyph(lines[n - 1].text)) or bool(BULLET.match(line.text.strip()))


def _paragraphs(lines: list[Line], layout: Layout) -> list[str]:
    out: list[list[Line]] = []
    for line in lines:
        if out and not _breaks(out[-1][-1], line, layout):
            out[-1].append(line)
        else:
            out.append([line])
    return [_join(p)[0] for p in out]


def _breaks(prev: Line, line: Line, layout: Layout) -> bool:
    """Say whether a new paragraph starts at line, judged from spacing and punctuation."""
    if prev.page != line.page:
        return prev.text.rstrip()[-1:] in ".?!:;" and _indent(line, layout) <= 3
    gap = prev.y - line.y
    return gap > 1.35 * layout.line_gap or gap < 0 or abs(line.x - prev.x) > 3


def _paragraph_end(stream: list[Line], i: int, end: int, layout: Layout, cells: set[int], profile: Profile) -> int:
    j = i + 1
    bullet_item = is_bullet_glyph(stream[i].text) or bool(BULLET.match(stream[i].text.strip()))
    if is_bullet_glyph(stream[i].text) and j < end:
        j += 1  # the glyph and its item text are one block
    while j < end:
        line = stream[j]
        text = line.text.strip()
        if j in cells or profile.box_kind(text) or is_bullet_glyph(text) or BULLET.match(text) and not bullet_item:
            break
        if bullet_item and BULLET.match(text):
            break
        prev = stream[j - 1]
        if bullet_item and _indent(line, layout) <= 3 and prev.page == line.page:
            break
        if not bullet_item and _breaks(prev, line, layout):
            break
        j += 1
    return j
