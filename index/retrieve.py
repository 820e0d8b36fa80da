"""Hybrid retrieval: dense (FAISS) and keyword (BM25) candidates, re-ranked with sentence
similarity and question intent, fused by reciprocal rank. Filters apply before any ranking."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field

import numpy as np

from .embed import Embedder
from .query import Filters, terms
from .listing import list_findings, parse_listing
from .scope import implied_filters, without_scope
from .store import Store
from .vocab import expand, expandable

RRF_K = 60
CANDIDATES = 100
FINDINGS_WEIGHT = 3.0
INTENT_POOL = 10
# Words that say which kind of passage answers the question; they select kinds, not texts.
INTENTS = [
    (re.compile(r"\bareas? for improvement\b|\bAFIs?\b", re.I), ("area_for_improvement",)),
    (re.compile(r"\bcauses? of concern\b", re.I), ("cause_of_concern",)),
    (re.compile(r"\brecommend", re.I), ("recommendation", "cause_of_concern")),
    (re.compile(r"\b(grade[sd]?|grading|rated|rating|ratings|judg(e)?ments?|judged|outstanding|inadequate|"
                r"requires improvement|last inspected)\b", re.I), ("judgment", "table")),
]


@dataclass
class Hit:
    row: int
    id: str
    report_id: str
    kind: str
    section_path: list[str]
    text: str
    page_start: int
    page_end: int
    score: float = 0.0
    signals: dict[str, float] = field(default_factory=dict)


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    filters: dict[str, list[str]]
    query_vector: np.ndarray
    took_ms: float
    timings: dict[str, float] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)  # query word -> words searched for it
    implied: dict[str, list[str]] = field(default_factory=dict)  # all filters applied, the question's own included


def intent_kinds(text: str) -> tuple[str, ...]:
    """Name the passage kinds a question asks about, from the words it uses."""
    kinds: list[str] = []
    for pattern, named in INTENTS:
        if pattern.search(text):
            kinds.extend(k for k in named if k not in kinds)
    return tuple(kinds)


class Retriever:
    """Search one store with one embedder; safe to share between request threads."""

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder

    def search(self, query: str, k: int = 8, filters: Filters | None = None) -> SearchResult:
        """Return the k best passages for query among those the filters allow."""
        explicit = filters or Filters()
        implied = implied_filters(query, self.store)
        filters = explicit.merged(implied)
        text = without_scope(query, filters)
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        words = expandable(text)
        vector, word_vectors = self._embed(text, words)
        timings["embed_ms"] = _ms(t0)
        rows = self._allowed(filters) if filters else None
        if rows is not None and len(rows) == 0:
            # Fail closed: a filter that matches nothing gives nothing, never everything.
            return SearchResult(query, [], explicit.public(), vector, _ms(t0), timings,
                                implied=filters.public())
        t1 = time.perf_counter()
        dense = self.store.dense(vector, CANDIDATES, rows)
        timings["dense_ms"] = _ms(t1)
        t1 = time.perf_counter()
        related = expand(words, word_vectors, self.store)
        keyword = self.store.keyword([related.get(t, [t]) for t in terms(text)], CANDIDATES, rows)
        timings["keyword_ms"] = _ms(t1)
        t1 = time.perf_counter()
        findings = self._finding_rows(query, filters)
        hits = self._fuse(text, vector, dense, keyword, findings)[:k]
        timings["fuse_ms"] = _ms(t1)
        return SearchResult(query, hits, explicit.public(), vector, _ms(t0), timings, related,
                            implied=filters.public())

    def _allowed(self, filters: Filters) -> np.ndarray:
        if filters.report_level:
            return self.store.report_rows(filters.report_ids(self.store) or [])
        clause, args = filters.sql(self.store)
        rows = self.store.db.execute(f"SELECT c.row FROM chunks c WHERE {clause}", args)
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def _embed(self, text: str, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Vectors of the query and of its words, the words' taken from the index's vocabulary
        where it has them (embedded the same way at ingest), so the model reads only the rest."""
        stored = self.store.word_vectors(words)
        missing = [w for w in words if w not in stored]
        fresh = self.embedder.encode([text] + missing)
        by_word = {**stored, **dict(zip(missing, fresh[1:]))}
        return fresh[0], np.array([by_word[w] for w in words], dtype=np.float32).reshape(len(words), len(fresh[0]))

    def _finding_rows(self, query: str, filters: Filters) -> list[int]:
        """Rows of the passages that state the findings a listing question asks for, in order."""
        listing = parse_listing(query, self.store)
        if listing is None:
            return []
        ids = [q[2] for item in list_findings(self.store, listing, filters) for q in item.quotes]
        return [h.row for h in sorted(load_hits(self.store, "id", ids), key=lambda h: ids.index(h.id))]

    def _fuse(self, query: str, vector: np.ndarray, dense: list[tuple[int, float]],
              keyword: list[tuple[int, float]], findings: list[int]) -> list[Hit]:
        hits = {h.row: h for h in self._load([r for r, _ in dense] + [r for r, _ in keyword] + findings)}
        rows = list(hits)
        for row, score in zip(rows, self.store.vectors(rows) @ vector):
            hits[row].signals["dense"] = float(score)
        for row, score in keyword:
            hits[row].signals["keyword"] = score
        self._sentence_scores(vector, hits)
        for hit in hits.values():
            # A chunk's own vector and its best sentence's together: the chunk vector carries the
            # section and the gist, the sentence one exact point the chunk vector dilutes.
            hit.signals["semantic"] = hit.signals.get("dense", -1.0) + hit.signals.get("sentence", -1.0)
        semantic = sorted(hits, key=lambda r: -hits[r].signals["semantic"])
        lists: list[tuple[list[int], float]] = [(semantic, 1.0), ([r for r, _ in keyword], 1.0)]
        if findings:
            # For a question that asks for a list of findings, the findings table is the answer.
            lists.append((findings, FINDINGS_WEIGHT))
        wanted = intent_kinds(query)
        if wanted:
            # Among passages already near the top, those of the kind the question asks about.
            base = _rrf([semantic, [r for r, _ in keyword]])
            near = sorted(base, key=lambda r: -base[r])[:INTENT_POOL]
            lists.append(([r for r in near if hits[r].kind in wanted], 1.0))
        for ranked, weight in lists:
            for rank, row in enumerate(ranked):
                hits[row].score += weight / (RRF_K + rank + 1)
        return sorted(hits.values(), key=lambda h: -h.score)

    def _load(self, rows: list[int]) -> list[Hit]:
        return load_hits(self.store, "row", rows)

    def _sentence_scores(self, vector: np.ndarray, hits: dict[int, Hit]) -> None:
        """Score each candidate by its best sentence: one apt sentence can answer a question."""
        if not hits:
            return
        marks = ",".join("?" * len(hits))
        pairs = np.array(self.store.db.execute(
            f"SELECT row, chunk_row FROM sentences WHERE chunk_row IN ({marks})", list(hits)).fetchall(),
            dtype=np.int64).reshape(-1, 2)
        if not len(pairs):
            return
        sims = self.store.vectors(pairs[:, 0].tolist(), sentences=True) @ vector
        chunks, slot = np.unique(pairs[:, 1], return_inverse=True)
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


def load_hits(store: Store, key: str, values: list) -> list[Hit]:
    """Load chunks as hits by row number or by id (key is "row" or "id"), without duplicates."""
    unique = list(dict.fromkeys(v for v in values if v is not None))
    if not unique:
        return []
    marks = ",".join("?" * len(unique))
    found = store.db.execute(
        "SELECT row, id, report_id, kind, path, text, page_start, page_end FROM chunks"
        f" WHERE {key} IN ({marks})", unique).fetchall()
    return [Hit(row=r["row"], id=r["id"], report_id=r["report_id"], kind=r["kind"],
                section_path=json.loads(r["path"]), text=r["text"], page_start=r["page_start"],
                page_end=r["page_end"]) for r in found]


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
