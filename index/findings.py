"""Extract a report's findings as records: graded judgments, areas for improvement, causes of
concern and recommendations, with what the report says was carried from earlier inspections.

Rules follow the HMICFRS template (grade labels under question headings, summary grade tables,
boxed findings) and the ways reports refer back to earlier inspections; they read the structure
that `sections` recovered, never page geometry.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .chunks import Chunk
from .sections import GRADES, Block, Section
from .sentences import split_sentences

GRADE_WORDS = "|".join(sorted((g for g in {v for v in GRADES.values()}), key=len, reverse=True))
TABLE_ROW = re.compile(rf"^(?P<area>.+?)\s+(?P<grade>{GRADE_WORDS}|Not graded)\s+"
                       rf"(?P<year>20\d\d(?:/\d\d)?|Last inspected)$", re.I)
EARLIER = re.compile(
    r"\b(area|areas) for improvement\b|\bcauses? of concern\b|\brecommend(ed|ation|ations)?\b", re.I)
YEAR = re.compile(r"\b(20\d\d)(?:/(\d\d))?\b")
SAID_SHOULD = re.compile(r"\b(we|it|they) (said|stated|recommended|found)\b.*\bshould\b", re.I)
REFERS_BACK = re.compile(
    r"\b(identified|raised|said|stated|set out|highlighted|found|recommended|was also|were also|"
    r"has been|had been|previous(ly)?|last)\b", re.I)
SHOULD = re.compile(r"\b((?:the |all )?[\w’'-]+ should\b.*)", re.I)
IDENTIFIED_AS = re.compile(r"identified (?P<what>.+?) as an area for improvement", re.I)
PROGRESS = [  # the verdict phrase that comes first wins; on a tie, the earlier pattern here
    (re.compile(r"not (yet )?fully addressed|not addressed", re.I), "not fully addressed"),
    (re.compile(r"\bno (significant |real )?progress|not made (any )?progress", re.I), "no progress"),
    (re.compile(r"\b(little|even less) progress", re.I), "little progress"),
    (re.compile(r"\b(limited|slow|some) progress", re.I), "limited progress"),
    (re.compile(r"\b(complied with (most|some)|partly|partially)\b", re.I), "partly addressed"),
    (re.compile(r"\b(fully implemented|fully addressed|resolved|complied with)\b", re.I), "addressed"),
    (re.compile(r"\b(good|clear|strong|significant|considerable|substantial) progress", re.I), "good progress"),
    (re.compile(r"\b(has|have|had) (been )?improved|\bimproved\b", re.I), "improved"),
]
STOP = set("the a an of and or to in for on at by with is are was were be been has have had it its "
           "this that these those as from should force forces would will can could more all any "
           "their there which who what we our us so such not".split())
WINDOW = 5  # sentences after a back-reference searched for its progress verdict


@dataclass
class Mention:
    page: int
    quote: str
    chunk_id: str | None = None


@dataclass
class Finding:
    id: str
    kind: str  # judgment | area_for_improvement | cause_of_concern | recommendation
    text: str
    section_path: list[str]
    page: int
    source: str  # box | table | heading | text: where in the report it was found
    grade: str | None = None
    last_inspected: str | None = None
    carried_from: str | None = None
    progress: str | None = None
    evidence: str | None = None  # the sentence that states an earlier inspection raised it
    chunk_id: str | None = None
    linked_to: str | None = None  # the matching finding in an earlier report of the same force
    mentions: list[Mention] = field(default_factory=list)


def extract_findings(sections: list[Section], report_id: str, year: str | None) -> list[Finding]:
    """Extract every finding of one report, in reading order, with stable ids."""
    found = _judgments(sections, year) + _boxed(sections)
    boxed = [f for f in found if f.source == "box"]
    for item in _carried(sections, year):
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
    return found


def _merge(into: Finding, other: Finding) -> None:
    into.carried_from = into.carried_from or other.carried_from
    into.progress = into.progress or other.progress
    into.evidence = into.evidence or other.evidence
    into.mentions.append(Mention(page=other.page, quote=other.text))
    if other.evidence and other.evidence != other.text:
        into.mentions.append(Mention(page=other.page, quote=other.evidence))
    into.mentions.extend(other.mentions)


def stems(text: str) -> set[str]:
    """Reduce text to a set of crude word stems for lexical matching."""
    out = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in STOP or len(word) < 3:
            continue
        out.add(re.sub(r"(ing|ment|ments|ly|ies|es|s|ed|ity)$", "", word)[:7])
    return out


def similar(a: str, b: str) -> float:
    """Cosine similarity of two texts' sets of word stems, in [0, 1]."""
    return _cosine(stems(a), stems(b))


def _judgments(sections: list[Section], year: str | None) -> list[Finding]:
    """One judgment per graded question: heading grades, completed from the summary tables."""
    out: list[Finding] = []
    for section in sections:
        if section.grade:
            grade_block = next((b for b in section.blocks if b.kind == "grade"), None)
            page = grade_block.page_start if grade_block else section.page_start
            out.append(Finding(id="", kind="judgment", text=section.title, section_path=section.path,
                               page=page, source="heading", grade=section.grade,
                               last_inspected=_carried_over_year(section) or year))
    for section in sections:
        for block in section.blocks:
            if block.kind == "table":
                _table_judgments(block, section, out, year)
    return out


def _carried_over_year(section: Section) -> str | None:
    for block in section.blocks:
        if block.kind == "body" and "carried over" in block.text:
            match = YEAR.search(block.text.split("judgment", 1)[-1])
            if match:
                return match.group(0)
    return None


