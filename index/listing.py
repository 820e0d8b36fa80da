"""Answers made from the findings records: the complete list of a kind of finding, and the grade
lines of the areas a question asks about.

Every entry is a whole sentence of the report (a record holding only part of one is widened to
the sentence it stands in), cited where the report states it; a list is grouped by report and
by kind, so an item is never listed under another kind's name. A grade line is built from the
judgment's record and cites the record's page.
"""

from __future__ import annotations

import re

from .catalog import Catalog
from .embed import Embedder
from .model import Answer, Citation, Finding, FindingQuery, Hit, Item, Listing, SearchResult
from .profiles import Profile, by_name
from .search import is_outcome
from .store import Generation
from .text import roots, squash

AREA_MATCH = 0.6  # share of an area's words a question must use for the area to be the one asked about
AREA_MARGIN = 0.05  # areas this close to the best match are asked about too
# An account of earlier inspections that goes on into the next sentence: another inspection or
# visit, the judgment it gave, or a turn ("However, ...").
GOES_ON = re.compile(r"\b(?:inspection|inspected|visit|judged|judgement|judgment)\b|^\s*(?:however|but|since then)\b", re.I)
ACCOUNT_MORE = 2
MIN_ACCOUNT = 5  # words of an account of the inspection before that say more than its date
CITES_PER_ITEM = 2  # the sentence that states an item, and the one that says where it came from
SENTENCE_END = re.compile(r"[.!?]['’”)]*$")


def completeness(searched: int) -> str:
    return (f"Listed from the findings extracted from all {searched} report(s) searched; "
            "this is the complete list the extractor found, not a top-k sample.")


def list_answer(result: SearchResult, generation: Generation, catalog: Catalog) -> Answer:
    """List every matching finding, grouped by report and kind, each cited where the report states it."""
    question, listing = result.question, result.question.listing
    hits = {h.id: h for h in generation.hits(ids=list({q[2] for i in result.items for q in i.quotes if q[2]}))}
    spans = _spans(list(hits.values()), generation)
    citations: list[Citation] = []
    lines: list[str] = []
    groups = _groups(result.items)
    reports = list(dict.fromkeys(i.finding.report_id for i in result.items))
    profile = by_name(catalog.by_id[reports[0]].family)
    kinds: dict[str, int] = {}
    for item in result.items:
        kinds[item.finding.kind] = kinds.get(item.finding.kind, 0) + 1
    since = f" first raised in {listing.carried_from}" if listing.carried_from else ""
    where = f" in {len(reports)} reports" if len(reports) > 1 else f" ({catalog.name(reports[0])})"
    lines.append(" and ".join(_count(n, kind, profile) for kind, n in kinds.items()) + _on(listing) + since + where + ":")
    for (report_id, kind), items in groups.items():
        if len(reports) > 1 or len(kinds) > 1:
            name = _count(len(items), kind, profile).split(" ", 1)[1]
            lines.append(f"{catalog.name(report_id)}, {name}:" if len(reports) > 1 else f"{name.capitalize()}:")
        for number, item in enumerate(items, 1):
            text, marks = _entry(item, hits, spans, citations)
            f = item.finding
            extra = [x for x in (f.grade and f"graded {f.grade}", f.carried_from and f"raised in {f.carried_from}",
                                 item.progress) if x]
            lines.append(f"{number}. {text} ({'; '.join([f'p. {f.page}'] + extra)}) {' '.join(marks)}".rstrip())
    return Answer(question.text, "\n".join(lines), False, citations, mode="findings",
                  completeness=completeness(result.reports_searched))


def _on(listing: Listing) -> str:
    return f" on {listing.topic}" if listing.topic and listing.kind != "judgment" else ""


def _count(n: int, kind: str, profile: Profile) -> str:
    one, many = profile.kind_names(kind)
    return f"{n} {one if n == 1 else many}"


