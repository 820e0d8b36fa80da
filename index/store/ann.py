"""Choose, build and search the FAISS index for a set of unit vectors (inner product = cosine).

The thresholds below are the one place index choice is decided; `scripts/bench_query.py`
prints the measurements behind them (see docs/scaling.md).
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

# Exact search costs ~0.15-0.5 ms per 1,000 vectors on one core; past this many it would eat the
# query budget, so an inverted file (IVF-Flat) takes over (docs/scaling.md, "Exact or IVF").
IVF_ABOVE = 50_000
# IVF-Flat with nlist = IVF_LISTS_PER_ROOT * sqrt(N) lists, IVF_PROBE of them searched: recall@10
# against exact >= 0.98 at 100k and 1M on near-duplicate passages, where HNSW stayed at 0.44-0.92.
IVF_LISTS_PER_ROOT = 4
IVF_PROBE = 128
IVF_TRAIN_PER_LIST = 50
# A filtered search over at most this many rows is done exactly, by fetching those vectors.
EXACT_SUBSET = 50_000


# Memory-map the vectors themselves (IFC covers flat storage, not just IVF lists): opening is
# instant and worker processes share one copy through the page cache.
_MMAP = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY


def load(path: Path) -> faiss.Index:
    """Open a written index, memory-mapped and read-only."""
    return faiss.read_index(str(path), _MMAP)


def size(index: faiss.Index) -> int:
    return index.ntotal


def fetch(index: faiss.Index, rows: np.ndarray | list[int]) -> np.ndarray:
    """The stored vectors of these rows."""
    if not len(rows):
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_batch(np.asarray(rows, dtype=np.int64))


def fetch_all(index: faiss.Index) -> np.ndarray:
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), dtype=np.float32)


def nearest(index: faiss.Index, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, rows) of the k nearest stored vectors to each of vectors, exactly."""
    return index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)


def limit_threads(count: int) -> None:
    """Cap FAISS's OpenMP threads for this process (see embed.limit_threads for why)."""
    faiss.omp_set_num_threads(count)


def choose(count: int) -> str:
    """Name the index kind for this many vectors."""
    return "ivf" if count > IVF_ABOVE else "flat"


def build_index(vectors: np.ndarray, path: Path, kind: str | None = None) -> str:
    """Build an index over vectors (row i gets id i), write it to path, and return its kind."""
    kind = kind or choose(len(vectors))
    dim = vectors.shape[1]
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind == "ivf":
        lists = max(1, min(len(vectors) // IVF_TRAIN_PER_LIST, round(IVF_LISTS_PER_ROOT * math.sqrt(len(vectors)))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), lists * IVF_TRAIN_PER_LIST),
                                                 replace=False)
        index.train(vectors[np.sort(sample)])
        index.add(vectors)
        # Rows are fetched by id (fusion reads every candidate's vector), which IVF needs a map for.
        index.make_direct_map()
    else:
        index = faiss.IndexFlatIP(dim)
        if len(vectors):
            index.add(vectors)
    faiss.write_index(index, str(path))
    return kind


def search_index(index: faiss.Index, vector: np.ndarray, k: int,
                 rows: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Return up to k (row, score) pairs, best first; with rows, only those rows can appear."""
    query = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
    ivf = isinstance(index, faiss.IndexIVF)
    if rows is None:
        k = min(k, index.ntotal)
        if k <= 0:
            return []
        params = faiss.SearchParametersIVF(nprobe=min(IVF_PROBE, index.nlist)) if ivf else None
        scores, ids = index.search(query, k, params=params)
        return _pairs(ids[0], scores[0])
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return []
    if ivf and len(rows) <= EXACT_SUBSET:
        # Probing a few lists under a tight filter finds few in-filter rows; a small subset is cheap to scan.
        sims = index.reconstruct_batch(rows) @ query[0]
        top = np.argsort(-sims)[:k]
        return [(int(rows[i]), float(sims[i])) for i in top]
    # Large subsets: every vector under a bitmap (all IVF lists probed), so the filter stays exact.
    bitmap = np.zeros((index.ntotal + 7) // 8, dtype=np.uint8)
    np.bitwise_or.at(bitmap, rows >> 3, (1 << (rows & 7)).astype(np.uint8))
    selector = faiss.IDSelectorBitmap(index.ntotal, faiss.swig_ptr(bitmap))
    params = (faiss.SearchParametersIVF(sel=selector, nprobe=index.nlist) if ivf
              else faiss.SearchParameters(sel=selector))
    scores, ids = index.search(query, min(k, len(rows)), params=params)
    return _pairs(ids[0], scores[0])


def _pairs(ids: np.ndarray, scores: np.ndarray) -> list[tuple[int, float]]:
    return [(int(i), float(s)) for i, s in zip(ids, scores) if i >= 0]
