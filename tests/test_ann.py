"""The FAISS layer: exact and approximate indexes, and filters that stay exact on both."""

import faiss
import numpy as np
import pytest

from index.store import ann


@pytest.fixture(scope="module")
def vectors():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(50, 64))
    x = (centres[rng.integers(0, 50, 6000)] + 0.3 * rng.normal(size=(6000, 64))).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", ["flat", "ivf"])
def test_ann_filters_are_exact_for_small_and_large_subsets(vectors, kind, tmp_path, monkeypatch):
    monkeypatch.setattr(ann, "EXACT_SUBSET", 500)  # exercise both the subset scan and the bitmap path
    path = tmp_path / f"{kind}.faiss"
    assert ann.build_index(vectors, path, kind) == kind
    index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
    for rows in (np.arange(0, 6000, 17), np.arange(3, 6000, 2)):
        for probe in (0, 100, 4000):
            got = ann.search_index(index, vectors[probe], 10, rows)
            exact = rows[np.argsort(-(vectors[rows] @ vectors[probe]))[:10]]
            assert [r for r, _ in got] == list(exact)
    assert ann.search_index(index, vectors[0], 10, np.array([], dtype=np.int64)) == []


def test_ann_unfiltered_recall_and_choice(vectors, tmp_path):
    ann.build_index(vectors, tmp_path / "h.faiss", "ivf")
    index = faiss.read_index(str(tmp_path / "h.faiss"))
    hits = 0
    for probe in range(0, 6000, 300):
        got = {r for r, _ in ann.search_index(index, vectors[probe], 10)}
        hits += len(got & set(np.argsort(-(vectors @ vectors[probe]))[:10]))
    assert hits / (20 * 10) >= 0.95
    assert ann.choose(ann.IVF_ABOVE) == "flat" and ann.choose(ann.IVF_ABOVE + 1) == "ivf"
