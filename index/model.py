"""The records passed between the stages: pdf → sections → chunks → vectors → store → search → answer.

Plain dataclasses and nothing else; each stage's module owns the code that makes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# Kinds of passage (the contract's `kind`); the four after body and table are also kinds of finding.
KINDS = ("body", "judgment", "table", "area_for_improvement", "cause_of_concern", "recommendation")
FINDING_KINDS = ("judgment", "area_for_improvement", "cause_of_concern", "recommendation")
ITEM_KINDS = FINDING_KINDS[1:]  # findings that are items to act on, not grades
FILTER_KEYS = ("report_id", "force", "organisation", "year", "kind", "section")
REPORT_KEYS = frozenset({"report_id", "force", "organisation", "year"})  # filters on the report, not its chunks
PATH_SEPARATOR = " › "


# --- pdf --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tag:
    """In a tagged PDF, what a line is part of (index/pdf/tags.py reads it)."""

    role: str  # the standard role of its block: P, H2, LBody, TD, TH, TOCI ...
    block: int  # the block element's number: lines of one paragraph or cell share it
    table: int = -1  # the enclosing table's number, row and column (-1 outside tables)
    row: int = -1
    col: int = -1


@dataclass
class Line:
    """One line of text as pypdf extracts it, with where and how it is printed."""

    text: str
    page: int  # 1-based physical page
    x: float
    y: float  # baseline, from the bottom of the page
    size: float
    bold: bool
    tag: Tag | None = None  # its structure element, in a tagged PDF


@dataclass
class Page:
    number: int  # 1-based physical page
    height: float
    text: str  # pypdf's extract_text(), the text citations are checked against
    lines: list[Line] = field(default_factory=list)


@dataclass
class OutlineItem:
    title: str
    level: int  # 1 = top
    page: int  # 1-based physical page


@dataclass
class Document:
    path: Path
    pages: list[Page]
    outline: list[OutlineItem]
    meta: dict[str, str]
    tagged: bool = False  # it has a structure tree that reaches its text

    @property
    def page_count(self) -> int:
        return len(self.pages)


# --- sections ---------------------------------------------------------------------------------

@dataclass
class Block:
    """A run of report text of one kind, with the page each part of it is printed on."""

    kind: str  # body | heading | grade | table | area_for_improvement | cause_of_concern | recommendation
    text: str
    starts: list[tuple[int, int]]  # (offset in text, page) where text printed on that page begins
    items: list[str] = field(default_factory=list)  # a box's bullet items
    lead: str | None = None  # a box's text before its bullets (the concern a recommendation answers)
    rows: list[list[str]] = field(default_factory=list)  # a table's rows, each a list of whole cells
    listed: bool = False  # a list item (bulleted or numbered)
    cell: tuple[int, int, int] | None = None  # in a tagged PDF, the table cell it is printed in

    @property
    def page_start(self) -> int:
        return self.starts[0][1]

    @property
    def page_end(self) -> int:
        return self.starts[-1][1]

    def page_at(self, offset: int) -> int:
        """Give the page on which the character at this offset is printed."""
        page = self.starts[0][1]
        for start, number in self.starts:
            if start > offset:
                break
            page = number
        return page


@dataclass
class Section:
    title: str
    level: int
    path: list[str]
    page_start: int
    page_end: int
    grade: str | None = None
    blocks: list[Block] = field(default_factory=list)
    kind: str | None = None  # the kind of finding its list items are, when its heading names one
    label: str | None = None  # that heading's words for them ("What needs to improve")


@dataclass
class Report:
    id: str  # the first 16 hex digits of the file's SHA-256
    title: str
    force: str | None  # the police force, for police reports (the contract's field)
    year: str | None  # the inspection year as printed ("2018/19")
    pages: int
    sha256: str
    source: str  # where the file was ingested from (its resolved path, or upload:<name>)
    filename: str
    organisation: str | None = None  # the inspected body as the report names it
    organisation_type: str | None = None  # police force, local authority, local area partnership, ...
    inspectorate: str | None = None  # HMICFRS, Ofsted, Ofsted and CQC, ...
    family: str = ""  # the profile that read it (index/profiles/)
    inspected: str | None = None  # the inspection dates as printed ("9 to 13 December 2024")
    previous_inspection: str | None = None  # the earlier inspection the report refers back to, as it says
    fingerprint: str | None = None  # a hash of its text: one report from two files is one report
    # When it was published, as printed ("19 January 2018"), else the year of its copyright line:
    # often the year after the inspection, and the year its readers know it by.
    published: str | None = None


# --- chunks -----------------------------------------------------------------------------------

@dataclass
class Sentence:
    start: int  # offsets into the chunk's text
    end: int
    page: int  # the page the sentence starts on


@dataclass
class Chunk:
    id: str
    report_id: str
    seq: int
    kind: str  # one of KINDS
    section_path: list[str]
    text: str  # report text only; what passages show and quotes come from
    page_start: int
    page_end: int
    sentences: list[Sentence] = field(default_factory=list)
    context: str = ""  # the sentence before it, when it starts in the middle of a paragraph

    @property
    def embed_text(self) -> str:
        """The text the model sees: the section path carries meaning the prose leaves implicit,
        and a paragraph's earlier sentence what its "this" refers to."""
        return embed_prefix(self.section_path) + (self.context + " " if self.context else "") + self.text


