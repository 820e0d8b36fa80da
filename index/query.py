"""Read a user's query: its search terms, and the filters that restrict where to look."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import BadQuery

if TYPE_CHECKING:
    from .store import Store

FILTER_KEYS = ("report_id", "force", "year", "kind", "section")
REPORT_KEYS = {"report_id", "force", "year"}  # filters on the report, not on its chunks
KINDS = ("body", "judgment", "table", "area_for_improvement", "cause_of_concern", "recommendation")
STOPWORDS = set("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just let me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves get got tell give show list many much whether please also
""".split())
FORCE_SUFFIX = re.compile(r"\s+(police service|police force|constabulary|police)$", re.I)


@dataclass
class Filters:
    """Metadata filters; each key holds the accepted values (any of them may match)."""

    values: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: object) -> Filters:
        """Validate a filters object from a request; raise BadQuery naming what is wrong."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise BadQuery("filters must be an object")
        values: dict[str, list[str]] = {}
        for key, value in raw.items():
            if key not in FILTER_KEYS:
                raise BadQuery(f"unknown filter {key!r}; allowed: {', '.join(FILTER_KEYS)}")
            items = value if isinstance(value, list) else [value]
            if not items or not all(isinstance(v, str) and v.strip() for v in items):
                raise BadQuery(f"filter {key!r} must be a non-empty string or list of strings")
            if key == "kind":
                bad = [v for v in items if v not in KINDS]
                if bad:
                    raise BadQuery(f"unknown kind {bad[0]!r}; allowed: {', '.join(KINDS)}")
            values[key] = [v.strip() for v in items]
        return cls(values)

    def __bool__(self) -> bool:
        return bool(self.values)

    def merged(self, other: Filters) -> Filters:
        """These filters plus other's keys that these do not set."""
        return Filters({**other.values, **self.values})

    def public(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.values.items()}

    def sql(self, store: Store, chunks: str = "c") -> tuple[str, list[str]]:
        """Return a WHERE clause over chunks (aliased chunks) and its arguments.

        Report-level filters (report_id, force, year) are resolved to report ids first, on the
        small reports table, so the clause never evaluates them per chunk.
        """
        parts: list[str] = []
        args: list[str] = []
        ids = self.report_ids(store)
        if ids is not None:
            parts.append(f"{chunks}.report_id IN ({','.join('?' * len(ids))})" if ids else "0")
            args += ids
        for key, items in self.values.items():
            if key == "kind":
                parts.append(f"{chunks}.kind IN ({','.join('?' * len(items))})")
                args += items
            elif key == "section":
                parts.append("(" + " OR ".join(f"instr({chunks}.section_key, ?) > 0" for _ in items) + ")")
                args += ["\x1f" + v.lower() + "\x1f" for v in items]
        return (" AND ".join(parts) or "1"), args

    @property
    def report_level(self) -> bool:
        """True when every filter set names reports (report_id, force, year), none names chunks."""
        return set(self.values) <= REPORT_KEYS

    def report_ids(self, store: Store) -> list[str] | None:
        """The ids of the reports the report-level filters allow, or None when none are set."""
        if not REPORT_KEYS & set(self.values):
            return None
        forces = {force_key(v) for v in self.values.get("force", [])}
        ids, years = self.values.get("report_id"), self.values.get("year")
        return [rid for rid, force, year in store.report_keys
                if (ids is None or rid in ids) and (years is None or year in years)
                and (not forces or force in forces)]


def force_key(name: str) -> str:
    """Normalise a force name for matching: lower case, without 'Police'/'Constabulary'."""
    return FORCE_SUFFIX.sub("", name.strip()).lower()


def terms(text: str) -> list[str]:
    """Content words of a query, lower case, possessives and stopwords removed, in order."""
    words = re.findall(r"[a-z0-9]+(?:[’'][a-z]+)?", text.lower().replace("’", "'"))
    out = []
    for word in words:
        word = re.sub(r"'s$|'$", "", word)
        if word and word not in STOPWORDS and (len(word) > 1 or word.isdigit()) and word not in out:
            out.append(word)
    return out
