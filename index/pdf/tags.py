"""A tagged PDF's logical structure: which structure element each piece of marked content belongs to.

Word, InDesign and Chromium write a structure tree (/StructTreeRoot) that says what each run of
text is: a heading (H1-H6), a paragraph, a list item, a table cell in a given row and column.
Page furniture is marked in the content itself as /Artifact. Both survive when typography does
not tell a heading from emphasis, or a wrapped table cell from two paragraphs.
"""

from __future__ import annotations

from typing import Any

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

from ..model import Tag

# Roles that sit inside a block or only group (NonStruct); a run belongs to its nearest ancestor
# of another role.
INLINE = {"Span", "Link", "Annot", "Reference", "Quote", "Code", "Ruby", "RB", "RT", "RP", "Warichu",
          "WT", "WP", "BibEntry", "Em", "Strong", "Sub", "Formula", "Form", "Lbl", "NonStruct", "Private"}
STANDARD = {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
            "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
            "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Note", "Figure", "Artifact",
            "Title", "Aside"} | INLINE
MAX_ELEMENTS = 200_000  # a hostile tree is cut here; what was read still helps


def read_structure(reader: pypdf.PdfReader) -> dict[tuple[int, int], Tag]:
    """Map (0-based page, MCID) to its Tag; empty when the PDF has no usable structure tree."""
    try:
        root = _obj(reader.trailer["/Root"])
        tree = _obj(root.get("/StructTreeRoot")) if isinstance(root, DictionaryObject) else None
        if not isinstance(tree, DictionaryObject) or "/K" not in tree:
            return {}
        return _Walk(reader, tree).tags
    except (pypdf.errors.PyPdfError, KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return {}


def _obj(x: Any) -> Any:
    return x.get_object() if isinstance(x, IndirectObject) else x


def _name(x: Any) -> str:
    x = _obj(x)
    return x[1:] if isinstance(x, str) and x.startswith("/") else ""


class _Walk:
    """One iterative pre-order walk of the tree (cycle-safe, size-capped)."""

    def __init__(self, reader: pypdf.PdfReader, tree: DictionaryObject) -> None:
        self.pages = {(p.indirect_reference.idnum, p.indirect_reference.generation): i
                      for i, p in enumerate(reader.pages) if p.indirect_reference is not None}
        rolemap = _obj(tree.get("/RoleMap"))
        self.rolemap = {_name(k): _name(v) for k, v in rolemap.items()} if isinstance(rolemap, DictionaryObject) else {}
        self.tags: dict[tuple[int, int], Tag] = {}
        self._run(tree)

    def _role(self, raw: str) -> str:
        seen: set[str] = set()
        while raw not in STANDARD and raw in self.rolemap and raw not in seen:
            seen.add(raw)
            raw = self.rolemap[raw]
        return "H1" if raw == "Title" else raw

    def _page(self, ref: Any) -> int | None:
        return self.pages.get((ref.idnum, ref.generation)) if isinstance(ref, IndirectObject) else None

    def _run(self, tree: DictionaryObject) -> None:
        seen: set[int] = set()
        count = 0
        rows: dict[int, int] = {}  # table -> rows so far
        cells: dict[int, int] = {}  # row element -> cells so far
        # (node, page, block, role, table, row element, row, col)
        stack: list[tuple] = [(k, None, -1, "", -1, -1, -1, -1) for k in reversed(_kids(tree))]
        while stack and count < MAX_ELEMENTS:
            node, page, block, role, table, tr, row, col = stack.pop()
            if isinstance(node, IndirectObject):
                if node.idnum in seen:
                    continue
                seen.add(node.idnum)
            item = _obj(node)
            if isinstance(item, (int, NumberObject)) and not isinstance(item, bool):
                if page is not None:
                    self.tags[(page, int(item))] = Tag(role, block, table, row, col)
                continue
            if not isinstance(item, DictionaryObject):
                continue
            page = self._page(item.get("/Pg")) if "/Pg" in item else page
            if "/MCID" in item and "/S" not in item:  # a marked-content reference
                mcid = _obj(item.get("/MCID"))
                if page is not None and isinstance(mcid, (int, NumberObject)) and "/Stm" not in item:
                    self.tags[(page, int(mcid))] = Tag(role, block, table, row, col)
                continue
            if "/S" not in item:
                continue
            count += 1
            kind = self._role(_name(item.get("/S")))
            if kind not in INLINE:
                block, role = count, kind
            if kind == "Table":
                table, rows[count] = count, 0
            elif kind == "TR" and table in rows:
                tr, row, col, cells[count] = count, rows[table], -1, 0
                rows[table] += 1
            elif kind in ("TD", "TH") and tr in cells:
                col = cells[tr]
                cells[tr] += 1
            stack.extend((k, page, block, role, table, tr, row, col) for k in reversed(_kids(item)))


def _kids(node: DictionaryObject) -> list:
    kids = node.get("/K")
    resolved = _obj(kids)
    if isinstance(resolved, ArrayObject):
        return list(resolved)
    return [] if kids is None else [kids]
