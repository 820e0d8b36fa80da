"""Document model shared by the sample-corpus and test-fixture generators.

The generators first build a :class:`Report` (a tree of :class:`Section` objects holding
paragraphs, bullet lists, boxes and tables, all as plain text) and only then hand it to
``peel_layout.render``. Keeping the content separate from the layout is what lets the
same fictional report be set in three different house styles, and lets the ground truth
be recorded from what ReportLab actually placed on each page rather than from the model.

Finding records (``Para.findings``, ``Box.carried`` …) are *templates*: the layout layer
fills in ``page`` and ``section_path`` when the flowable carrying them is drawn on the
final layout pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# Normalised vocabulary for how much progress a later report says the force made on an
# item raised earlier. Every prose phrasing the corpus uses maps onto exactly one of these.
#   improved            - the report says the matter has improved / been addressed
#   good progress       - "made good progress" / "made clear progress"
#   limited progress    - "made limited progress" / "only limited progress"
#   not fully addressed - started but "not fully addressed" / "not yet fully addressed"
#   little progress     - "made little progress" / "little evidence of progress"
PROGRESS_VOCABULARY: tuple[str, ...] = (
    "improved",
    "good progress",
    "limited progress",
    "not fully addressed",
    "little progress",
)
# Items with these verdicts are treated as resolved and are not boxed again later.
RESOLVED_PROGRESS: frozenset[str] = frozenset({"improved", "good progress"})

GRADES: tuple[str, ...] = ("Outstanding", "Good", "Requires improvement", "Inadequate")

AFI = "area_for_improvement"
COC = "cause_of_concern"
REC = "recommendation"
JUDGMENT = "judgment"


@dataclass
class Para:
    """A body paragraph.

    ``keep_whole`` stops ReportLab from splitting the paragraph across pages; it is set
    on every paragraph whose page is recorded in a finding, so that "the page of the
    sentence" is unambiguous.
    """

    text: str
    keep_whole: bool = False
    findings: list[dict[str, Any]] = field(default_factory=list)
    style: str = "body"  # "body", "signature", "note"


@dataclass
class Bullets:
    items: list[str]
    numbered: bool = False


@dataclass
class Carry:
    """Link from a later-report item back to the earlier report that raised it."""

    carried_from: str  # e.g. "2017"
    progress: str  # one of PROGRESS_VOCABULARY
    evidence: str  # exact sentence in the later report stating the earlier inspection
    document: str  # earlier PDF file name
    earlier_text: str  # the earlier report's finding text, verbatim


@dataclass
class Box:
    """An "Area(s) for improvement" or "Cause of concern" box.

    For a cause of concern, ``items`` are the recommendation bullets and ``concern`` is
    the paragraph stating the concern. ``carried`` maps an item index (or -1 for the
    concern itself) to the earlier-report link, when the report says it was raised before.
    """

    kind: str
    items: list[str]
    concern: str | None = None
    carried: dict[int, Carry] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        if self.kind == COC:
            return "Cause of concern"
        return "Area for improvement" if len(self.items) == 1 else "Areas for improvement"


@dataclass
class TableBlock:
    name: str
    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # fractions of the frame width
    summary: bool = False  # a grade summary table (first column header is the pillar)
    findings: list[dict[str, Any]] = field(default_factory=list)


Block = Union[Para, Bullets, Box, TableBlock]


@dataclass
class Section:
    level: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    grade: str | None = None  # printed under the heading; also stored on the section
    judgment: dict[str, Any] | None = None  # finding emitted on the grade label's page
    new_page: bool = False
    divider: bool = False  # pillar divider page: the heading alone on its page


@dataclass
class Report:
    stem: str  # file name without ".pdf"
    force: str
    year: str
    style: str  # house style key in peel_layout.HOUSE_STYLES
    bookmarks: bool
    sections: list[Section]
    publication_date: str = "D:20190301090000+00'00'"
    notes: list[str] = field(default_factory=list)
    creator: str = "scripts/make_sample_corpus.py (fictional sample report)"
    same_layout_as: str | None = None  # twin file with identical pages (fixtures only)

    @property
    def title(self) -> str:
        return f"PEEL: Police effectiveness, efficiency and legitimacy {self.year}"

    @property
    def filename(self) -> str:
        return f"{self.stem}.pdf"


def judgment_finding(text: str, grade: str, last_inspected: str,
                     section_path: list[str] | None = None,
                     source: str = "grade_label") -> dict[str, Any]:
    """A judgment finding; ``page`` (and usually ``section_path``) are filled at layout.

    ``source`` is "grade_label" (page of the grade printed under the question heading) or
    "summary_table" (questions with no grade label in the body, i.e. armed policing).
    """
    return {
        "kind": JUDGMENT,
        "text": text,
        "grade": grade,
        "last_inspected": last_inspected,
        "page": None,
        "section_path": section_path,
        "source": source,
    }


def carried_prose_finding(kind: str, text: str, carry: Carry) -> dict[str, Any]:
    """Finding for an earlier item that the later report revisits in prose."""
    return {
        "kind": kind,
        "text": text,
        "page": None,
        "section_path": None,
        "carried_from": carry.carried_from,
        "progress": carry.progress,
        "evidence": carry.evidence,
        "links_to": {"document": carry.document, "text": carry.earlier_text},
        "source": "prose",
    }
