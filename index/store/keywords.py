"""Keyword search: BM25 over chunk text and section titles, scored in memory by bm25s.

BM25 weights are computed once, when a generation is written, and stored as sparse matrices
that each process memory-maps. A query then sums a few precomputed columns, so its cost is the
postings of its own terms, not a scan of every matching row as SQLite FTS5's bm25() did: at
100k chunks the keyword stage fell from 126-647 ms to ~7 ms (docs/scaling.md).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

# The section path is a second field at half weight, so a passage under "Vetting" matches
# "vetting" even when its own text says "checks".
FIELDS = {"text": 1.0, "section": 0.5}
# Robertson's BM25 (FTS5's formula, defaults k1 1.2, b 0.75): a term in more than half the
# passages gets no weight, so boilerplate shared by every report decides nothing.
PARAMS = {"method": "robertson", "k1": 1.2, "b": 0.75}
RELATED_WEIGHT = 0.5
_STEMMER = Stemmer.Stemmer("porter")


def tokens(texts: Sequence[str], ids: bool = False):
    """Split and stem texts the way the index does (lower case, Porter stems; stopwords kept, as
    they count in passage length): token lists, or with ids the token ids and vocabulary bm25s
    indexes."""
    return bm25s.tokenize(list(texts), stopwords=None, stemmer=_STEMMER, return_ids=ids, show_progress=False)


def build_keywords(fields: dict[str, Sequence[str]], folder: Path) -> None:
    """Write one BM25 index per field under folder; row i of every field is chunk row i.

    An empty index (every file of a first ingest failed) is an empty folder: bm25s cannot index
    nothing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in FIELDS:
        texts = fields[name]
        if not len(texts):
            continue
        model = bm25s.BM25(**PARAMS)
        model.index(tokens(texts, ids=True), show_progress=False)
        model.save(str(folder / name), show_progress=False)


class KeywordIndex:
    """The BM25 fields of one generation, memory-mapped; safe to share between threads."""

    def __init__(self, folder: Path) -> None:
        self._fields = {name: bm25s.BM25.load(str(folder / name), mmap=True, show_progress=False)
                        for name in FIELDS if (folder / name).exists()}
        text = self._fields.get("text")
        self.size = int(text.scores["num_docs"]) if text else 0
        self._stems = sorted(text.vocab_dict) if text else []
        self._df = np.diff(text.scores["indptr"]) if text else np.zeros(0, dtype=np.int64)
        self._stem_ids = np.array([text.vocab_dict[s] for s in self._stems], dtype=np.int64)

    def search(self, groups: Sequence[Sequence[str]], k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Return up to k (row, score) pairs with a positive score, best first; with rows, only those.

        Each group is one query word followed by the words searched for it. A stem counts once
        per group, at full weight if the word itself has it and at RELATED_WEIGHT if only a
        related word does: expansions widen the net without outvoting the user's own words.
        """
        weights: dict[float, list[str]] = {1.0: [], RELATED_WEIGHT: []}
        for group in groups:
            own = set(tokens(group[:1])[0]) if group else set()
            related = {t for g in tokens(group[1:]) for t in g} - own if len(group) > 1 else set()
            weights[1.0] += sorted(own)
            weights[RELATED_WEIGHT] += sorted(related)
        if not any(weights.values()) or not self.size:
            return []
        scores = np.zeros(self.size, dtype=np.float32)
        for name, field_weight in FIELDS.items():
            model = self._fields[name]
            for weight, stems in weights.items():
                ids = model.get_tokens_ids(stems)
                if ids:
                    scores += field_weight * weight * model.get_scores_from_ids(ids)
        candidates = np.arange(self.size) if rows is None else np.asarray(rows, dtype=np.int64)
        subset = scores[candidates]
        if len(subset) > k:
            top = np.argpartition(-subset, k)[:k]
        else:
            top = np.arange(len(subset))
        top = top[np.argsort(-subset[top], kind="stable")]
        return [(int(candidates[i]), float(subset[i])) for i in top if subset[i] > 0]

    def document_frequency(self, prefix: str) -> int:
        """How many passages hold a text stem starting with prefix (the most frequent such stem)."""
        start, end = bisect_left(self._stems, prefix), bisect_left(self._stems, prefix + "\uffff")
        return int(self._df[self._stem_ids[start:end]].max(initial=0))
