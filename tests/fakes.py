"""Test doubles: a fast, deterministic embedder registered under the name "hash"."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from index.embed import _count, register_embedder


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

    def preload(self) -> None:
        pass


register_embedder("hash", HashEmbedder)
