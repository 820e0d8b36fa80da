"""The index's vocabulary, embedded word by word at ingest, so queries can reach the reports' own
words (search expands each query word with the vocabulary's nearest words)."""

from __future__ import annotations

import re

from .embed import Embedder
from .model import Bundle, Vocabulary
from .question import STOPWORDS

WORD = re.compile(r"[a-z][a-z-]{2,}")


def new_vocabulary(bundles: list[Bundle], known: set[str], model: Embedder) -> Vocabulary:
    """Collect and embed the words of new chunks that the index does not know yet."""
    words = sorted({w for b in bundles for c in b.chunks for w in WORD.findall(c.text.lower())
                    if w not in STOPWORDS} - known)
    return Vocabulary(words=words, vectors=model.encode(words))