def _groups(items: list[Item]) -> dict[tuple[str, str], list[Item]]:
    out: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        out.setdefault((item.finding.report_id, item.finding.kind), []).append(item)
    return out


def _entry(item: Item, hits: dict[str, Hit], spans: dict[int, list[tuple[int, int, int]]],
           citations: list[Citation]) -> tuple[str, list[str]]:
    """The item as a whole sentence of the report, and the markers of the quotes that state it."""
    marks: list[str] = []
    text = item.text.strip()
    cited: set[str] = set()
    for n, (quote, page, passage) in enumerate(item.quotes):
        hit = hits.get(passage)
        if hit is None or squash(quote) not in squash(hit.text):
            continue  # cite only words that stand in the passage exactly
        whole, starts = _sentence(quote, hit, spans.get(hit.row, []))
        if n == 0:
            text = whole
        if len(marks) < CITES_PER_ITEM and whole not in cited:
            cited.add(whole)
            citations.append(Citation(n=len(citations) + 1, hit=hit, page=starts or page, quote=whole))
            marks.append(f"[{len(citations)}]")
    return text.rstrip(), marks


def _sentence(quote: str, hit: Hit, spans: list[tuple[int, int, int]]) -> tuple[str, int | None]:
    """The quote, widened to the sentences of the passage it stands in when it is only part of one."""
    if quote[:1].isupper() and SENTENCE_END.search(quote.strip()) or not spans:
        return quote, None
    found = re.search(r"\s+".join(map(re.escape, quote.split())), hit.text)
    if found is None:
        return quote, None
    inside = [(s, e, p) for s, e, p in spans if e > found.start() and s < found.end()]
    if not inside:
        return quote, None
    return hit.text[inside[0][0]:inside[-1][1]], inside[0][2]


def _spans(hits: list[Hit], generation: Generation) -> dict[int, list[tuple[int, int, int]]]:
    rows, _ = generation.sentences([h.row for h in hits])
    out: dict[int, list[tuple[int, int, int]]] = {}
    for chunk_row, start, end, page in rows.tolist():
        out.setdefault(chunk_row, []).append((start, end, page))
    return out


def none_found(result: SearchResult, generation: Generation, catalog: Catalog) -> Answer | None:
    """Say that no report searched has a finding of the kind asked for, when the extractor read
    findings from those reports (so its silence on this kind means there are none)."""
    question = result.question
    ids = catalog.report_ids(question.filters)
    ids = [r.id for r in catalog.reports] if ids is None else ids
    if not ids or not generation.findings(FindingQuery(report_id=ids)):
        return None
    profile = by_name(catalog.by_id[ids[0]].family)
    many = profile.kind_names(question.listing.kind)[1]
    since = f" first raised in {question.listing.carried_from}" if question.listing.carried_from else ""
    where = f"{catalog.name(ids[0])} report" if len(ids) == 1 else f"{len(ids)} reports"
    return Answer(question.text, None, True, reason=f"no {many}{_on(question.listing)}{since} are among the findings of the {where} searched",
                  mode="findings", completeness=(f"Searched the findings extracted from all {len(ids)} report(s) "
                                                 "in scope, not a top-k sample."))


def previous_answer(result: SearchResult, generation: Generation, catalog: Catalog) -> Answer | None:
    """What each report in scope says of the inspection before it (when, and how it was judged),
    as its own sentences, from the passages search found them in."""
    question = result.question
    citations: list[Citation] = []
    lines = []
    spans = _spans([hit for _, hit in result.earlier], generation)
    for report_id, hit in result.earlier:
        said = catalog.by_id[report_id].previous_inspection
        if len(said.split()) < MIN_ACCOUNT and question.expects != "date":
            continue  # "5 July 2021" says when it was, not what it found
        start = squash(hit.text).find(squash(said[:80]))
        page = hit.page_start if start < 0 else _page_at(hit, start, spans.get(hit.row, []))
        citations.append(Citation(n=len(citations) + 1, hit=hit, page=page, quote=said))
        line = f"{catalog.name(report_id)}: {said} [{len(citations)}]"
        for text, page in _account_goes_on(said, hit, spans.get(hit.row, [])):
            citations.append(Citation(n=len(citations) + 1, hit=hit, page=page, quote=text))
            line += f" {text} [{len(citations)}]"
        lines.append(line)
    if not lines:
        return None
    ids = catalog.report_ids(question.filters)
    head = "The inspection before, as the report says:" if len(lines) == 1 else \
        f"The inspection before, as {len(lines)} reports say:"
    return Answer(question.text, "\n".join([head] + lines), False, citations, mode="findings",
                  completeness=completeness(len(ids) if ids is not None else len(catalog.reports)))


