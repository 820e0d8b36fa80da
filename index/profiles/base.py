"""The Profile interface: what every report family's rules say, with the defaults a family
with no special rule needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Report

# An inspection year as reports and users write it: "2017", "2018/19", "2018 / 19".
YEAR = re.compile(r"\b(20\d\d)(?:\s*/\s*(\d\d))?\b")


@dataclass(frozen=True)
class Label:
    """How a family names one kind of finding, in its reports and in users' questions."""

    kind: str
    singular: str
    plural: str


class Profile:
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

    def score(self, doc: Document) -> float:
        """How sure this profile is that it can read doc, from 0 to 1."""
        return 0.0

    def describe(self, doc: Document, sha256: str, source: str) -> Report:
        """Read the report's title, inspected body and inspection year."""
        raise NotImplementedError

    def box_kind(self, text: str) -> str | None:
        """Name the kind of report box a line heads, if it heads one."""
        for pattern, kind in self.boxes:
            if pattern.match(text.strip()):
                return kind
        return None

    def grade_of(self, text: str) -> str | None:
        """Return the canonical grade when a line is exactly a grade label."""
        return self.grades.get(re.sub(r"\s+", " ", text.strip().lower()))

    def organisation_key(self, name: str) -> str:
        """Normalise an organisation's name for matching."""
        return name.strip().lower()

    def organisations_named(self, text: str, known: list[str]) -> set[str]:
        """Return the keys of the organisations a text names."""
        lowered = text.lower()
        return {self.organisation_key(k) for k in known
                if k and re.search(rf"\b{re.escape(self.organisation_key(k))}\b", lowered)}

    def names_pattern(self, name: str) -> str:
        """A regex for an organisation's name as a question may write it ("Wirral's")."""
        return rf"\b{re.escape(name)}(['’]s)?\b"

    def kind_names(self, kind: str) -> tuple[str, str]:
        """The singular and plural names of a finding kind."""
        label = next((lb for lb in self.labels if lb.kind == kind), None)
        return (label.singular, label.plural) if label else (kind.replace("_", " "), kind.replace("_", " ") + "s")
