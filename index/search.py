"""Hybrid retrieval: dense and keyword (BM25) candidates, re-ranked with sentence similarity and
the kinds the question asks about, fused by reciprocal rank. Filters apply before any ranking.

Keyword search also looks for the index's words nearest in meaning to each query word: a user
asks about officers who were "sacked", the report says "dismissed". The vocabulary's own
vectors bridge that gap without a hand-made synonym list.

A question that asks for every finding of a kind also gets those findings, in full, from the
findings table (those on the subject it names, if it names one): they are what its answer lists,
and the passages that state them rank high. So do, for a question looking back at the inspection
before, the passages where each report in scope gives its own account of it.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sized

import numpy as np

from .catalog import Catalog
from .embed import Embedder
from .model import Filters, Finding, FindingQuery, Hit, Item, Listing, Question, SearchResult
from .profiles import PROFILES, default
from .question import terms
from .store import Generation
from .text import roots, similar, squash, stems

# Text that can answer a question wanting a number, or a date or time ("within 18 months").
ANSWER_TYPES = {
    "number": re.compile(r"\d"),
    "date": re.compile(r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|"
                       r"October|November|December)\b|\b\d+\s+(?:days?|weeks?|months?|years?)\b"),
}
OUTCOME_WORDS = 6  # a "grade" this long is a statement of outcome, not a point on a scale
RRF_K = 60
CANDIDATES = 100
FINDINGS_WEIGHT = 3.0
INTENT_POOL = 10
RELATED = 0.6  # MiniLM cosine at which two single words are near-synonyms (sacked/dismissed 0.64)
PER_TERM = 3
SUBJECT_SHARE = 0.5  # of a listing's subject words, by weight, a finding must use to be on it
# Shorthand users type and reports spell out (or the reverse), from every report family.
GLOSSARY = {word: spelled for p in PROFILES for word, spelled in p.glossary.items()}


def search(question: Question, k: int, generation: Generation, catalog: Catalog, embedder: Embedder) -> SearchResult:
    """Return the k best passages for a question among those its filters allow."""
    filters, text = question.filters, question.search_text
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    words = [t for t in question.terms if len(t) > 2 and not t.isdigit()]  # content words, not numbers
    vector, word_vectors = _embed(text, words, generation, embedder)
    timings["embed_ms"] = _ms(t0)
    allowed = allowed_rows(filters, generation, catalog) if filters else None
    if allowed is not None and len(allowed) == 0:
        # Fail closed: a filter that matches nothing gives nothing, never everything.
        return SearchResult(question, [], vector, _ms(t0), timings)
    t1 = time.perf_counter()
    dense = generation.dense(vector, CANDIDATES, allowed)
    timings["dense_ms"] = _ms(t1)
    t1 = time.perf_counter()
    related = _expand(words, word_vectors, generation)
    keyword = generation.keyword([related.get(t, [t]) for t in question.terms], CANDIDATES, allowed)
    timings["keyword_ms"] = _ms(t1)
    t1 = time.perf_counter()
    items, item_rows, searched = [], [], 0
    if question.listing is not None:
        items = list_findings(question, filters, generation, catalog, related)
        ids = [q[2] for item in items for q in item.quotes]
        item_rows = [h.row for h in sorted(generation.hits(ids=ids), key=lambda h: ids.index(h.id))]
        searched = _reports_searched(question.listing, generation.reports_in(allowed), catalog)
    earlier = previous_accounts(question, generation, catalog) if question.looks_back else []
    # The reports' own accounts of the inspection before are what a question looking back asks for.
    item_rows += [hit.row for _, hit in earlier if hit.row not in item_rows]
    hits = _fuse(question, vector, dense, keyword, item_rows, generation)[:k]
    timings["fuse_ms"] = _ms(t1)
    return SearchResult(question, hits, vector, _ms(t0), timings, related, items, searched, earlier)


def previous_accounts(question: Question, generation: Generation, catalog: Catalog) -> list[tuple[str, Hit]]:
    """Each report in scope that says how the inspection before it judged it, with the passage
    that says so; only reports whose account names the grade the question does."""
    ids = catalog.report_ids(question.filters)
    reports = [r for r in (catalog.reports if ids is None else [catalog.by_id[i] for i in ids])
               if r.previous_inspection and (not question.grades or any(
                   g.lower() in r.previous_inspection.lower() for g in question.grades))]
    out = []
    for report in reports:
        allowed = generation.restrict([report.id], [], [])
        said = squash(report.previous_inspection[:80])
        hit = next((h for h in generation.hits(rows=list(allowed) if allowed is not None else [])
                    if said in squash(h.text)), None)
        if hit is not None:  # else said only on a cover line, not in a passage: nothing to cite it by
            out.append((report.id, hit))
    return out


def allowed_rows(filters: Filters, generation: Generation, catalog: Catalog) -> Sized | None:
    """The chunks the filters allow (None: all of them)."""
    return generation.restrict(catalog.report_ids(filters), filters.values.get("kind", []),
                               filters.values.get("section", []))


def _embed(text: str, words: list[str], generation: Generation, embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of the query and of its words, the words' taken from the index's vocabulary
    where it has them (embedded the same way at ingest), so the model reads only the rest."""
    stored = generation.word_vectors(words)
    missing = [w for w in words if w not in stored]
    fresh = embedder.encode([text] + missing)
    by_word = {**stored, **dict(zip(missing, fresh[1:]))}
    return fresh[0], np.array([by_word[w] for w in words], dtype=np.float32).reshape(len(words), len(fresh[0]))