def _account_goes_on(said: str, hit: Hit, spans: list[tuple[int, int, int]]) -> list[tuple[str, int]]:
    """The sentences after a report's account of the inspection before (at most ACCOUNT_MORE),
    with their pages, while the account goes on in them: to another inspection or visit, the
    judgment it gave, or a turn ("However, ...")."""
    sentences = [(hit.text[begin:end], page) for begin, end, page in spans]
    inside = [bool(squash(text)) and squash(text) in squash(said) for text, _ in sentences]
    if True not in inside:
        return []
    after = inside.index(True)
    while after < len(sentences) and inside[after]:
        after += 1
    more = []
    # A sentence the passage cuts off is not quoted: its end is in the next passage.
    for text, page in sentences[after:after + ACCOUNT_MORE]:
        if not (GOES_ON.search(text) and SENTENCE_END.search(text.strip())):
            break
        more.append((text, page))
    return more


def _page_at(hit: Hit, start: int, spans: list[tuple[int, int, int]]) -> int:
    pages = [page for begin, _, page in spans if begin <= start]
    return pages[-1] if pages else hit.page_start


def grade_answer(result: SearchResult, generation: Generation, catalog: Catalog, embedder: Embedder) -> Answer | None:
    """One line per report and per area asked about, with its grade, the year it was last
    inspected and its page; None when no graded area is the one asked about."""
    question = result.question
    # A list question brought its judgments from search; a question about one grade reads them here.
    found = [i.finding for i in result.items] or generation.findings(
        FindingQuery(report_id=catalog.report_ids(question.filters), kind=["judgment"]))
    every = _distinct([f for f in found if f.kind == "judgment"])
    judgments = [f for f in every if not question.grades or f.grade in question.grades]
    if question.areas or question.outcome:
        # The outcome, with any other area named beside it, whatever grade each has: "was care
        # leavers rated outstanding?" is answered by its grade, good or not; "which of them were
        # graded good?" by those that were, if any.
        asked = [f for f in every if is_outcome(f)] if question.outcome else []
        asked += [f for topic in question.areas for f in _asked_areas(every, topic, question.titles, embedder)]
        chosen = [f for f in every if f in asked]
        if question.enumerates and question.grades:
            chosen = [f for f in chosen if f in judgments] or chosen
    else:
        chosen = _asked_areas(judgments, "", question.titles, embedder)  # every one, of the grade named
    if not chosen and question.grades:
        chosen = judgments  # no area the reports grade is named: every judgment of the grade named
    if not chosen:
        return None
    hits = {h.id: h for h in generation.hits(ids=list({f.chunk_id for f in chosen if f.chunk_id}))}
    citations: list[Citation] = []
    by_body: dict[str, list[Finding]] = {}
    for f in chosen:
        by_body.setdefault(catalog.key(f.report_id), []).append(f)
    several = len({f.report_id for f in chosen}) > 1
    lines = [f"Graded judgments ({catalog.name(chosen[0].report_id)}):" if not several else
             f"Graded judgments in {len({f.report_id for f in chosen})} reports:"]
    for findings in by_body.values():
        said = []
        for f in sorted(findings, key=lambda f: catalog.by_id[f.report_id].year or "", reverse=True):
            hit = hits.get(f.chunk_id)
            mark = ""
            if hit is not None and squash(f.text) in squash(hit.text):
                citations.append(Citation(n=len(citations) + 1, hit=hit, page=f.page, quote=f.text))
                mark = f" [{len(citations)}]"
            last = f", last inspected {f.last_inspected}" if f.last_inspected else ""
            report = catalog.by_id[f.report_id]
            where = f"{report.year} report, " if several and report.year else ""
            grade = f.grade.rstrip(".") if last and f.grade else f.grade  # an outcome stated as a sentence goes on
            said.append((_area_name(f), f"{grade}{last} ({where}p. {f.page}){mark}"))
        if several:
            # One line per body: its grade in each report, newest first.
            body = catalog.by_id[findings[0].report_id]
            name = body.organisation or body.force or body.title
            lines += [f"{name} – {area}: " + "; ".join(g for a, g in said if a == area)
                      for area in dict.fromkeys(a for a, _ in said)]
        else:
            lines += [f"{area}: {grade}" for area, grade in said]
    searched = result.reports_searched or len({f.report_id for f in judgments})
    return Answer(question.text, "\n".join(lines), False, citations, mode="findings", completeness=completeness(searched))


