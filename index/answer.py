"""Compose extractive answers: pick the report sentences that answer a question, cite each one.

No language model is needed. Sentences from the top passages are scored by meaning (cosine to
the question) and by how much of the question's wording they cover; the answer quotes the best
of them, in report order, with [n] markers. When no sentence both means and covers enough, or a
figure is asked for and none is given, the answer abstains.

The `Composer` protocol is the seam for an optional language-model step: it would take the same
question and cited sentences and write prose; the citations stay the extractive ones.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Protocol


from .embed import Embedder, get_embedder
from .findings import stems
from .forces import forces_named
from .query import force_key
from .sections import box_kind, grade_of
from .query import terms
from .listing import Item, Listing
from .retrieve import Hit, SearchResult, load_hits
from .store import Store

# A figure is only given when a sentence with a number not in the question is clearly on its
# meaning (the embedder's `figure` bar) and shares this much of the question's wording; else
# the report does not give that figure. Other sentences need the embedder's `related` bar.
FIGURE_COVERAGE = 0.4
MAX_SENTENCES = 5
TOP_PASSAGES = 4  # passages that each contribute their best sentence
PASSAGE_MARGIN = 0.25  # how far below the best sentence such a passage's best may fall
MAX_LIST_SENTENCES = 8
PASSAGES_READ = 6
NUMERIC = re.compile(r"\b(how many|how much|what (percentage|proportion|share|number|rate|figure)|"
                     r"percent(age)?|proportion|number of|how long|how often)\b|"
                     r"\brate\b(?=\s*(of|for|in|among|compared|was|is|has|\?|,|$))", re.I)
LISTING = re.compile(r"^\s*(list|which|what are|name)\b|\b(all|every|each)\b", re.I)
NUMBER = re.compile(r"£?\d[\d,]*(\.\d+)?\s*(%|percent|m\b|bn\b|k\b)?")
ANAPHOR = re.compile(r"^(this|these|that|those|it|they|such|both|however|but)\b", re.I)
CONTINUES = re.compile(r"^(but|because|however|this|these|that|those|it|they|such|as a result|so|therefore|"
                       r"consequently|although|in addition|also)\b", re.I)
FOLLOW = 2  # sentences after a quote that may be added when they continue its argument


@dataclass
class Citation:
    n: int
    hit: Hit
    page: int
    quote: str


@dataclass
class Answer:
    question: str
    text: str | None
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    reason: str | None = None  # why the answer abstained, in words for the user
    mode: str = "extractive"  # extractive: sentences of top passages; findings: an exhaustive list
    completeness: str | None = None  # for findings answers, what was searched


class Composer(Protocol):
    """Turns chosen sentences into answer prose; the default joins them with [n] markers."""

    def __call__(self, question: str, citations: list[Citation], where: dict[str, str] | None = None) -> str: ...


def join_quotes(question: str, citations: list[Citation], where: dict[str, str] | None = None) -> str:
    """Write the answer as the quoted sentences in order, each followed by its marker; when the
    quotes come from several reports, each also says which report and page it is from."""
    several = len({c.hit.report_id for c in citations}) > 1 and where
    return " ".join(f"{c.quote} ({where[c.hit.report_id]}, p. {c.page}) [{c.n}]" if several else f"{c.quote} [{c.n}]"
                    for c in citations)


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


def answer(store: Store, result: SearchResult, compose: Composer = join_quotes) -> Answer:
    """Answer result.query from the passages in result, or abstain saying why."""
    question = result.query
    if not result.hits:
        return Answer(question, None, True, reason="no passage matches the question and filters")
    missing = unknown_forces(store, question, result)
    if missing:
        return Answer(question, None, True, reason=f"the index holds no report on {missing}")
    candidates = _candidates(store, result)
    if not candidates:
        return Answer(question, None, True, reason="the passages found hold no sentences")
    _cover(result, candidates, store)
    numeric = bool(NUMERIC.search(question))
    for c in candidates:
        c.number = any(m.group(0).strip() and m.group(0) not in question for m in NUMBER.finditer(c.text))
    model = get_embedder(store.embedder)
    good = [c for c in candidates if _answers(c, numeric, model)]
    if not good:
        why = ("the reports give no figure for this" if numeric and any(_answers(c, False, model) for c in candidates)
               else "the reports do not appear to answer this")
        return Answer(question, None, True, reason=why)
    chosen = _with_context(_choose(good, LISTING.search(question) is not None), candidates)
    unique = list({_squash(c.text): c for c in reversed(chosen)}.values())[::-1]  # twin reports repeat sentences
    citations = [Citation(n=i + 1, hit=c.hit, page=c.page, quote=c.text) for i, c in enumerate(unique)]
    return Answer(question, compose(question, citations, _report_names(store, citations)), False, citations)


def _report_names(store: Store, citations: list[Citation]) -> dict[str, str]:
    ids = sorted({c.hit.report_id for c in citations})
    rows = store.db.execute(f"SELECT id, force, year, title FROM reports WHERE id IN ({','.join('?' * len(ids))})", ids)
    return {r["id"]: ", ".join(x for x in (r["force"], r["year"]) if x) or r["title"] for r in rows}


KIND_NAMES = {"area_for_improvement": ("area for improvement", "areas for improvement"),
              "cause_of_concern": ("cause of concern", "causes of concern"),
              "recommendation": ("recommendation", "recommendations"), "judgment": ("graded judgment", "graded judgments")}


def answer_listing(store: Store, question: str, listing: Listing, items: list[Item], reports: int) -> Answer:
    """List every matching finding, each cited where the report states it."""
    hits = {h.id: h for h in load_hits(store, "id", [q[2] for i in items for q in i.quotes])}
    citations: list[Citation] = []
    lines = []
    for number, item in enumerate(items, 1):
        marks = []
        for quote, page, passage in item.quotes:
            hit = hits.get(passage)
            if hit is None or _squash(quote) not in _squash(hit.text):
                continue  # cite only words that stand in the passage exactly
            citations.append(Citation(n=len(citations) + 1, hit=hit, page=page, quote=quote))
            marks.append(f"[{len(citations)}]")
        f = item.finding
        where = f"{f['report']['force']}, {f['report']['year']}, p. {f['page']}"
        extra = [x for x in (f.get("grade") and f"graded {f['grade']}",
                             f.get("carried_from") and f"raised in {f['carried_from']}",
                             f.get("progress")) if x]
        lines.append(f"{number}. {item.text.rstrip('.')} ({'; '.join(extra + [where])}) {' '.join(marks)}".rstrip())
    one, many = KIND_NAMES[listing.kind]
    label = one if len(items) == 1 else many
    head = f"{len(items)} {label}" + (f" first raised in {listing.carried_from}" if listing.carried_from else "") + ":"
    completeness = (f"Listed from the findings extracted from all {reports} report(s) searched; "
                    "this is the complete list the extractor found, not a top-k sample.")
    return Answer(question, "\n".join([head] + lines), False, citations, mode="findings", completeness=completeness)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def unknown_forces(store: Store, question: str, result: SearchResult) -> str | None:
    """Name the forces a question asks about when none of them has a report among those searched."""
    searched = {h.report_id for h in result.hits}
    marks = ",".join("?" * len(searched))
    known = [r[0] for r in store.db.execute(f"SELECT DISTINCT force FROM reports WHERE id IN ({marks})", list(searched))]
    named = forces_named(question, store.forces)
    if not named or named & {force_key(k) for k in known if k}:
        return None
    return " or ".join(sorted(n.title() for n in named))


def _answers(c: _Candidate, numeric: bool, model: Embedder) -> bool:
    if numeric:
        return c.number and c.meaning >= model.figure and c.coverage >= FIGURE_COVERAGE
    return c.meaning >= model.related


def _candidates(store: Store, result: SearchResult) -> list[_Candidate]:
    hits = result.hits[:PASSAGES_READ]
    rank_of = {h.row: i for i, h in enumerate(hits)}
    marks = ",".join("?" * len(hits))
    rows = store.db.execute(
        f'SELECT row, chunk_row, start, "end", page FROM sentences WHERE chunk_row IN ({marks})'
        " ORDER BY row", [h.row for h in hits]).fetchall()
    if not rows:
        return []
    sims = store.vectors([r["row"] for r in rows], sentences=True) @ result.query_vector
    by_row = {h.row: h for h in hits}
    out = []
    for r, sim in zip(rows, sims):
        hit = by_row[r["chunk_row"]]
        text = hit.text[r["start"]:r["end"]]
        if len(text.split()) < 3 or text in hit.section_path or box_kind(text) or grade_of(text):
            continue  # headings and labels name a topic; they do not answer anything
        out.append(_Candidate(hit=hit, rank=rank_of[hit.row], position=r["start"], text=text,
                              page=r["page"], meaning=float(sim)))
    return out


def _cover(result: SearchResult, candidates: list[_Candidate], store: Store) -> None:
    """Set each sentence's share of the question's content words, weighted by their rarity; a
    word counts as present when the sentence has it or one of its related index words."""
    wanted: dict[str, set[str]] = {}
    for term in terms(result.query):
        forms = {s[:5] for w in [term] + result.related.get(term, []) for s in stems(w)}
        if forms:
            wanted[term] = forms
    if not wanted:
        return
    total = store.meta.get("chunks", 1) or 1
    weight = {t: math.log(1 + total / (1 + min(_df(store, f) for f in forms))) for t, forms in wanted.items()}
    norm = sum(weight.values()) or 1.0
    for c in candidates:
        have = {h[:5] for h in stems(c.text)}
        c.coverage = sum(weight[t] for t, forms in wanted.items() if forms & have) / norm


def _df(store: Store, stem: str) -> int:
    return store.keywords.document_frequency(stem)


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
