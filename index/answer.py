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

import numpy as np

from .findings import stems
from .query import terms
from .retrieve import Hit, SearchResult
from .store import Store

# Cosine of question and sentence (MiniLM) above which a sentence answers on meaning alone,
# and the lower bar that holds when it also shares most of the question's wording.
STRONG = 0.62
WEAK = 0.42
COVERAGE = 0.5
MAX_SENTENCES = 4
MAX_LIST_SENTENCES = 8
PASSAGES_READ = 6
NUMERIC = re.compile(r"\b(how many|how much|what (percentage|proportion|share|number|rate|figure)|"
                     r"percent(age)?|proportion|rate of|number of|how long|how often)\b", re.I)
LISTING = re.compile(r"^\s*(list|which|what are|name)\b|\b(all|every|each)\b", re.I)
NUMBER = re.compile(r"£?\d[\d,]*(\.\d+)?\s*(%|percent|m\b|bn\b|k\b)?")
ANAPHOR = re.compile(r"^(this|these|that|those|it|they|such|both|however|but)\b", re.I)


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

    def __call__(self, question: str, citations: list[Citation]) -> str: ...


def join_quotes(question: str, citations: list[Citation]) -> str:
    """Write the answer as the quoted sentences in order, each followed by its marker."""
    return " ".join(f"{c.quote} [{c.n}]" for c in citations)


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
    candidates = _candidates(store, result)
    if not candidates:
        return Answer(question, None, True, reason="the passages found hold no sentences")
    _cover(question, candidates, store)
    numeric = bool(NUMERIC.search(question))
    for c in candidates:
        c.number = any(m.group(0).strip() and m.group(0) not in question for m in NUMBER.finditer(c.text))
    good = [c for c in candidates if _answers(c, numeric)]
    if not good:
        why = ("the reports give no figure for this" if numeric and any(_answers(c, False) for c in candidates)
               else "the reports do not appear to answer this")
        return Answer(question, None, True, reason=why)
    chosen = _with_context(_choose(good, LISTING.search(question) is not None), candidates)
    citations = [Citation(n=i + 1, hit=c.hit, page=c.page, quote=c.text) for i, c in enumerate(chosen)]
    return Answer(question, compose(question, citations), False, citations)


def _answers(c: _Candidate, numeric: bool) -> bool:
    relevant = c.meaning >= STRONG or (c.meaning >= WEAK and c.coverage >= COVERAGE)
    return relevant and (c.number or not numeric)


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
        if len(text.split()) < 3:  # headings and grade labels say too little on their own
            continue
        out.append(_Candidate(hit=hit, rank=rank_of[hit.row], position=r["start"], text=text,
                              page=r["page"], meaning=float(sim)))
    return out


def _cover(question: str, candidates: list[_Candidate], store: Store) -> None:
    """Set each sentence's share of the question's content words, weighted by their rarity."""
    wanted = {s for t in terms(question) for s in stems(t)}
    if not wanted:
        return
    total = store.meta.get("chunks", 1) or 1
    weight = {w: math.log(1 + total / (1 + _df(store, w))) for w in wanted}
    norm = sum(weight.values()) or 1.0
    for c in candidates:
        have = stems(c.text)
        c.coverage = sum(weight[w] for w in wanted if any(h[:5] == w[:5] for h in have)) / norm


def _df(store: Store, stem: str) -> int:
    row = store.db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                           [f'text:"{stem}"*']).fetchone()
    return row[0] if row else 0


def _choose(good: list[_Candidate], listing: bool) -> list[_Candidate]:
    """Keep the best sentences (more for list questions), with the sentence an anaphor needs."""
    good.sort(key=lambda c: -c.score)
    best = good[0].score
    limit = MAX_LIST_SENTENCES if listing else MAX_SENTENCES
    margin = 0.15 if listing else 0.08
    picked = [c for c in good if c.score >= best - margin][:limit]
    picked.sort(key=lambda c: (c.rank, c.position))
    return picked


def _with_context(picked: list[_Candidate], candidates: list[_Candidate]) -> list[_Candidate]:
    """Put back the sentence before one that opens with "This", "It"... so it reads on its own."""
    out: list[_Candidate] = []
    for c in picked:
        if ANAPHOR.match(c.text):
            before = [o for o in candidates if o.hit.row == c.hit.row and o.position < c.position]
            prev = max(before, key=lambda o: o.position, default=None)
            if prev is not None and prev not in out and prev not in picked:
                out.append(prev)
        out.append(c)
    return out