def _distinct(judgments: list[Finding]) -> list[Finding]:
    """One judgment per report and area: a summary table and the area's own heading grade it twice."""
    seen: dict[tuple[str, str], Finding] = {}
    for f in judgments:
        seen.setdefault((f.report_id, squash(f.text)), f)
    return list(seen.values())


def _area_name(f: Finding) -> str:
    """The area as the report names it; a judgment on a question ("How efficiently ...?") is the
    grade of the section that question opens, named by that section."""
    return f.section_path[0] if f.text.endswith("?") and f.section_path else f.text


def _asked_areas(judgments: list[Finding], topic: str, titles: list[str], embedder: Embedder) -> list[Finding]:
    """The judgments of the areas a question names: by the area's own words, by meaning, or by
    the top section (a pillar) they stand in, whose first judgment is that section's own. An area
    the question names by a title ("Local Safeguarding Children Board") is one that uses all its words."""
    for title in titles:
        judgments = [f for f in judgments if roots(title) <= roots(
            f"{f.text} {f.label or ''} {f.section_path[0] if f.section_path else ''}")]
    if not judgments:
        return []
    asked = roots(topic)
    if not asked:
        return judgments  # no area named: every grade
    # An area is known by its words and by its framework's name for it ("Overall effectiveness").
    areas = list(dict.fromkeys(squash(f"{f.text} {f.label or ''}") for f in judgments))
    vectors = embedder.encode([topic] + areas)
    meaning = dict(zip(areas, (vectors[1:] @ vectors[0]).tolist()))

    def share(text: str) -> float:
        """How much of the area the question names, or of the question the area covers."""
        own = roots(text)
        return len(own & asked) / min(len(own), len(asked)) if own else 0.0

    named = [a for a in areas if max(share(a), meaning[a]) >= AREA_MATCH]
    if named:
        # Words first, meaning to tell apart areas that share them ("treating the public / the
        # workforce fairly"); in each report apart, since each words its areas its own way.
        score = {a: share(a) + meaning[a] for a in named}
        name = {id(f): squash(f"{f.text} {f.label or ''}") for f in judgments}
        best: dict[str, float] = {}
        for f in judgments:
            if name[id(f)] in score:
                best[f.report_id] = max(best.get(f.report_id, -1.0), score[name[id(f)]])
        return [f for f in judgments if name[id(f)] in score and score[name[id(f)]] >= best[f.report_id] - AREA_MARGIN]
    pillars = {f.section_path[0] for f in judgments if f.section_path and share(f.section_path[0]) >= AREA_MATCH}
    firsts: dict[tuple[str, str], Finding] = {}
    for f in judgments:
        if f.section_path and f.section_path[0] in pillars:
            firsts.setdefault((f.report_id, f.section_path[0]), f)
    return list(firsts.values())