def _table_judgments(block: Block, section: Section, out: list[Finding], year: str | None) -> None:
    pillar = None
    for row in block.text.split("\n"):
        match = TABLE_ROW.match(row.strip())
        if not match:
            continue
        area, grade = match.group("area"), GRADES.get(match.group("grade").lower(), "Ungraded")
        inspected = match.group("year")
        if inspected.lower() == "last inspected":
            pillar = area
            inspected = None
        twin = next((f for f in out if f.kind == "judgment" and _same_area(f, area, pillar)), None)
        if twin:
            twin.last_inspected = inspected or twin.last_inspected
            continue
        path = [p for p in (pillar, area) if p and p != area] + [area]
        out.append(Finding(id="", kind="judgment", text=area, section_path=path,
                           page=block.page_at(block.text.find(row)), source="table", grade=grade,
                           last_inspected=inspected or year))


def _same_area(f: Finding, area: str, pillar: str | None) -> bool:
    if f.source == "table":
        return False
    if pillar is None or area == pillar:
        # A pillar row matches the pillar question: the graded section directly under the pillar.
        return len(f.section_path) == 2 and f.section_path[0].lower() == area.lower() and f.text.startswith("How")
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


def _carried(sections: list[Section], year: str | None) -> list[Finding]:
    """Find earlier-inspection items the report revisits in its prose, with its verdict on each."""
    this_year = int(year[:4]) if year and year[:4].isdigit() else None
    out: list[Finding] = []
    for section in sections:
        sents = _sentences(section)
        for n, (sentence, page) in enumerate(sents):
            earlier = _earlier_year(sentence, this_year)
            named = EARLIER.search(sentence) and REFERS_BACK.search(sentence)
            if not earlier or not (named or SAID_SHOULD.search(sentence)):
                continue
            kind = ("cause_of_concern" if re.search(r"cause", sentence, re.I) else
                    "recommendation" if re.search(r"recommend", sentence, re.I) else "area_for_improvement")
            window = [s for s, _ in sents[n:n + WINDOW]]
            progress = _progress(window)
            for text in _items(sents, n):
                out.append(Finding(id="", kind=kind, text=text, section_path=section.path, page=page,
                                   source="text", carried_from=earlier, progress=progress,
                                   evidence=sentence))
    return _dedupe(out)


def _earlier_year(sentence: str, this_year: int | None) -> str | None:
    for match in YEAR.finditer(sentence):
        if this_year is None or int(match.group(1)) < this_year:
            return match.group(0)
    return None


def _progress(window: list[str]) -> str | None:
    text = " ".join(window)
    hits = [(m.start(), rank, verdict) for rank, (pattern, verdict) in enumerate(PROGRESS)
            for m in [pattern.search(text)] if m]
    return min(hits)[2] if hits else None


def _items(sents: list[tuple[str, int]], n: int) -> list[str]:
    """Say what the earlier item was: a 'should' clause nearby, a named object, or the sentence before."""
    sentence = sents[n][0]
    named = IDENTIFIED_AS.search(sentence)
    if named and not re.match(r"(this|it|these)\b", named.group("what"), re.I):
        return [named.group("what")]
    count = re.search(r"\b(two|three|four|several)\b areas", sentence, re.I)
    wanted = {"two": 2, "three": 3, "four": 4}.get(count.group(1).lower(), 2) if count else 1
    items = []
    after = sents[n + 1:n + 1 + 2 * wanted]
    for k, (text, _) in enumerate([sents[n]] + after):
        match = SHOULD.search(text)
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


def _dedupe(items: list[Finding]) -> list[Finding]:
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
            twin.progress = _worse(twin.progress, item.progress)
            twin.mentions.append(Mention(page=item.page, quote=item.evidence or item.text))
    return out


def _worse(a: str | None, b: str | None) -> str | None:
    order = [v for _, v in PROGRESS]
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
class Linkable:
    """What cross-report linking needs to know of a stored finding."""

    id: str
    force: str | None
    year: str | None
    kind: str
    text: str
    pillar: str
    carried_from: str | None
    aliases: list[str] = field(default_factory=list)  # other wordings of it in its report


LINK_THRESHOLD = 0.45


def link_findings(items: list[Linkable]) -> dict[str, str]:
    """Match each finding to the same item in an earlier report of the same force.

    Returns {later finding id: earlier finding id}. A finding the report says was carried from
    a year is matched within that year's report; others within any earlier report. Only a
    force's own findings are compared, so the cost grows with reports per force, not corpus size.
    """
    by_force: dict[str, list[Linkable]] = {}
    for item in items:
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
                wording = max(_cosine(w, target) for w in wordings[id(later)])
                score = wording + (0.1 if later.pillar == earlier.pillar else 0.0)
                if score > best_score:
                    best, best_score = earlier, score
            if best is not None:
                links[later.id] = best.id
    return links


def _cosine(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


def _comparable(later: Linkable, earlier: Linkable) -> bool:
    if earlier.kind == "judgment" or earlier.force != later.force or earlier.carried_from:
        return False
    before, after = _year_num(earlier.year), _year_num(later.year)
    if not before or not after or before >= after:
        return False
    return later.carried_from is None or (earlier.year or "").startswith(later.carried_from[:4])


def _year_num(year: str | None) -> int | None:
    return int(year[:4]) if year and year[:4].isdigit() else None
