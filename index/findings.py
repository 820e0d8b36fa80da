"""Extract a report's findings as records: graded judgments and the items it asks to act on
(each family's improvement, concern and recommendation kinds), with what the report says was
carried from earlier inspections (carried.py).

The report family's profile supplies the rules: grade labels under question headings, summary
grade tables, boxed findings, headings over lists of findings, outcome statements. They read the
structure that `sections` recovered, never page geometry.
"""

from __future__ import annotations

import hashlib
import re

from .blocks import section_sentences
from .carried import carried_items
from .model import ITEM_KINDS, Block, Chunk, Finding, Mention, Section
from .profiles import Profile
from .sections import GRADED_SENTENCE
from .text import similar, stems

TWIN = 0.5  # wording shared by two statements of one item (cosine of their word stems)
KEY_LIKENESS = 0.5  # wording the rows of a grade key share, on average (cosine of their word stems)
ROW_NUMBER = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+")
# An area and the verb that states its grade, then the rest of the text ("The overall judgement
# is | inadequate There are widespread ..."), where a cell runs the grade into its explanation.
STATES = re.compile(r"^(?P<area>.+?)\s+(?:is|are|was|were)(?:\s+judged)?(?:\s+(?:to be|that it(?:\s+is)?))?"
                    r"\s+(?P<rest>\S.*)$", re.I | re.S)


def extract_findings(sections: list[Section], report_id: str, year: str | None, profile: Profile) -> list[Finding]:
    """Extract every finding of one report, in reading order, with stable ids."""
    found = _judgments(sections, year, profile) + _boxed(sections, profile)
    boxed = [f for f in found if f.source in ("box", "list")]
    revisits: list[Finding] = []
    for item in carried_items(sections, year, profile):
        # One item stated twice is one finding, so that every list and count has it once: a box
        # learns from the prose that revisits it where the item came from and how it progressed,
        # and a second passage of prose on an item is a mention of the first.
        # Nearby in the same section, a looser wording match is enough for a box.
        twins = [t for t in boxed if similar(t.text, item.text) >= (
            0.3 if t.section_path == item.section_path and abs(t.page - item.page) <= 1 else TWIN)]
        twins = twins or [t for t in revisits if t.kind == item.kind and similar(t.text, item.text) >= TWIN][:1]
        for twin in twins:
            _merge(twin, item, profile)
        if not twins:
            revisits.append(item)
            found.append(item)
    found.sort(key=lambda f: (f.page, f.kind != "judgment"))
    for f in found:
        if f.kind == "judgment":
            f.label = profile.judgment_label(f.text)
    for n, f in enumerate(found):
        digest = hashlib.sha1(f"{report_id}|{f.kind}|{f.text}".encode()).hexdigest()[:8]
        f.id = f"{report_id}-f{n:03d}-{digest}"
        f.report_id = report_id
    return found


def _merge(into: Finding, other: Finding, profile: Profile) -> None:
    into.carried_from = into.carried_from or other.carried_from
    # Of two verdicts on one item, an open one ("not fully addressed") is the one to act on.
    if into.progress not in profile.open_verdicts:
        into.progress = other.progress if other.progress in profile.open_verdicts else into.progress or other.progress
    into.evidence = into.evidence or other.evidence
    into.mentions.append(Mention(page=other.page, quote=other.text))
    if other.evidence and other.evidence != other.text:
        into.mentions.append(Mention(page=other.page, quote=other.evidence))
    into.mentions.extend(other.mentions)


def _judgments(sections: list[Section], year: str | None, profile: Profile) -> list[Finding]:
    """One judgment per graded area: summary tables, heading grades, outcome statements."""
    out: list[Finding] = []
    for section in sections:
        if section.grade:
            grade_block = next((b for b in section.blocks if b.kind == "grade"), None)
            page = grade_block.page_start if grade_block else section.page_start
            inspected = profile.judgment_year([b.text for b in section.blocks if b.kind == "body"])
            out.append(Finding(id="", kind="judgment", text=_area(section.title, profile), section_path=section.path,
                               page=page, source="heading", grade=section.grade, last_inspected=inspected or year))
        stated = profile.statement(section.title, [s for s, _ in section_sentences(section)[:2]])
        if stated:
            out.append(Finding(id="", kind="judgment", text=stated[0], section_path=section.path,
                               page=section.page_start, source="text", grade=stated[1], last_inspected=year))
    for section in sections:
        for block in section.blocks:
            if block.kind == "table" and profile.table_row is not None:
                _summary_rows(block, out, year, profile)
    if profile.table_row is not None:
        # Other tables of such a family (an area and its grade, in another year's layout) add
        # only areas its summary tables and headings did not grade.
        extra = [f for s in sections for b in s.blocks if b.kind == "table"
                 for f in _graded_rows(b, s, year, profile, skip=profile.table_row)]
        return out + [f for f in extra if not any(o.grade == f.grade and _same(o.text, f.text) for o in out)]
    out += [f for s in sections for b in s.blocks if b.kind == "table" for f in _graded_rows(b, s, year, profile)]
    return _distinct(out)