def _expand(words: list[str], vectors: np.ndarray, generation: Generation) -> dict[str, list[str]]:
    """Map each word (with its vector) to itself plus the index's words nearest in meaning."""
    if not words:
        return {}
    related = generation.related_words(vectors, PER_TERM + 1, RELATED)
    return {w: list(dict.fromkeys([w] + GLOSSARY.get(w, []) + r)) for w, r in zip(words, related)}


def list_findings(question: Question, filters: Filters, generation: Generation, catalog: Catalog,
                  related: dict[str, list[str]]) -> list[Item]:
    """Every finding a listing asks for within the filters, merged where one item is stated twice
    (a box and the prose that revisits it); of judgments, those of the areas asked about; of
    other kinds, those on the subject the question narrows them to."""
    listing = question.listing
    kinds = ([listing.kind] if listing.kind != "area_for_improvement" else
             ["area_for_improvement", "recommendation", "cause_of_concern"] if listing.broad else
             ["area_for_improvement", "recommendation"] if listing.carried_from is not None else
             ["area_for_improvement"])
    scope = Filters({key: values for key, values in (
        ("year", listing.years or filters.values.get("year", [])),
        ("organisation", listing.forces or filters.values.get("force", []) + filters.values.get("organisation", [])),
        ("report_id", filters.values.get("report_id", []))) if values})
    report_ids = catalog.report_ids(scope)
    if report_ids == []:
        return []
    query = FindingQuery(report_id=report_ids, kind=kinds, grade=listing.grades,
                         carried_from=[listing.carried_from] if listing.carried_from is not None else [],
                         # Without a look back, a listing is of this report's own findings, not the
                         # earlier ones it revisits.
                         source=["box", "list"] if listing.carried_from is None and listing.kind != "judgment" else [])
    rows = generation.findings(query)
    if listing.kind == "judgment" and (question.outcome or question.areas or listing.topic):
        # The outcome when asked for, and the areas named (beside it), or those of the top section
        # named ("which of its areas under X were graded good?").
        areas = question.areas or ([listing.topic] if listing.topic and not question.outcome else [])
        rows = [r for r in rows if (question.outcome and is_outcome(r))
                or any(similar(f"{r.text} {r.label or ''}", a) >= 0.5 or _names_pillar(a, r) for a in areas)] or rows
    elif listing.topic:
        # No fallback to the whole list: "none on this subject" is the answer when none speaks of it.
        weights = term_weights(terms(listing.topic), related, generation)
        rows = [r for r in rows if coverage(r.text, weights) >= SUBJECT_SHARE]
    return _merge(rows)


def _names_pillar(area: str, finding: Finding) -> bool:
    """Say whether an area a question names is the top section a judgment stands in, by all its
    words (a report titled "Northmoor City Council" is no top section "councils" names)."""
    pillar = stems(finding.section_path[0]) if finding.section_path else set()
    return bool(pillar) and pillar <= stems(area)


def term_weights(words: list[str], related: dict[str, list[str]], generation: Generation) -> dict[str, tuple[set[str], float]]:
    """Each word's forms (its stems and its related index words', cut to five letters, so that
    "leadership" meets "leaders") and its weight by rarity in the index. A word the index never
    uses weighs most: nothing covers it, and the reports may not speak of it."""
    total = generation.counts()["chunks"] or 1
    out: dict[str, tuple[set[str], float]] = {}
    for word in words:
        forms = {s[:5] for w in [word] + related.get(word, []) for s in stems(w)}
        if forms:
            df = max(generation.document_frequency(f) for f in forms)
            out[word] = forms, math.log(1 + total / (1 + df))
    return out


def coverage(text: str, weights: dict[str, tuple[set[str], float]]) -> float:
    """The share of the words' weight a text uses (each word or a form of it)."""
    have = roots(text)
    return sum(w for forms, w in weights.values() if forms & have) / (sum(w for _, w in weights.values()) or 1.0)


