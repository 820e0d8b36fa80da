"""Recover a report's heading tree from a Document; blocks.py cuts each section into blocks.

Headings come from the PDF's bookmarks where it has them. Otherwise from what is printed: a
tagged PDF's heading elements, and text set apart by size or weight (in a tagged PDF, a whole
paragraph or cell so set), ranked into levels by style. Numbers printed before a heading
("1.2") and a grade printed after it ("– Good") are not part of its title.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .blocks import join_block, section_blocks
from .layout import BULLET, Layout, analyse, is_bullet_glyph, reading_stream
from .model import Document, Line, Section
from .profiles import Profile
from .tables import table_cells

MAX_HEADING_WORDS = 25
MAX_HEADING_LINES = 3
PREAMBLE_WORDS = 50
NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z]\.\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?=\S)")
# "Inspection dates: 4 to 8 July 2016": a label and its value, printed large on a cover, is not a heading.
LABEL_VALUE = re.compile(r"^[A-Z][\w’' ]{2,40}:\s+\S")
GRADE_AFTER = re.compile(r"^(?P<title>.+?)\s*(?P<sep>[–—-]|:)\s*(?P<grade>[A-Za-z][A-Za-z ]+?)\.?$")
# "Children's services in Bury are inadequate", "… is that it requires improvement".
GRADED_SENTENCE = re.compile(r"^(?P<area>.+?)\s+(?:is|are|was|were)(?:\s+judged)?(?:\s+(?:to be|that it(?:\s+is)?))?"
                             r"\s+(?P<grade>[a-z][a-z ]+?)\.?$", re.I)


@dataclass
class _Heading:
    index: int  # position in the line stream; -1 when the title was not found in the text
    count: int  # how many stream lines the heading occupies
    level: int
    title: str
    page: int
    grade: str | None = None


def split_sections(doc: Document, profile: Profile) -> list[Section]:
    """Split a document into sections with their blocks, from bookmarks or typography; the
    profile names the grade labels, box headings and fixed headings the family prints."""
    layout = analyse(doc)
    stream = reading_stream(doc, layout)
    cells = table_cells(stream, layout, profile, doc.tagged)
    if doc.outline:
        headings = _headings_from_outline(doc, stream, layout)
    else:
        headings = _headings_from_type(stream, layout, cells, profile)
    first = min((h.index for h in headings if h.index >= 0), default=len(stream))
    if stream and sum(len(line.text.split()) for line in stream[:first]) > PREAMBLE_WORDS:
        # Text before the first heading that is not cover or contents is still report text.
        title = doc.meta.get("title") or doc.path.stem
        headings.insert(0, _Heading(index=0, count=0, level=1, title=title, page=stream[0].page))
    return _build(stream, headings, layout, cells, profile)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


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


def _styled(line: Line, layout: Layout) -> bool:
    return line.size >= layout.body_size + 0.9 or (line.bold and line.size >= layout.body_size - 0.6)


def _is_candidate(line: Line, layout: Layout, cells: set[int], i: int, profile: Profile, first: bool = True) -> bool:
    text = line.text.strip()
    if i in cells or profile.box_kind(text) or profile.grade_of(text) or BULLET.match(text) or is_bullet_glyph(text):
        return False
    tagged_heading = line.tag is not None and re.fullmatch(r"H\d?", line.tag.role) is not None
    if line.tag is not None and line.tag.role in ("LBody", "LI", "Caption", "Note") and not tagged_heading:
        return False
    if not (_styled(line, layout) or tagged_heading or profile.is_fixed_heading(text)):
        return False
    if len(text.split()) > MAX_HEADING_WORDS or text[-1] in ".,;" or (first and LABEL_VALUE.match(text)):
        return False
    return not first or text[0].isupper() or text[0].isdigit()


def _heading_end(stream: list[Line], i: int, layout: Layout, cells: set[int], profile: Profile) -> int:
    """Where a heading that starts at stream[i] ends: in a tagged PDF with its element; else with
    the following lines of its style printed close under it."""
    line = stream[i]
    j = i + 1
    while j < len(stream) and j - i < MAX_HEADING_LINES + 1 and stream[j].page == line.page:
        nxt = stream[j]
        if line.tag is not None and nxt.tag is not None:
            if nxt.tag.block != line.tag.block:
                break
        elif not (nxt.size == line.size and nxt.bold == line.bold
                  and _is_candidate(nxt, layout, cells, j, profile, first=False)
                  and 0 < line.y - nxt.y < 2.2 * line.size * (j - i)):
            break
        j += 1
    return j


def _headings_from_type(stream: list[Line], layout: Layout, cells: set[int], profile: Profile) -> list[_Heading]:
    """Find headings by tags, size and weight, then rank their styles into levels."""
    raw: list[tuple[int, int, tuple[float, bool]]] = []
    i = 0
    while i < len(stream):
        line = stream[i]
        if not _is_candidate(line, layout, cells, i, profile):
            i += 1
            continue
        j = _heading_end(stream, i, layout, cells, profile)
        words = sum(len(stream[k].text.split()) for k in range(i, j))
        whole = all(_is_candidate(stream[k], layout, cells, k, profile, first=False) for k in range(i + 1, j))
        if j - i <= MAX_HEADING_LINES and words <= MAX_HEADING_WORDS and whole:
            raw.append((i, j - i, (round(line.size * 2) / 2, line.bold)))
        i = j
    # A style used once or twice at body size is emphasis (a signature, a lead-in), not a level;
    # unless the family always prints that heading, or the PDF tags it as one.
    uses = Counter(style for _, _, style in raw)
    raw = [r for r in raw if r[2][0] >= layout.body_size + 0.9 or uses[r[2]] >= 3
           or profile.is_fixed_heading(stream[r[0]].text) or _tagged_heading(stream[r[0]])]
    levels = _rank_styles(stream, raw, chapters=not any(line.tag for line in stream))
    out = []
    for i, n, style in raw:
        title, grade = _title(" ".join(stream[k].text for k in range(i, i + n)), profile)
        out.append(_Heading(i, n, levels[style], title, stream[i].page, grade))
    return out


def _tagged_heading(line: Line) -> bool:
    return line.tag is not None and re.fullmatch(r"H\d?", line.tag.role) is not None


def _title(text: str, profile: Profile) -> tuple[str, str | None]:
    """A heading's title and the grade printed with it: "1.1 Investigating crime – Good" is
    titled "Investigating crime" and graded Good; a grade that ends the heading's sentence
    ("…care leavers: inadequate") stays in its title."""
    text = NUMBER.sub("", text.strip(), count=1) or text.strip()
    text = re.sub(r"\s+[–—-]$", "", text)  # the grade it introduces is on the next line
    match = GRADE_AFTER.match(text)
    grade = profile.grade_of(match.group("grade")) if match else None
    if grade is None:
        stated = GRADED_SENTENCE.match(text)
        return text, profile.grade_of(stated.group("grade")) if stated else None
    return (match.group("title"), grade) if match.group("sep") != ":" else (text, grade)


def _rank_styles(stream: list[Line], raw: list[tuple[int, int, tuple[float, bool]]], chapters: bool) -> dict:
    """Order heading styles by size, then weight; with chapters, styles that always open a page
    share level 1.

    Typeset reports set chapter titles in more than one size (a pillar divider page and a
    front-matter title, say), but every chapter starts a new page, which no lower level does.
    Word documents, which tagged PDFs mostly are, start sections of every level on new pages,
    so there the page tells nothing.
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
    chapter = chapters
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
        section = Section(title=head.title, level=head.level, path=path, page_start=head.page,
                          page_end=head.page, grade=head.grade)
        # A heading over a list of findings names their kind, for its subsections too.
        section.kind = profile.item_heading(head.title) or (stack[-1].kind if stack else None)
        section.label = head.title if profile.item_heading(head.title) else (stack[-1].label if stack else None)
        start = head.index if head.index >= 0 else len(stream)
        nxt = next((h.index for h in ordered[n + 1:] if h.index >= 0), len(stream))
        body = range(start + head.count, max(nxt, start + head.count))
        if head.count:
            section.blocks.append(join_block("heading", stream[start:start + head.count], " "))
        section.blocks.extend(section_blocks(stream, body, layout, cells, section, profile))
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
