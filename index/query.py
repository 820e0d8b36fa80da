"""Read a user's query: its search terms, and the filters that restrict where to look."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import BadQuery

FILTER_KEYS = ("report_id", "force", "year", "kind", "section")
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

    def sql(self, chunks: str = "c", reports: str = "r") -> tuple[str, list[str]]:
        """Return a WHERE clause (over chunks c joined to reports r) and its arguments."""
        parts: list[str] = []
        args: list[str] = []
        for key, items in self.values.items():
            marks = ",".join("?" * len(items))
            if key == "report_id":
                parts.append(f"{chunks}.report_id IN ({marks})")
                args += items
            elif key == "kind":
                parts.append(f"{chunks}.kind IN ({marks})")
                args += items
            elif key == "year":
                parts.append(f"{reports}.year IN ({marks})")
                args += items
            elif key == "force":
                # "Leicestershire", "leicestershire police" and the full name all name one force.
                names = [force_key(v) for v in items]
                parts.append(f"lower(trim({_strip_suffix(reports + '.force')})) IN ({','.join('?' * len(names))})")
                args += names
            elif key == "section":
                parts.append("(" + " OR ".join(f"instr({chunks}.section_key, ?) > 0" for _ in items) + ")")
                args += ["\x1f" + v.lower() + "\x1f" for v in items]
        return (" AND ".join(parts) or "1"), args


def force_key(name: str) -> str:
    """Normalise a force name for matching: lower case, without 'Police'/'Constabulary'."""
    return FORCE_SUFFIX.sub("", name.strip()).lower()


def _strip_suffix(column: str) -> str:
    expr = f"coalesce({column}, '')"
    for suffix in (" police service", " police force", " constabulary", " police"):
        expr = (f"CASE WHEN lower({expr}) LIKE '%{suffix}' THEN substr({expr}, 1, length({expr}) - {len(suffix)})"
                f" ELSE {expr} END")
    return expr


def terms(text: str) -> list[str]:
    """Content words of a query, lower case, possessives and stopwords removed, in order."""
    words = re.findall(r"[a-z0-9]+(?:[’'][a-z]+)?", text.lower().replace("’", "'"))
    out = []
    for word in words:
        word = re.sub(r"'s$|'$", "", word)
        if word and word not in STOPWORDS and (len(word) > 1 or word.isdigit()) and word not in out:
            out.append(word)
    return out


def fts_query(words: list[str]) -> str | None:
    """Build an FTS5 query that matches any of the words (bm25 ranks the matches)."""
    clean = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in words]
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(clean) if w) or None