def embed_prefix(path: list[str]) -> str:
    """Format a section path as the prefix put before chunk text when embedding."""
    return PATH_SEPARATOR.join(path) + "\n" if path else ""


# --- findings ---------------------------------------------------------------------------------

@dataclass
class Mention:
    page: int
    quote: str
    chunk_id: str | None = None


@dataclass
class Finding:
    id: str
    kind: str  # one of FINDING_KINDS
    text: str
    section_path: list[str]
    page: int
    source: str  # box | table | heading | text: where in the report it was found
    label: str | None = None  # what the report calls it ("What needs to improve", "Recommendation")
    grade: str | None = None
    last_inspected: str | None = None
    carried_from: str | None = None
    progress: str | None = None
    evidence: str | None = None  # the sentence that states an earlier inspection raised it
    chunk_id: str | None = None
    linked_to: str | None = None  # the matching finding in an earlier report of the same body
    mentions: list[Mention] = field(default_factory=list)
    report_id: str = ""
    chunk_page: int | None = None  # the first page of the chunk that holds it (read back only)


@dataclass
class FindingQuery:
    """Which findings to list: every list is 'any of'; empty lists do not filter, except
    report_id, where None does not filter and an empty list matches nothing."""

    report_id: list[str] | None = None
    kind: list[str] = field(default_factory=list)
    grade: list[str] = field(default_factory=list)
    carried_from: list[str] = field(default_factory=list)  # years; "" alone means any year
    q: str | None = None
    source: list[str] = field(default_factory=list)  # box | table | heading | text


@dataclass
class FindingPage:
    """One page of the findings a query matches, in the store's stable order."""

    findings: list[Finding]
    total: int  # how many match, on all pages
    next: str | None = None  # where the next page starts, opaque to callers; None on the last page


# --- ingest → store ---------------------------------------------------------------------------

@dataclass
class Bundle:
    """Everything ingest produced for one report, ready to be written."""

    report: Report
    pdf: Path  # the file to keep a copy of
    sections: list[Section]
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Vocabulary:
    """Words new to the index with their vectors, for expanding queries with related words."""

    words: list[str]
    vectors: np.ndarray


@dataclass
class FileResult:
    path: str
    status: str  # ok | skipped | failed
    reason: str | None = None
    report_id: str | None = None
    chunks: int = 0
    replaced: str | None = None  # id of the earlier version of this file, now removed

    def line(self) -> str:
        """Describe the outcome in one line, as the CLI prints it."""
        if self.status == "ok":
            extra = f", replaces {self.replaced}" if self.replaced else ""
            return f"ok       {self.path} ({self.chunks} chunks, id {self.report_id}{extra})"
        if self.status == "skipped":
            return f"skipped  {self.path} ({self.reason})"
        return f"failed   {self.path}: {self.reason}"


# --- question → search → answer ---------------------------------------------------------------

@dataclass
class Filters:
    """Metadata filters; each key holds the accepted values (any of them may match)."""

    values: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.values)

    def merged(self, other: Filters) -> Filters:
        """These filters plus other's keys that these do not set."""
        return Filters({**other.values, **self.values})

    def public(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.values.items()}

    @property
    def report_level(self) -> bool:
        """True when every filter set names reports (report_id, force, organisation, year), none chunks."""
        return set(self.values) <= REPORT_KEYS


