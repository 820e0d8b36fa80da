"""Link each finding to the same item in an earlier report on the same inspected body."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Finding, Report
from .text import cosine, stems


@dataclass
class _Linkable:
    """What cross-report linking needs to know of a finding."""

    id: str
    force: str | None
    year: str | None
    kind: str
    text: str
    pillar: str
    carried_from: str | None
    aliases: list[str] = field(default_factory=list)  # other wordings of it in its report


LINK_THRESHOLD = 0.45


def link_findings(findings: list[Finding], reports: dict[str, Report]) -> dict[str, str]:
    """Match each finding to the same item in an earlier report of the same inspected body.

    Returns {later finding id: earlier finding id}. A finding the report says was carried from
    a year is matched within that year's report; others within any earlier report. Only a
    body's own findings are compared, so the cost grows with reports per body, not corpus size.
    """
    by_force: dict[str, list[_Linkable]] = {}
    for f in findings:
        report = reports[f.report_id]
        item = _Linkable(id=f.id, force=report.force, year=report.year, kind=f.kind, text=f.text,
                         pillar=(f.section_path or [""])[0], carried_from=f.carried_from,
                         aliases=[m.quote for m in f.mentions])
        if item.kind != "judgment" and item.force and _year_num(item.year):
            by_force.setdefault(item.force, []).append(item)
    links: dict[str, str] = {}
    for group in by_force.values():
        wordings = {id(i): [stems(t) for t in [i.text, *i.aliases]] for i in group}
        for later in group:
            best, best_score = None, LINK_THRESHOLD
            for earlier in group:
                if not _comparable(later, earlier):
                    continue
                target = wordings[id(earlier)][0]
                wording = max(cosine(w, target) for w in wordings[id(later)])
                score = wording + (0.1 if later.pillar == earlier.pillar else 0.0)
                if score > best_score:
                    best, best_score = earlier, score
            if best is not None:
                links[later.id] = best.id
    return links


def _comparable(later: _Linkable, earlier: _Linkable) -> bool:
    if earlier.kind == "judgment" or earlier.force != later.force or earlier.carried_from:
        return False
    before, after = _year_num(earlier.year), _year_num(later.year)
    if not before or not after or before >= after:
        return False
    return later.carried_from is None or (earlier.year or "").startswith(later.carried_from[:4])


def _year_num(year: str | None) -> int | None:
    return int(year[:4]) if year and year[:4].isdigit() else None
