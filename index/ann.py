"""Choose, build and search the FAISS index for a set of unit vectors (inner product = cosine).

The thresholds below are the one place index choice is decided; `scripts/bench_query.py`
prints the measurements behind them (see docs/scaling.md).
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

# Exact search stays under the latency budget up to here on a 2-core machine (docs/scaling.md).
HNSW_ABOVE = 200_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 128
# A filtered search over at most this many rows is done exactly, whatever the index.
EXACT_SUBSET = 50_000


def limit_threads(count: int) -> None:
    """Cap FAISS's OpenMP threads for this process (see embed.limit_threads for why)."""
    faiss.omp_set_num_threads(count)


def choose(count: int) -> str:
    """Name the index kind for this many vectors."""
    return "hnsw" if count > HNSW_ABOVE else "flat"


def build_index(vectors: np.ndarray, path: Path, kind: str | None = None) -> str:
    """Build an index over vectors (row i gets id i), write it to path, and return its kind."""
    kind = kind or choose(len(vectors))
    dim = vectors.shape[1]
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(index, str(path))
    return kind


def search_index(index: faiss.Index, vector: np.ndarray, k: int,
                 rows: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Return up to k (row, score) pairs, best first; with rows, only those rows can appear."""
    query = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
    hnsw = isinstance(index, faiss.IndexHNSW)
    if rows is None:
        k = min(k, index.ntotal)
        if k <= 0:
            return []
        params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k)) if hnsw else None
        scores, ids = index.search(query, k, params=params)
        return _pairs(ids[0], scores[0])
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return []
    if hnsw and len(rows) <= EXACT_SUBSET:
        # Graph search under a tight filter strands the walk; small subsets are cheap to scan.
        sims = index.reconstruct_batch(rows) @ query[0]
        top = np.argsort(-sims)[:k]
        return [(int(rows[i]), float(sims[i])) for i in top]
    # Large subsets: an exact scan of the flat vectors (an HNSW graph walk under a filter that
    # does not follow the query's neighbourhood misses in-filter rows; measured in docs/scaling.md).
    flat = faiss.downcast_index(index.storage) if hnsw else index
    bitmap = np.zeros((flat.ntotal + 7) // 8, dtype=np.uint8)
    np.bitwise_or.at(bitmap, rows >> 3, (1 << (rows & 7)).astype(np.uint8))
    selector = faiss.IDSelectorBitmap(flat.ntotal, faiss.swig_ptr(bitmap))
    scores, ids = flat.search(query, min(k, len(rows)), params=faiss.SearchParameters(sel=selector))
    return _pairs(ids[0], scores[0])


def _pairs(ids: np.ndarray, scores: np.ndarray) -> list[tuple[int, float]]:
    return [(int(i), float(s)) for i, s in zip(ids, scores) if i >= 0]
