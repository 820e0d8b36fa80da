"""Describe a report: stable id, title, force and inspection year, from metadata or its first pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .pdf import Document

FORCE_SUFFIX = r"(?:Police Service|Police Force|Constabulary|Police)"
FORCE = re.compile(
    r"\b((?:[A-Z][\w'’&-]*|and|of|the)(?:\s+(?:[A-Z][\w'’&-]*|and|of|the))*?\s+" + FORCE_SUFFIX + r")\b")
INSPECTION_OF = re.compile(r"inspection of\s+(?:the\s+)?(.+?" + FORCE_SUFFIX + r")\b", re.I)
YEAR = re.compile(r"\b(20\d\d)\s*(?:/|–|-)\s*(\d\d)\b|\b(20\d\d)\b")
# Words that may open a title-case run yet are never part of a force's name.
NOT_FORCE_WORDS = {"The", "An", "A", "Of", "And", "PEEL", "HMICFRS", "Inspection", "Her", "His", "Majesty’s",
                   "Majesty's", "Inspectorate", "Constabulary", "Fire", "Rescue", "Services", "Police"}


@dataclass
class Report:
    id: str
    title: str
    force: str | None
    year: str | None
    pages: int
    sha256: str
    source: str  # the path the file was ingested from
    filename: str

    def public(self) -> dict:
        """The contract's report object."""
        return {"id": self.id, "title": self.title, "force": self.force, "year": self.year,
                "pages": self.pages}


def report_id(sha256: str) -> str:
    """Derive the stable report id from the file's content hash."""
    return sha256[:16]


def describe(doc: Document) -> Report:
    """Read title, force and year from the PDF's metadata, else from its cover page."""
    cover = _cover_title(doc)
    title = doc.meta.get("title") or cover or doc.path.stem
    texts = [title, doc.meta.get("subject", ""), doc.meta.get("keywords", ""), cover,
             " ".join(ln.text for page in doc.pages[:2] for ln in page.lines)]
    return Report(id=report_id(doc.sha256), title=title, force=_force(texts), year=_year(texts),
                  pages=doc.page_count, sha256=doc.sha256, source=str(doc.path), filename=doc.path.name)


def _cover_title(doc: Document) -> str:
    """Join the largest lines of the first page, plus the 'An inspection of ...' line under them."""
    lines = doc.pages[0].lines if doc.pages else []
    if not lines:
        return ""
    biggest = max(ln.size for ln in lines)
    title = " ".join(ln.text for ln in lines if ln.size >= biggest - 0.5)
    subtitle = next((ln.text for ln in lines if INSPECTION_OF.search(ln.text) and ln.text not in title), "")
    return f"{title} – {subtitle}" if subtitle else title


def _force(texts: list[str]) -> str | None:
    for text in texts:
        match = INSPECTION_OF.search(text or "")
        if match:
            return _clean_force(match.group(1))
    for text in texts:
        for match in FORCE.finditer(text or ""):
            name = _clean_force(match.group(1))
            if name:
                return name
    return None


def _clean_force(name: str) -> str | None:
    words = re.sub(r"\s+", " ", name).strip().split(" ")
    while words and words[0] in NOT_FORCE_WORDS | {"the", "and", "of"}:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else None


def _year(texts: list[str]) -> str | None:
    for text in texts:
        for match in YEAR.finditer(text or ""):
            if match.group(1):
                return f"{match.group(1)}/{match.group(2)}"
    for text in texts:
        match = YEAR.search(text or "")
        if match:
            return match.group(3)
    return None