@dataclass
class Listing:
    """A question that asks for every finding of a kind, answered from the findings table."""

    kind: str
    carried_from: str | None = None  # the earlier year items were raised in; "" for any year
    years: list[str] = field(default_factory=list)
    forces: list[str] = field(default_factory=list)  # organisation keys
    grades: list[str] = field(default_factory=list)
    topic: str | None = None  # the area (of judgments) or subject (of other items) asked about
    broad: bool = False  # asked in plain words ("told to improve"), not by a label: every kind of item to improve


@dataclass
class Part:
    """One thing a question asks for: "how many cases ... and what share ..." asks for two."""

    text: str  # the part's words, with the topic the whole question shares
    terms: list[str]  # its content words
    figure: bool  # asks for a number
    # What its own words ask for, when they say: "name" ("who was the lead inspector"), "date",
    # "number", or "claim" for what the question takes as given ("X has no looked-after children –
    # so ..."); a grade question's other parts are answered from the reports' sentences.
    asks: str | None = None
    focus: list[str] = field(default_factory=list)  # the thing its "what is the X" names, as Question.focus


@dataclass
class Question:
    """A question parsed once; every later stage reads it, none parses the text again."""

    text: str  # as asked
    search_text: str  # without the organisations and years it is scoped to (they are filters)
    terms: list[str]  # content words of search_text, in order
    all_terms: list[str]  # content words of the question as asked
    explicit: Filters  # the filters the caller sent
    filters: Filters  # explicit ones plus those the question implies
    named: set[str]  # keys of every organisation the question names (and names no report prints)
    intent: str  # listing | figure | reason | yesno | grade | plain
    kinds: tuple[str, ...]  # passage kinds its words ask about
    listing: Listing | None = None
    enumerates: bool = False  # asks for several things (which, list, all, each ...)
    figure: bool = False  # asks for a number (how many, what percentage ...)
    expects: str | None = None  # the kind of answer it wants, when its words say: "number", "date", "name", "body"
    ahead: bool = False  # asks when something is yet to happen ("when will they next inspect?")
    parts: list[Part] = field(default_factory=list)  # what it asks for, one part each; one part when it asks one thing
    focus: list[str] = field(default_factory=list)  # content words of the thing a "what is the X" question names
    areas: list[str] = field(default_factory=list)  # for a grade question, the areas it asks about ("armed policing")
    # Names it gives things it asks about, not organisations ("Local Safeguarding Children Board").
    titles: list[str] = field(default_factory=list)
    outcome: bool = False  # asks for an inspection's outcome: its overall judgment or outcome statement
    looks_back: bool = False  # asks about the inspection before the report's own
    grades: list[str] = field(default_factory=list)  # for a grade question, the grades it names ("inadequate")
    evaluates: bool = False  # asks how well something is done or how it was judged
    unindexed_years: list[str] = field(default_factory=list)  # years it is scoped to that no report is of
    # What a follow-up took from the questions before it: filter key or "area" -> values.
    assumed: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Hit:
    row: int
    id: str
    report_id: str
    kind: str
    section_path: list[str]
    text: str
    page_start: int
    page_end: int
    score: float = 0.0
    signals: dict[str, float] = field(default_factory=dict)


@dataclass
class Item:
    """One finding as a listing answer states it: its record and every quote that states it."""

    text: str
    finding: Finding
    quotes: list[tuple[str, int, str | None]]  # (quote, page, passage id)
    progress: str | None = None  # the report's verdict, the most open one where it gives two


@dataclass
class SearchResult:
    question: Question
    hits: list[Hit]
    vector: np.ndarray  # the question's embedding
    took_ms: float
    timings: dict[str, float] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)  # query word -> words searched for it
    items: list[Item] = field(default_factory=list)  # for a listing question, every finding it asks for
    reports_searched: int = 0  # reports the filters allowed
    # For a question looking back: each report's account of the inspection before it, and the passage that holds it.
    earlier: list[tuple[str, Hit]] = field(default_factory=list)


@dataclass
class Citation:
    n: int
    hit: Hit
    page: int  # where the quote starts
    quote: str
    page_end: int | None = None  # the last page the quote may run onto, when that is a later one


@dataclass
class Answer:
    question: str
    text: str | None
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    reason: str | None = None  # why the answer abstained, in words for the user
    mode: str = "extractive"  # extractive: sentences of top passages; findings: an exhaustive list
    completeness: str | None = None  # for findings answers, what was searched
    assumed: dict[str, list[str]] = field(default_factory=dict)  # what a follow-up took from earlier questions
