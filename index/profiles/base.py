"""The Profile interface: what every report family's rules say, with the defaults a family
with no special rule needs."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..model import Document, Report

# An inspection year as reports and users write it: "2017", "2018/19", "2018 / 19".
YEAR = re.compile(r"\b(20\d\d)(?:\s*/\s*(\d\d))?\b")
PROGRESS = [  # the verdict phrase that comes first wins; on a tie, the earlier pattern here
    (re.compile(r"not (yet )?fully addressed|not addressed", re.I), "not fully addressed"),
    (re.compile(r"\bno (significant |real )?progress|not made (any )?progress", re.I), "no progress"),
    (re.compile(r"\b(little|even less) progress", re.I), "little progress"),
    (re.compile(r"\b(limited|slow|some) progress", re.I), "limited progress"),
    (re.compile(r"\b(complied with (most|some)|partly|partially)\b", re.I), "partly addressed"),
    (re.compile(r"\b(fully implemented|fully addressed|resolved|complied with)\b", re.I), "addressed"),
    (re.compile(r"\b(good|clear|strong|significant|considerable|substantial) progress", re.I), "good progress"),
    (re.compile(r"\b(has|have|had) (been )?improved|\bimproved\b", re.I), "improved"),
]
OPEN_VERDICTS = {"not fully addressed", "no progress", "little progress", "limited progress", "partly addressed"}


@dataclass(frozen=True)
class Label:
    """How a family names one kind of finding, in its reports and in users' questions."""

    kind: str
    singular: str
    plural: str


class Profile(ABC):
    """The rules of one report family. Subclasses set the class attributes and may override
    the methods; the defaults are what a family with no special rule needs."""

    name: str = ""
    grades: dict[str, str] = {}  # grade label as printed (lower case) -> canonical grade
    boxes: list[tuple[re.Pattern, str]] = []  # a box's heading line -> the kind of its items
    labels: list[Label] = []
    # Question words: which passage kinds they ask about, which finding kind a listing wants.
    intent_kinds: list[tuple[re.Pattern, tuple[str, ...]]] = []
    listing_kinds: list[tuple[re.Pattern, str]] = []
    plural_kinds: re.Pattern = re.compile(r"(?!)")
    glossary: dict[str, list[str]] = {}  # shorthand users type -> the words reports spell out
    # The names of its inspection programmes, which name the event a question asks of, not an area graded.
    programmes: re.Pattern = re.compile(r"(?!)")
    # Headings the family always prints, however they are set (some in body type).
    fixed_headings: list[re.Pattern] = []
    # Headings over a list of findings: (pattern, kind); the list's items are findings of that kind.
    item_sections: list[tuple[re.Pattern, str]] = []
    # A report's verdict on an item an earlier inspection raised, and the verdicts that leave it open.
    progress: list[tuple[re.Pattern, str]] = PROGRESS
    open_verdicts: set[str] = OPEN_VERDICTS
    # A row of its summary grade table (area, grade, year last inspected), when it prints one.
    table_row: re.Pattern | None = None
    # How its prose names an earlier inspection's items one by one (with refers_back, said_should,
    # should, identified_as: see peel.py), or only says what became of them (revisits).
    earlier_item: re.Pattern | None = None
    revisits: re.Pattern | None = None

    def score(self, doc: Document) -> float:
        """How sure this profile is that it can read doc, from 0 to 1."""
        return 0.0

    @abstractmethod
    def describe(self, doc: Document, sha256: str, source: str) -> Report:
        """Read the report's title, inspected body and inspection year."""

    def box_kind(self, text: str) -> str | None:
        """Name the kind of report box a line heads, if it heads one."""
        for pattern, kind in self.boxes:
            if pattern.match(text.strip()):
                return kind
        return None

    def item_heading(self, title: str) -> str | None:
        """The kind of finding a heading's list items are, when the heading names one."""
        return next((kind for pattern, kind in self.item_sections if pattern.search(title.strip())), None)

    def is_fixed_heading(self, text: str) -> bool:
        return any(p.match(text.strip()) for p in self.fixed_headings)

    def grade_of(self, text: str) -> str | None:
        """Return the canonical grade when a line is exactly a grade label."""
        return self.grades.get(re.sub(r"\s+", " ", text.strip().lower()))

    def statement(self, section_title: str, sentences: list[str]) -> tuple[str, str] | None:
        """A judgment given as a statement rather than on a grade scale: (area, outcome), read from
        a section's title and its first sentences."""
        return None

    def previous(self, sentences: list[str]) -> str | None:
        """The earlier inspection a report's prose refers back to, as it says (None: not told)."""
        return None

    def judgment_label(self, area: str) -> str | None:
        """The framework's own name for a judgment printed in other words, if it has one."""
        return None

    def judgment_year(self, texts: list[str]) -> str | None:
        """The year a judgment carried over from an earlier inspection was made, if stated."""
        return None

    def is_pillar_question(self, title: str) -> bool:
        """Say whether a graded heading is the question its summary table's group row grades."""
        return False

    def organisation_key(self, name: str) -> str:
        """Normalise an organisation's name for matching."""
        return name.strip().lower()

    def organisations_named(self, text: str, known: list[str]) -> set[str]:
        """Return the keys of the organisations a text names."""
        lowered = text.lower()
        return {self.organisation_key(k) for k in known
                if k and re.search(rf"\b{re.escape(self.organisation_key(k))}\b", lowered)}

    def names_pattern(self, name: str) -> str:
        """A regex for an organisation's name as a question may write it ("Kent's")."""
        return rf"\b{re.escape(name)}(['’]s)?\b"

    def kind_names(self, kind: str) -> tuple[str, str]:
        """The singular and plural names of a finding kind."""
        label = next((lb for lb in self.labels if lb.kind == kind), None)
        return (label.singular, label.plural) if label else (kind.replace("_", " "), kind.replace("_", " ") + "s")
