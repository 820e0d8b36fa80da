"""Cut one section's lines into blocks: paragraphs, list items, boxed findings, tables, and under
a heading that names a kind of finding ("What needs to improve", "Recommendations"), its items.

A tagged PDF says where each paragraph, list item and table cell begins; otherwise spacing,
indents and bullets do.
"""

from __future__ import annotations

import re

from .layout import BULLET, Layout, is_bullet_glyph
from .model import Block, Line, Section
from .profiles import Profile
from .sentences import split_sentences
from .tables import table_rows

HEADER_WORDS = 5  # a table's first row of short cells is its header, not an item

# Symbol and Wingdings fonts print their bullets and ticks as private-use code points: pictures,
# never text. The layout reads them as bullets; the text that is quoted goes without them.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def section_blocks(stream: list[Line], span: range, layout: Layout, cells: set[int], section: Section,
                   profile: Profile) -> list[Block]:
    """The blocks of the lines in span, which belong to section (whose grade a label may set)."""
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
            blocks.append(_table(stream[i:j]))
        elif not seen_text and profile.grade_of(text) and section.grade is None:
            section.grade = profile.grade_of(text)
            blocks.append(join_block("grade", [line]))
            j = i + 1
        elif kind:
            j = _box_end(stream, i, end, layout, profile)
            blocks.append(_box(kind, line, stream[i + 1:j], layout, profile))
        else:
            j = _paragraph_end(stream, i, end, layout, cells, profile)
            lines = [ln for ln in stream[i:j] if not is_bullet_glyph(ln.text)]
            if lines:
                block = join_block("body", lines)
                block.listed = is_bullet_glyph(line.text) or bool(BULLET.match(text)) or _in_list(line)
                blocks.append(block)
        seen_text = seen_text or blocks and blocks[-1].kind not in ("grade",)
        i = max(j, i + 1)
    return _items(blocks, section) if section.kind else blocks


def section_sentences(section: Section) -> list[tuple[str, int]]:
    """The sentences of a section's prose, each with the page it starts on; a table's row of one
    cell that holds sentences is prose the table lays out (a summary under the grades)."""
    out = []
    for block in section.blocks:
        if block.kind == "body":
            pieces = [(block.text, 0, split_sentences(block.text))]
        elif block.kind == "table":
            pieces = [(row[0], block.text.find(row[0]), split_sentences(row[0])) for row in block.rows if len(row) == 1]
        else:
            continue
        for text, at, spans in pieces:
            if block.kind == "body" or len(spans) > 1:
                out += [(text[start:end], block.page_at(at + start)) for start, end in spans]
    return out


def join_block(kind: str, lines: list[Line], joiner: str = "") -> Block:
    text, starts = _join(lines, joiner)
    tag = lines[0].tag if lines else None
    cell = (tag.table, tag.row, tag.col) if tag is not None and tag.table >= 0 else None
    return Block(kind=kind, text=text, starts=starts, cell=cell)


def _join(lines: list[Line], joiner: str = "") -> tuple[str, list[tuple[int, int]]]:
    """Join lines into running text: a space between lines, none after a line-end hyphen."""
    text = ""
    starts: list[tuple[int, int]] = []
    for line in lines:
        piece = PRIVATE_USE.sub("", line.text).strip()
        if not piece:
            continue  # a symbol-font bullet on a line of its own
        if text:
            sep = joiner or ("" if text.endswith("-") and not text.endswith(" -") else " ")
            text += sep
        if not starts or starts[-1][1] != line.page:
            starts.append((len(text), line.page))
        text += piece
    return text, starts or [(0, lines[0].page if lines else 1)]


def _in_list(line: Line) -> bool:
    return line.tag is not None and line.tag.role in ("LBody", "LI")


def _table(lines: list[Line]) -> Block:
    rows = [[" ".join(ln.text.strip() for ln in cell) for cell in row] for row in table_rows(lines)]
    starts: list[tuple[int, int]] = []
    body = ""
    for row, cells in zip(table_rows(lines), rows):
        if body:
            body += "\n"
        if not starts or starts[-1][1] != row[0][0].page:
            starts.append((len(body), row[0][0].page))
        body += " ".join(cells)
    return Block(kind="table", text=body, starts=starts, rows=rows)


def _items(blocks: list[Block], section: Section) -> list[Block]:
    """Under a heading that names a kind of finding, gather the items it lists into one block of
    that kind: one item per list item, per table cell (a lead-in with sub-bullets is one item) or
    per table row (its longest cell: the action, not who must take it)."""
    out: list[Block] = []
    items: list[Block] = []
    for block in blocks:
        if block.kind == "table":
            rows = block.rows[1:] if block.rows and all(len(c.split()) <= HEADER_WORDS for c in block.rows[0]) else block.rows
            items += [_part(block, max(row, key=lambda c: len(c.split()))) for row in rows if row]
        elif block.kind == "body" and (block.listed or block.cell is not None):
            if items and block.cell is not None and block.cell == items[-1].cell:
                items[-1] = _merge(items[-1], block)
            else:
                items.append(block)
        else:
            out.extend(_gathered(items, section))
            items = []
            out.append(block)
    return out + _gathered(items, section)


def _part(block: Block, text: str) -> Block:
    at = max(0, block.text.find(text))
    return Block(kind="body", text=text, starts=[(0, block.page_at(at))])


def _merge(first: Block, second: Block) -> Block:
    text = first.text + "\n" + second.text
    starts = first.starts + [(len(first.text) + 1 + o, p) for o, p in second.starts]
    return Block(kind="body", text=text, starts=starts, cell=first.cell)


def _gathered(items: list[Block], section: Section) -> list[Block]:
    if not items:
        return []
    text, starts = "", []
    for item in items:
        if text:
            text += "\n"
        starts += [(len(text) + o, p) for o, p in item.starts]
        text += BULLET.sub("", item.text, count=1)
    return [Block(kind=section.kind, text=text, starts=starts,
                  items=[BULLET.sub("", i.text, count=1).replace("\n", " ") for i in items])]


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
    """Say whether a new paragraph starts at line: the structure tree says so where it exists,
    else spacing and punctuation."""
    if prev.tag is not None and line.tag is not None:
        return prev.tag.block != line.tag.block
    if prev.page != line.page:
        return prev.text.rstrip()[-1:] in ".?!:;" and _indent(line, layout) <= 3
    gap = prev.y - line.y
    return gap > 1.35 * layout.line_gap or gap < 0 or abs(line.x - prev.x) > 3


def _runs_on(prev: Line, line: Line) -> bool:
    """Say whether a line on a new page goes on with the sentence the page before left open: some
    tagged PDFs start a new paragraph element at every page, mid-sentence ("... This | trend is")."""
    return prev.page != line.page and prev.text.rstrip()[-1:] not in ".?!:;" and line.text.lstrip()[:1].islower()


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
        if prev.tag is not None and line.tag is not None:
            if prev.tag.block != line.tag.block and not _runs_on(prev, line):
                break
        elif bullet_item and _indent(line, layout) <= 3 and prev.page == line.page:
            break
        elif not bullet_item and _breaks(prev, line, layout):
            break
        j += 1
    return j
