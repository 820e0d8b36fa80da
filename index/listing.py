"""Answer enumerating questions ("which areas for improvement were carried from 2017?") from the
findings table, exhaustively, instead of from the top-k passages.

A question is a listing when it asks for findings of a kind (areas for improvement, causes of
concern, recommendations, grades) with an enumerating cue (which, list, what are, how many...).
Its years, forces and grades become filters on the findings; the answer lists every match, each
cited to the passage and page that state it, and says how many reports were searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .findings import similar
from .findings_query import FindingQuery, query_findings
from .forces import forces_named
from .query import Filters, force_key
from .sections import GRADES
from .store import Store

KINDS = [
    (re.compile(r"\bareas? for improvement\b|\bAFIs?\b", re.I), "area_for_improvement"),
    (re.compile(r"\bcauses? of concern\b", re.I), "cause_of_concern"),
    (re.compile(r"\brecommendations?\b", re.I), "recommendation"),
    (re.compile(r"\b(grades?|graded|rated|ratings?|judg(e)?ments?|judged)\b", re.I), "judgment"),
]
ENUMERATE = re.compile(r"^\s*(which|list|what|name|show|give|how many|are there|were there|did)\b|"
                       r"\b(all|every|each|any)\b", re.I)
CARRIED = re.compile(r"\b(carried|carry|carries|brought|rolled)\s+(over|forward|from|into|on)\b|"
                     r"\bfrom (the )?(20\d\d|previous|earlier|last)\b|\b(previous|earlier|last|prior) (inspection|report)|"
                     r"\b(still|again|repeated)\b", re.I)
PLURAL = re.compile(r"\b(areas for improvement|AFIs|causes of concern|recommendations|grades|judgments|ratings)\b", re.I)
NOT_A_LIST = re.compile(r"^\s*(why|how(?! many))\b", re.I)
YEAR = re.compile(r"\b(20\d\d)(?:\s*/\s*(\d\d))?\b")
OPEN = {"not fully addressed", "no progress", "little progress", "limited progress", "partly addressed"}


@dataclass
class Listing:
    kind: str
    carried_from: str | None = None
    years: list[str] = field(default_factory=list)
    forces: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    topic: str | None = None  # for judgments: the question area asked about


@dataclass
class Item:
    text: str
    finding: dict
    quotes: list[tuple[str, int, str | None]]  # (quote, page, passage id)


def parse_listing(question: str, store: Store) -> Listing | None:
    """Read a question as a request for a list of findings, or return None when it is not one."""
    kind = next((k for pattern, k in KINDS if pattern.search(question)), None)
    plural_ask = PLURAL.search(question) and not NOT_A_LIST.search(question)
    if kind is None or not (ENUMERATE.search(question) or plural_ask):
        return None
    listing = Listing(kind=kind)
    years = [m.group(0).replace(" ", "") for m in YEAR.finditer(question)]
    if CARRIED.search(question):
        listing.carried_from = years[0][:4] if years else ""
        years = years[1:]
    indexed = store.years
    listing.years = [y for y in years if y in indexed] or [y2 for y in years for y2 in indexed if y2.startswith(y)]
    listing.forces = sorted(forces_named(question, store.forces) & {force_key(k) for k in store.forces})
    if kind == "judgment":
        lowered = question.lower()
        listing.grades = [g for key, g in GRADES.items() if re.search(rf"\b{key}\b", lowered) and key != "good"
                          or key == "good" and re.search(r"\bgraded good\b|\bas good\b|\brated good\b", lowered)]
        listing.topic = _topic(question)
    return listing


def _topic(question: str) -> str | None:
    match = re.search(r"\b(?:for|on|in|at)\s+([a-z][a-z ,'-]+?)(?:\?|$| in 20| since| and )", question, re.I)
    return match.group(1).strip() if match else None


def list_findings(store: Store, listing: Listing, filters: Filters) -> list[Item]:
    """Every finding matching the listing and the request's filters, merged where one item is
    stated twice (a box and the prose that revisits it)."""
    query = FindingQuery(kind=[listing.kind] if listing.kind != "area_for_improvement" else
                         ["area_for_improvement", "recommendation"] if listing.carried_from is not None else
                         ["area_for_improvement"],
                         year=listing.years or filters.values.get("year", []),
                         force=listing.forces or filters.values.get("force", []),
                         report_id=filters.values.get("report_id", []), grade=listing.grades)
    if listing.carried_from is not None and listing.carried_from:
        query.carried_from = [listing.carried_from]
    if listing.carried_from is None and listing.kind != "judgment":
        query.source = ["box"]  # this report's own findings, not the earlier ones it revisits
    rows = query_findings(store, query)
    if listing.carried_from == "":
        rows = [r for r in rows if r["carried_from"]]
    if listing.kind == "judgment" and listing.topic:
        rows = [r for r in rows if similar(r["text"], listing.topic) >= 0.5] or rows
    return _merge(rows)


def _merge(rows: list[dict]) -> list[Item]:
    items: list[Item] = []
    for row in rows:
        quote = (row["text"], row["page"], row["passage_id"])
        evidence = (row["evidence"], row["page"], row["passage_id"]) if row["evidence"] else None
        twin = next((i for i in items if i.finding["report"]["id"] == row["report"]["id"]
                     and row["kind"] != "judgment" and similar(i.text, row["text"]) >= 0.5), None)
        mentions = [(m["quote"], m["page"], m["chunk_id"]) for m in row.get("mentions", [])]
        quotes = [q for q in (quote, evidence, *mentions) if q]
        if twin is None:
            items.append(Item(text=row["text"], finding=row, quotes=quotes))
        else:
            twin.quotes.extend(q for q in quotes if q[0] not in [t[0] for t in twin.quotes])
            if row["progress"] in OPEN:
                twin.finding = {**twin.finding, "progress": row["progress"]}
    # Open items first: a list of what was carried forward should lead with what is still open.
    items.sort(key=lambda i: (i.finding["progress"] not in OPEN if i.finding["carried_from"] else False))
    return items
