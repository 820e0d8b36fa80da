"""Query stored findings exhaustively (no top-k): filter by force, year, kind, grade, carried-from, text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .query import force_key
from .store import Store

FINDING_KINDS = ("judgment", "area_for_improvement", "cause_of_concern", "recommendation")


@dataclass
class FindingQuery:
    force: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    grade: list[str] = field(default_factory=list)
    carried_from: list[str] = field(default_factory=list)
    report_id: list[str] = field(default_factory=list)
    q: str | None = None
    source: list[str] = field(default_factory=list)  # box | table | heading | text


def query_findings(store: Store, query: FindingQuery) -> list[dict]:
    """Return every finding that matches, in report then page order, with its report and links."""
    where, args = ["1"], []
    for column, values in (("r.year", query.year), ("f.kind", query.kind), ("f.report_id", query.report_id),
                           ("f.source", query.source)):
        if values:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            args += values
    if query.grade:
        where.append(f"lower(f.grade) IN ({','.join('?' * len(query.grade))})")
        args += [g.lower() for g in query.grade]
    if query.carried_from:
        where.append("(" + " OR ".join("f.carried_from LIKE ?" for _ in query.carried_from) + ")")
        args += [c[:4] + "%" for c in query.carried_from]
    if query.q:
        where.append("(instr(lower(f.text), ?) > 0 OR instr(lower(coalesce(f.evidence, '')), ?) > 0)")
        args += [query.q.lower(), query.q.lower()]
    rows = store.db.execute(
        "SELECT f.*, r.title, r.force, r.year, r.pages, c.page_start AS chunk_page FROM findings f"
        " JOIN reports r ON r.id = f.report_id LEFT JOIN chunks c ON c.id = f.chunk_id"
        f" WHERE {' AND '.join(where)} ORDER BY r.force, r.year, f.report_id, f.seq", args).fetchall()
    wanted = {force_key(f) for f in query.force}
    out = []
    for r in rows:
        if wanted and force_key(r["force"] or "") not in wanted:
            continue
        out.append(_public(r))
    return out


def _public(r) -> dict:
    path = json.loads(r["path"])
    return {
        "id": r["id"], "kind": r["kind"], "text": r["text"],
        "report": {"id": r["report_id"], "title": r["title"], "force": r["force"], "year": r["year"],
                   "pages": r["pages"]},
        "section": {"title": path[-1] if path else "", "path": path},
        "page": r["page"], "grade": r["grade"], "last_inspected": r["last_inspected"],
        "carried_from": r["carried_from"], "progress": r["progress"], "source": r["source"],
        "evidence": r["evidence"], "passage_id": r["chunk_id"], "linked_to": r["linked_to"],
        "mentions": json.loads(r["mentions"] or "[]"),
        "url": f"/reports/{r['report_id']}/pdf#page={r['page']}",
    }
