"""Find the lines of a page that are table cells, and read a table's rows whole.

In a tagged PDF the structure tree says which cell a line is in (a cell that wraps onto three
lines is still one cell). Otherwise cells are told by geometry: several short lines sharing a
baseline, with wrapped cell lines aligned under their columns. A table whose rows hold one cell
each is page layout, not a table; a row that is a heading in one cell and a grade in the other
is a graded heading.
"""

from __future__ import annotations

from collections import defaultdict

from .layout import Layout, is_bullet_glyph
from .model import Line
from .profiles import Profile

MIN_DATA_ROWS = 2  # rows of two or more cells that make a table of data
HEADING_ROW_WORDS = 12


def table_cells(stream: list[Line], layout: Layout, profile: Profile, tagged: bool) -> set[int]:
    """The positions in stream of lines that are cells of data tables."""
    return _tagged_cells(stream, layout, profile) if tagged else _geometric_cells(stream)


def table_rows(lines: list[Line]) -> list[list[list[Line]]]:
    """Group a table's lines into rows of cells, in reading order."""
    if lines and lines[0].tag is not None:
        rows: dict[tuple[int, int], dict[int, list[Line]]] = {}
        for line in lines:
            rows.setdefault((line.tag.table, line.tag.row), {}).setdefault(line.tag.col, []).append(line)
        return [[cells[c] for c in sorted(cells)] for cells in rows.values()]
    first = min(line.x for line in lines)
    out: list[list[list[Line]]] = []
    for line in lines:
        # A row starts at the first column; further lines of it are its other cells.
        if out and out[-1][0][0].page == line.page and line.x - first > 2:
            out[-1].append([line])
        else:
            out.append([[line]])
    return out


def _tagged_cells(stream: list[Line], layout: Layout, profile: Profile) -> set[int]:
    tables: dict[int, dict[int, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for i, line in enumerate(stream):
        if line.tag is not None and line.tag.table >= 0 and line.tag.row >= 0:
            tables[line.tag.table][line.tag.row][line.tag.col].append(i)
    cells: set[int] = set()
    for rows in tables.values():
        data = [row for row in rows.values() if len(row) >= 2 and not _graded_heading(row, stream, layout, profile)]
        if len(data) >= MIN_DATA_ROWS:
            cells.update(i for row in rows.values() if not _heading_row(row, stream, layout)
                         for members in row.values() for i in members)
    return cells


def _heading_row(row: dict[int, list[int]], stream: list[Line], layout: Layout) -> bool:
    """A row of one short cell set apart by size or weight: a heading printed inside the table
    that lays out the page, not a row of data."""
    if len(row) != 1:
        return False
    lines = [stream[i] for members in row.values() for i in members]
    styled = all(ln.bold or ln.size >= layout.body_size + 0.9 for ln in lines)
    return styled and sum(len(ln.text.split()) for ln in lines) <= HEADING_ROW_WORDS


def _graded_heading(row: dict[int, list[int]], stream: list[Line], layout: Layout, profile: Profile) -> bool:
    """A row of two cells: a heading, and the grade it was given (an inspection report's graded
    question printed as a table so the grade sits on the right)."""
    if len(row) != 2:
        return False
    head, grade = (row[c] for c in sorted(row))
    styled = all(stream[i].bold or stream[i].size >= layout.body_size + 0.9 for i in head)
    return styled and profile.grade_of(" ".join(stream[i].text for i in grade)) is not None


def _geometric_cells(stream: list[Line]) -> set[int]:
    """Rows of several cells sharing a baseline, near each other, plus wrapped cell lines (a
    two-line header) aligned with the table's columns."""
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
