"""Read the scope a question names ("Northmoor's 2018/19 report") as filters.

Reports of one inspection programme share their wording, so a question about one force would
otherwise draw passages from every force. Only names of indexed forces and years of indexed
reports count, and filters the caller set explicitly always win.
"""

from __future__ import annotations

import re

from .forces import forces_named
from .query import Filters, force_key
from .store import Store

YEAR = re.compile(r"\b(20\d\d)(?:\s*/\s*(\d\d))?\b")
# Words that make a year the earlier inspection a question looks back to, not the report's own.
EARLIER = re.compile(r"\b(carried|carry|carries|brought|rolled)\s+(over|forward|from|into|on)\b|"
                     r"\b(since|from) (the |our |its )?20\d\d\b|\b(previous|earlier|prior)\b|"
                     r"\b20\d\d\b[^?.]*\b(fix|fixed|sort(ed)? out|resolve[d]?|address(ed)?|still|improve[d]?)\b", re.I)


def without_scope(question: str, scope: Filters) -> str:
    """Remove the names of the forces and years a question is scoped to: they are filters now,
    and left in they would match every passage of those reports alike."""
    text = question
    for force in scope.values.get("force", []):
        for name in sorted({force, force_key(force)}, key=len, reverse=True):
            text = re.sub(rf"\b{re.escape(name)}(['’]s)?(\s+(police service|police|constabulary))?\b", " ", text,
                          flags=re.I)
    for year in scope.values.get("year", []):
        text = re.sub(rf"\b{re.escape(year)}\b|\b{re.escape(year[:4])}(\s*/\s*\d\d)?\b", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,:;-")
    return text if re.search(r"[A-Za-z]{3}", text) else question


def implied_filters(question: str, store: Store) -> Filters:
    """Filters for the force and inspection year a question names, when the index holds them."""
    values: dict[str, list[str]] = {}
    forces = store.forces
    named = forces_named(question, forces) & {force_key(f) for f in forces}
    if named:
        values["force"] = sorted(f for f in forces if force_key(f) in named)
    years = store.years
    mentioned = [m.group(0).replace(" ", "") for m in YEAR.finditer(question)]
    if EARLIER.search(question) and len(mentioned) > 1:
        mentioned = mentioned[1:]  # the first year is the earlier inspection the question looks back to
    elif EARLIER.search(question):
        mentioned = []
    matched = sorted({y for m in mentioned for y in years if y == m or (len(m) == 4 and y.startswith(m))})
    if len(matched) == 1:
        values["year"] = matched
    return Filters(values)