def is_outcome(judgment: Finding) -> bool:
    """Say whether a judgment is an inspection's outcome: its overall judgment, or a statement
    given instead of a grade ("There are widespread and/or systemic failings ...")."""
    named = f"{judgment.text} {judgment.label or ''}".lower()
    return "overall" in named or "outcome" in named or len((judgment.grade or "").split()) > OUTCOME_WORDS


def _merge(rows: list) -> list[Item]:
    open_verdicts = default().open_verdicts
    items: list[Item] = []
    for row in rows:
        quote = (row.text, row.page, row.chunk_id)
        evidence = (row.evidence, row.page, row.chunk_id) if row.evidence else None
        # Only prose revisiting an item is a second statement of it: two items of one box or list,
        # however alike their wording ("Leaders across the partnership should …"), are two. An index
        # written since ingest merged revisits has none left; an older one still has them.
        twin = next((i for i in items if i.finding.report_id == row.report_id and "text" in (row.source, i.finding.source)
                     and row.kind != "judgment" and similar(i.text, row.text) >= 0.5), None)
        mentions = [(m.quote, m.page, m.chunk_id) for m in row.mentions]
        quotes = [q for q in (quote, evidence, *mentions) if q]
        if twin is None:
            items.append(Item(text=row.text, finding=row, quotes=quotes, progress=row.progress))
        else:
            twin.quotes.extend(q for q in quotes if q[0] not in [t[0] for t in twin.quotes])
            if row.progress in open_verdicts:
                twin.progress = row.progress
    # Open items first: a list of what was carried forward should lead with what is still open.
    items.sort(key=lambda i: (i.progress not in open_verdicts if i.finding.carried_from else False))
    return items


def _reports_searched(listing: Listing, reports: set[str], catalog: Catalog) -> int:
    """How many reports a listing's answer looked through: those its filters and own scope allow."""
    return sum(1 for rid in reports
               if (not listing.years or catalog.by_id[rid].year in listing.years)
               and (not listing.forces or catalog.key(rid) in listing.forces))


def _fuse(question: Question, vector: np.ndarray, dense: list[tuple[int, float]], keyword: list[tuple[int, float]],
          findings: list[int], generation: Generation) -> list[Hit]:
    hits = {h.row: h for h in generation.hits(rows=[r for r, _ in dense] + [r for r, _ in keyword] + findings)}
    rows = list(hits)
    for row, score in zip(rows, generation.chunk_vectors(rows) @ vector):
        hits[row].signals["dense"] = float(score)
    for row, score in keyword:
        hits[row].signals["keyword"] = score
    _sentence_scores(vector, hits, generation)
    for hit in hits.values():
        # A chunk's own vector and its best sentence's together: the chunk vector carries the
        # section and the gist, the sentence one exact point the chunk vector dilutes.
        hit.signals["semantic"] = hit.signals.get("dense", -1.0) + hit.signals.get("sentence", -1.0)
    semantic = sorted(hits, key=lambda r: -hits[r].signals["semantic"])
    lists: list[tuple[list[int], float]] = [(semantic, 1.0), ([r for r, _ in keyword], 1.0)]
    if findings:
        # For a question that asks for a list of findings, the findings table is the answer.
        lists.append((findings, FINDINGS_WEIGHT))
    base = _rrf([semantic, [r for r, _ in keyword]])
    near = sorted(base, key=lambda r: -base[r])[:INTENT_POOL]
    if question.kinds:
        # Among passages already near the top, those of the kind the question asks about.
        lists.append(([r for r in near if hits[r].kind in question.kinds], 1.0))
    if question.expects in ANSWER_TYPES:
        # And those that hold the kind of answer it wants: a number, a date or span of time (a name
        # is in nearly every passage, so it tells none apart).
        lists.append(([r for r in near if ANSWER_TYPES[question.expects].search(hits[r].text)], 1.0))
    for ranked, weight in lists:
        for rank, row in enumerate(ranked):
            hits[row].score += weight / (RRF_K + rank + 1)
    return sorted(hits.values(), key=lambda h: -h.score)


def _sentence_scores(vector: np.ndarray, hits: dict[int, Hit], generation: Generation) -> None:
    """Score each candidate by its best sentence: one apt sentence can answer a question."""
    if not hits:
        return
    spans, vectors = generation.sentences(list(hits))
    if not len(spans):
        return
    sims = vectors @ vector
    chunks, slot = np.unique(spans[:, 0], return_inverse=True)
    best = np.full(len(chunks), -1.0, dtype=np.float32)
    np.maximum.at(best, slot, sims)
    for chunk_row, score in zip(chunks.tolist(), best.tolist()):
        hits[chunk_row].signals["sentence"] = score


def _rrf(lists: list[list[int]]) -> dict[int, float]:
    fused: dict[int, float] = {}
    for ranked in lists:
        for rank, row in enumerate(ranked):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    return fused


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