def _area(title: str, profile: Profile) -> str:
    """The area a graded heading names, without the grade it states ("…care leavers: inadequate")."""
    for pattern in (r"^(?P<area>.+?)\s*[:–—-]\s*(?P<grade>[A-Za-z][A-Za-z ]+?)\.?$", GRADED_SENTENCE.pattern):
        match = re.match(pattern, title, re.I)
        if match and profile.grade_of(match.group("grade")):
            return match.group("area").strip()
    return title


def _graded_rows(block: Block, section: Section, year: str | None, profile: Profile,
                 skip: re.Pattern | None = None) -> list[Finding]:
    """Rows of a table that give an area and its grade; a one-cell row may state both. Rows that
    skip matches are read otherwise."""
    out = []
    for row in block.rows:
        if skip is not None and skip.match(" ".join(row).strip()):
            continue
        grades = [(n, profile.grade_of(cell)) for n, cell in enumerate(row) if profile.grade_of(cell)]
        stated = _stated_grade(row[0], profile) if row else None
        if grades and len(row) >= 2:
            n, grade = grades[-1]
            area = " ".join(c for k, c in enumerate(row) if k != n and not profile.grade_of(c))
        elif stated:
            # A row that opens by stating a grade ("The overall judgement is inadequate"), with or
            # without the text that explains it beside it or after it in the same cell.
            area, grade = stated
        else:
            continue
        area = ROW_NUMBER.sub("", area).strip()
        if area:
            page = block.page_at(max(0, block.text.find(row[0][:40])))
            out.append(Finding(id="", kind="judgment", text=area, section_path=section.path, page=page,
                               source="table", grade=grade, last_inspected=year))
    return [] if _scale_key(out) else out


def _scale_key(rows: list[Finding]) -> bool:
    """Say whether a table's graded rows are the key to its grades ("A service that exceeds minimum
    requirements: Good"): each grade once, every row worded like every other, as no areas are."""
    pairs = [(a, b) for n, a in enumerate(rows) for b in rows[n + 1:]]
    return len(rows) >= 3 and len({r.grade for r in rows}) == len(rows) and \
        sum(similar(a.text, b.text) for a, b in pairs) / len(pairs) >= KEY_LIKENESS


def _stated_grade(text: str, profile: Profile) -> tuple[str, str] | None:
    """(area, grade) when a text opens by stating a grade: the whole text, or its opening up to
    where the next sentence starts (a capital after the grade) when no full stop ends it."""
    whole = GRADED_SENTENCE.match(text)
    if whole and profile.grade_of(whole["grade"]):
        return whole["area"], profile.grade_of(whole["grade"])
    lead = STATES.match(text)
    if lead is None:
        return None
    for key in sorted(profile.grades, key=len, reverse=True):
        if re.match(rf"{re.escape(key)}(?:\.|\s+(?-i:[A-Z])|$)", lead["rest"], re.I):
            return lead["area"], profile.grades[key]
    return None


def _distinct(judgments: list[Finding]) -> list[Finding]:
    """One record per graded area: a summary table and the heading of the area's own section
    grade it twice; the first statement is the record, the others its mentions."""
    out: list[Finding] = []
    for f in sorted(judgments, key=lambda j: (j.page, j.source != "table")):
        twin = next((o for o in out if o.grade == f.grade and _same(o.text, f.text)), None)
        if twin is None:
            out.append(f)
        else:
            twin.mentions.append(Mention(page=f.page, quote=f.text))
    return out


def _same(a: str, b: str) -> bool:
    small, big = sorted((stems(a), stems(b)), key=len)
    return bool(small) and len(small & big) >= 0.8 * len(small)


def _summary_rows(block: Block, out: list[Finding], year: str | None, profile: Profile) -> None:
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


def _boxed(sections: list[Section], profile: Profile) -> list[Finding]:
    """The items of boxes (a box per finding or per concern) and of lists under a heading that
    names a kind of finding, each labelled as the report labels it."""
    out = []
    for section in sections:
        for block in section.blocks:
            if block.kind not in ITEM_KINDS:
                continue
            page_of = lambda text: block.page_at(max(0, block.text.find(text[:40])))  # noqa: E731
            source = "list" if section.kind else "box"
            label = section.label or profile.kind_names(block.kind)[0].capitalize()
            if block.kind == "cause_of_concern" and block.lead:
                out.append(Finding(id="", kind="cause_of_concern", text=block.lead, section_path=section.path,
                                   page=page_of(block.lead), source=source, label=label))
                kind, label = "recommendation", profile.kind_names("recommendation")[0].capitalize()
            else:
                kind = block.kind
            for item in block.items:
                out.append(Finding(id="", kind=kind, text=item, section_path=section.path,
                                   page=page_of(item), source=source, label=label))
    return out


def attach_chunks(findings: list[Finding], chunks: list[Chunk]) -> None:
    """Point each finding (and each of its mentions) at the chunk that holds its words."""
    for f in findings:
        own = f.text if f.source in ("box", "list", "table") else (f.evidence or f.text)
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
