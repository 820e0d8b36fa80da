"""Extract a report's findings as records: graded judgments and the items it asks to act on
(each family's improvement, concern and recommendation kinds), with what the report says was
carried from earlier inspections.

The report family's profile supplies the rules (grade labels under question headings, summary
grade tables, boxed findings, the ways its reports refer back to earlier inspections); they read
the structure that `sections` recovered, never page geometry.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .model import Block, Chunk, Finding, Mention, Report, Section
from .profiles import YEAR, Profile
from .sentences import split_sentences
from .text import cosine, similar, stems

WINDOW = 5  # sentences after a back-reference searched for its progress verdict


def extract_findings(sections: list[Section], report_id: str, year: str | None, profile: Profile) -> list[Finding]:
    """Extract every finding of one report, in reading order, with stable ids."""
    found = _judgments(sections, year, profile) + _boxed(sections)
    boxed = [f for f in found if f.source == "box"]
    for item in _carried(sections, year, profile):
        # An item raised before and boxed again this year is one finding with a history: the box
        # record learns where it came from, and the revisit stays a record of its own.
        for twin in boxed:
            # Nearby in the same section, a looser wording match is enough.
            near = twin.section_path == item.section_path and abs(twin.page - item.page) <= 1
            if similar(twin.text, item.text) >= (0.3 if near else 0.5):
                _merge(twin, item)
                item.mentions.append(Mention(page=twin.page, quote=twin.text))
        found.append(item)
    found.sort(key=lambda f: (f.page, f.kind != "judgment"))
    for n, f in enumerate(found):
        digest = hashlib.sha1(f"{report_id}|{f.kind}|{f.text}".encode()).hexdigest()[:8]
        f.id = f"{report_id}-f{n:03d}-{digest}"
        f.report_id = report_id
    return found


def _merge(into: Finding, other: Finding) -> None:
    into.carried_from = into.carried_from or other.carried_from
    into.progress = into.progress or other.progress
    into.evidence = into.evidence or other.evidence
    into.mentions.append(Mention(page=other.page, quote=other.text))
    if other.evidence and other.evidence != other.text:
        into.mentions.append(Mention(page=other.page, quote=other.evidence))
    into.mentions.extend(other.mentions)


def _judgments(sections: list[Section], year: str | None, profile: Profile) -> list[Finding]:
    """One judgment per graded question: heading grades, completed from the summary tables."""
    out: list[Finding] = []
    for section in sections:
        if section.grade:
            grade_block = next((b for b in section.blocks if b.kind == "grade"), None)
            page = grade_block.page_start if grade_block else section.page_start
            out.append(Finding(id="", kind="judgment", text=section.title, section_path=section.path,
                               page=page, source="heading", grade=section.grade,
                               last_inspected=profile.judgment_year([b.text for b in section.blocks if b.kind == "body"])
                               or year))
    for section in sections:
        for block in section.blocks:
            if block.kind == "table":
                _table_judgments(block, out, year, profile)
    return out


def _table_judgments(block: Block, out: list[Finding], year: str | None, profile: Profile) -> None:
    pillar = None
    for row in block.text.split("\n"):
        match = profile.table_row.match(row.strip())
        if not match:
            continue
        area, grade = match.group("area"), profile.grades.get(match.group("grade").lower(), "Ungraded")
        inspected = match.group("year")
        if inspected.lower() == "last inspected":
            pillar = area
            inspected = None
        twin = next((f for f in out if f.kind == "judgment" and _same_area(f, area, pillar, profile)), None)
        if twin:
            twin.last_inspected = inspected or twin.last_inspected
            continue
        path = [p for p in (pillar, area) if p and p != area] + [area]
        out.append(Finding(id="", kind="judgment", text=area, section_path=path,
                           page=block.page_at(block.text.find(row)), source="table", grade=grade,
                           last_inspected=inspected or year))


def _same_area(f: Finding, area: str, pillar: str | None, profile: Profile) -> bool:
    if f.source == "table":
        return False
    if pillar is None or area == pillar:
        # A pillar row matches the pillar question: the graded section directly under the pillar.
        return (len(f.section_path) == 2 and f.section_path[0].lower() == area.lower()
                and profile.is_pillar_question(f.text))
    return f.section_path[0].lower() == pillar.lower() and similar(f.text, area) >= 0.99


def _boxed(sections: list[Section]) -> list[Finding]:
    out = []
    for section in sections:
        for block in section.blocks:
            if block.kind not in ("area_for_improvement", "cause_of_concern", "recommendation"):
                continue
            page_of = lambda text: block.page_at(max(0, block.text.find(text[:40])))  # noqa: E731
            if block.kind == "cause_of_concern" and block.lead:
                out.append(Finding(id="", kind="cause_of_concern", text=block.lead, section_path=section.path,
                                   page=page_of(block.lead), source="box"))
                kind = "recommendation"
            else:
                kind = block.kind
            for item in block.items:
                out.append(Finding(id="", kind=kind, text=item, section_path=section.path,
                                   page=page_of(item), source="box"))
    return out


def _sentences(section: Section) -> list[tuple[str, int]]:
    out = []
    for block in section.blocks:
        if block.kind != "body":
            continue
        for start, end in split_sentences(block.text):
            out.append((block.text[start:end], block.page_at(start)))
    return out


def _carried(sections: list[Section], year: str | None, profile: Profile) -> list[Finding]:
    """Find earlier-inspection items the report revisits in its prose, with its verdict on each."""
    this_year = int(year[:4]) if year and year[:4].isdigit() else None
    out: list[Finding] = []
    for section in sections:
        sents = _sentences(section)
        for n, (sentence, page) in enumerate(sents):
            earlier = _earlier_year(sentence, this_year)
            named = profile.earlier_item.search(sentence) and profile.refers_back.search(sentence)
            if not earlier or not (named or profile.said_should.search(sentence)):
                continue
            kind = profile.back_reference_kind(sentence)
            window = [s for s, _ in sents[n:n + WINDOW]]
            progress = _progress(window, profile)
            for text in _items(sents, n, profile):
                out.append(Finding(id="", kind=kind, text=text, section_path=section.path, page=page,
                                   source="text", carried_from=earlier, progress=progress,
                                   evidence=sentence))
    return _dedupe(out, profile)


def _earlier_year(sentence: str, this_year: int | None) -> str | None:
    for match in YEAR.finditer(sentence):
        if this_year is None or int(match.group(1)) < this_year:
            return match.group(0).replace(" ", "")
    return None


def _progress(window: list[str], profile: Profile) -> str | None:
    text = " ".join(window)
    hits = [(m.start(), rank, verdict) for rank, (pattern, verdict) in enumerate(profile.progress)
            for m in [pattern.search(text)] if m]
    return min(hits)[2] if hits else None


def _items(sents: list[tuple[str, int]], n: int, profile: Profile) -> list[str]:
    """Say what the earlier item was: a 'should' clause nearby, a named object, or the sentence before."""
    sentence = sents[n][0]
    named = profile.identified_as.search(sentence)
    if named and not re.match(r"(this|it|these)\b", named.group("what"), re.I):
        return [named.group("what")]
    count = re.search(r"\b(two|three|four|several)\b areas", sentence, re.I)
    wanted = {"two": 2, "three": 3, "four": 4}.get(count.group(1).lower(), 2) if count else 1
    items = []
    after = sents[n + 1:n + 1 + 2 * wanted]
    for k, (text, _) in enumerate([sents[n]] + after):
        match = profile.should.search(text)
        if match:
            clause = match.group(1).strip()
            if clause.endswith((":", "should")):
                # "... recommended that all forces should:" then a list of lower-case items.
                tail = [t for t, _ in sents[n + k + 1:n + k + 6]]
                tail = tail[:next((i for i, t in enumerate(tail) if not t[:1].islower()), len(tail))]
                clause = " ".join([clause] + tail)
            items.append(clause.rstrip(" .;:"))
            if len(items) == wanted:
                return items
    if items:
        return items
    if n > 0 and re.search(r"\b(this|it)\b", sentence, re.I):
        return [sents[n - 1][0]]
    return [sentence]


def _dedupe(items: list[Finding], profile: Profile) -> list[Finding]:
    out: list[Finding] = []
    for item in items:
        twin = next((f for f in out if f.carried_from == item.carried_from and similar(f.text, item.text) >= 0.6), None)
        if twin is None:
            out.append(item)
        else:
            # Keep the most explicit wording ("the force should ...") as the record's text.
            if "should" in item.text and "should" not in twin.text:
                twin.text, item.text = item.text, twin.text
                twin.page, item.page = item.page, twin.page
            twin.progress = _worse(twin.progress, item.progress, profile)
            twin.mentions.append(Mention(page=item.page, quote=item.evidence or item.text))
    return out


def _worse(a: str | None, b: str | None, profile: Profile) -> str | None:
    order = [v for _, v in profile.progress]
    known = [v for v in (a, b) if v]
    return min(known, key=order.index) if known else None


def attach_chunks(findings: list[Finding], chunks: list[Chunk]) -> None:
    """Point each finding (and each of its mentions) at the chunk that holds its words."""
    for f in findings:
        own = f.text if f.source == "box" else (f.evidence or f.text)
        f.chunk_id = _holder(own, f.section_path, f.page, chunks)
        for m in f.mentions:
            m.chunk_id = _holder(m.quote, f.section_path, m.page, chunks)


def _holder(text: str, path: list[str], page: int, chunks: list[Chunk]) -> str | None:
    probe = re.sub(r"\s+", " ", text.strip())[:60]
    best = None
    for chunk in chunks:
        if chunk.page_start <= page <= chunk.page_end and probe in re.sub(r"\s+", " ", chunk.text):
            if chunk.section_path == path:
                return chunk.id
            best = best or chunk.id
    return best


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
