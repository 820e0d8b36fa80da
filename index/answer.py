"""Compose answers from the reports' own sentences, each cited; or abstain, saying why.

No language model is needed. A question that asks for every finding of a kind is answered with
the complete list from the findings table. Otherwise sentences from the top passages are scored
by meaning (cosine to the question) and by how much of the question's wording they cover; the
answer quotes the best of them, in report order, with [n] markers. When no sentence both means
and covers enough, or a figure is asked for and none is given, the answer abstains.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .embed import Embedder
from .model import Answer, Citation, Hit, Question, SearchResult
from .profiles import default, is_label
from .question import Catalog
from .store import Generation
from .text import squash, stems

# A figure is only given when a sentence with a number not in the question is clearly on its
# meaning (the embedder's `figure` bar) and shares this much of the question's wording; else
# the report does not give that figure. Other sentences need the embedder's `related` bar.
FIGURE_COVERAGE = 0.4
MAX_SENTENCES = 5
TOP_PASSAGES = 4  # passages that each contribute their best sentence
PASSAGE_MARGIN = 0.25  # how far below the best sentence such a passage's best may fall
MAX_LIST_SENTENCES = 8
PASSAGES_READ = 6
NUMBER = re.compile(r"£?\d[\d,]*(\.\d+)?\s*(%|percent|m\b|bn\b|k\b)?")
ANAPHOR = re.compile(r"^(this|these|that|those|it|they|such|both|however|but)\b", re.I)
CONTINUES = re.compile(r"^(but|because|however|this|these|that|those|it|they|such|as a result|so|therefore|"
                       r"consequently|although|in addition|also)\b", re.I)
FOLLOW = 2  # sentences after a quote that may be added when they continue its argument


@dataclass
class _Candidate:
    hit: Hit
    rank: int
    position: int
    text: str
    page: int
    meaning: float
    coverage: float = 0.0
    number: bool = False

    @property
    def score(self) -> float:
        return self.meaning + 0.3 * self.coverage - 0.01 * self.rank


def compose(result: SearchResult, generation: Generation, catalog: Catalog, embedder: Embedder) -> Answer:
    """Answer the question of result from the passages and findings in result, or abstain."""
    question = result.question
    if not result.hits:
        return Answer(question.text, None, True, reason="no passage matches the question and filters")
    missing = _unknown_organisations(question, result, catalog)
    if missing:
        return Answer(question.text, None, True, reason=f"the index holds no report on {missing}")
    if question.listing is not None and result.items:
        return _listing(result, generation, catalog)
    return _extract(result, generation, catalog, embedder)


def _extract(result: SearchResult, generation: Generation, catalog: Catalog, embedder: Embedder) -> Answer:
    question = result.question
    candidates = _candidates(result, generation)
    if not candidates:
        return Answer(question.text, None, True, reason="the passages found hold no sentences")
    _cover(result, candidates, generation)
    for c in candidates:
        c.number = any(m.group(0).strip() and m.group(0) not in question.text for m in NUMBER.finditer(c.text))
    good = [c for c in candidates if _answers(c, question.figure, embedder)]
    if not good:
        why = ("the reports give no figure for this"
               if question.figure and any(_answers(c, False, embedder) for c in candidates)
               else "the reports do not appear to answer this")
        return Answer(question.text, None, True, reason=why)
    chosen = _with_context(_choose(good, question.enumerates), candidates)
    unique = list({squash(c.text): c for c in reversed(chosen)}.values())[::-1]  # twin reports repeat sentences
    citations = [Citation(n=i + 1, hit=c.hit, page=c.page, quote=c.text) for i, c in enumerate(unique)]
    return Answer(question.text, _join_quotes(citations, catalog), False, citations)


def _join_quotes(citations: list[Citation], catalog: Catalog) -> str:
    """Write the answer as the quoted sentences in order, each followed by its marker; when the
    quotes come from several reports, each also says which report and page it is from."""
    several = len({c.hit.report_id for c in citations}) > 1
    return " ".join(f"{c.quote} ({catalog.name(c.hit.report_id)}, p. {c.page}) [{c.n}]" if several
                    else f"{c.quote} [{c.n}]" for c in citations)


def _listing(result: SearchResult, generation: Generation, catalog: Catalog) -> Answer:
    """List every matching finding, each cited where the report states it."""
    items, listing = result.items, result.question.listing
    hits = {h.id: h for h in generation.hits(ids=[q[2] for i in items for q in i.quotes])}
    citations: list[Citation] = []
    lines = []
    for number, item in enumerate(items, 1):
        marks = []
        for quote, page, passage in item.quotes:
            hit = hits.get(passage)
            if hit is None or squash(quote) not in squash(hit.text):
                continue  # cite only words that stand in the passage exactly
            citations.append(Citation(n=len(citations) + 1, hit=hit, page=page, quote=quote))
            marks.append(f"[{len(citations)}]")
        f = item.finding
        report = catalog.by_id[f.report_id]
        where = f"{report.force}, {report.year}, p. {f.page}"
        extra = [x for x in (f.grade and f"graded {f.grade}", f.carried_from and f"raised in {f.carried_from}",
                             item.progress) if x]
        lines.append(f"{number}. {item.text.rstrip('.')} ({'; '.join(extra + [where])}) {' '.join(marks)}".rstrip())
    one, many = default().kind_names(listing.kind)
    label = one if len(items) == 1 else many
    head = f"{len(items)} {label}" + (f" first raised in {listing.carried_from}" if listing.carried_from else "") + ":"
    completeness = (f"Listed from the findings extracted from all {result.reports_searched} report(s) searched; "
                    "this is the complete list the extractor found, not a top-k sample.")
    return Answer(result.question.text, "\n".join([head] + lines), False, citations, mode="findings",
                  completeness=completeness)


def _unknown_organisations(question: Question, result: SearchResult, catalog: Catalog) -> str | None:
    """Name the organisations a question asks about when none of them has a report among those searched."""
    if not question.named:
        return None
    searched = {catalog.key(h.report_id) for h in result.hits}
    if question.named & searched:
        return None
    return " or ".join(sorted(n.title() for n in question.named))


def _answers(c: _Candidate, numeric: bool, model: Embedder) -> bool:
    if numeric:
        return c.number and c.meaning >= model.figure and c.coverage >= FIGURE_COVERAGE
    return c.meaning >= model.related


def _candidates(result: SearchResult, generation: Generation) -> list[_Candidate]:
    hits = result.hits[:PASSAGES_READ]
    rank_of = {h.row: i for i, h in enumerate(hits)}
    spans, vectors = generation.sentences([h.row for h in hits])
    if not len(spans):
        return []
    by_row = {h.row: h for h in hits}
    out = []
    for (chunk_row, start, end, page), sim in zip(spans.tolist(), (vectors @ result.vector).tolist()):
        hit = by_row[chunk_row]
        text = hit.text[start:end]
        if len(text.split()) < 3 or text in hit.section_path or is_label(text):
            continue  # headings and labels name a topic; they do not answer anything
        out.append(_Candidate(hit=hit, rank=rank_of[hit.row], position=start, text=text, page=page,
                              meaning=float(sim)))
    return out


def _cover(result: SearchResult, candidates: list[_Candidate], generation: Generation) -> None:
    """Set each sentence's share of the question's content words, weighted by their rarity; a
    word counts as present when the sentence has it or one of its related index words."""
    wanted: dict[str, set[str]] = {}
    for term in result.question.all_terms:
        forms = {s[:5] for w in [term] + result.related.get(term, []) for s in stems(w)}
        if forms:
            wanted[term] = forms
    if not wanted:
        return
    total = generation.counts()["chunks"] or 1
    weight = {t: math.log(1 + total / (1 + min(generation.document_frequency(f) for f in forms)))
              for t, forms in wanted.items()}
    norm = sum(weight.values()) or 1.0
    for c in candidates:
        have = {h[:5] for h in stems(c.text)}
        c.coverage = sum(weight[t] for t, forms in wanted.items() if forms & have) / norm


def _choose(good: list[_Candidate], listing: bool) -> list[_Candidate]:
    """Take the best sentence of each of the top passages, then the next best overall.

    The fused passage ranking is more reliable than any one sentence score, so every strong
    passage gets a voice before a second sentence of the same passage is taken.
    """
    limit = MAX_LIST_SENTENCES if listing else MAX_SENTENCES
    good.sort(key=lambda c: -c.score)
    best = good[0].score
    picked: list[_Candidate] = []
    for rank in sorted({c.rank for c in good})[:TOP_PASSAGES]:
        lead = next(c for c in good if c.rank == rank)
        if lead.score >= best - PASSAGE_MARGIN:
            picked.append(lead)
    margin = 0.15 if listing else 0.08
    picked += [c for c in good if c not in picked and c.score >= best - margin]
    picked = picked[:limit]
    picked.sort(key=lambda c: (c.rank, c.position))
    return picked


def _with_context(picked: list[_Candidate], candidates: list[_Candidate]) -> list[_Candidate]:
    """Add the sentence before one that opens with "This", "It"..., and the sentences after one
    that carry its argument on ("But ...", "Because ..."), so each quote reads on its own."""
    out: list[_Candidate] = []
    for c in picked:
        same = sorted((o for o in candidates if o.hit.row == c.hit.row), key=lambda o: o.position)
        at = same.index(c)
        if ANAPHOR.match(c.text) and at > 0 and same[at - 1] not in out and same[at - 1] not in picked:
            out.append(same[at - 1])
        out.append(c)
        for follow in same[at + 1:at + 1 + FOLLOW]:
            if not CONTINUES.match(follow.text) or follow in picked or follow in out:
                break
            out.append(follow)
    return out
