"""The index's vocabulary, embedded word by word, so queries can reach the report's own words.

A user asks about officers who were "sacked"; the report says "dismissed". Expanding keyword
search with the indexed words nearest in meaning to each query word bridges that gap without a
hand-made synonym list.
"""

from __future__ import annotations

import re

import numpy as np

from .embed import Embedder
from .query import STOPWORDS, terms
from .store import Bundle, Store, Vocabulary

WORD = re.compile(r"[a-z][a-z-]{2,}")
# Inspectorate shorthand that users type and reports spell out (or the reverse).
GLOSSARY = {
    "hmi": ["inspector", "inspectorate"], "hmicfrs": ["inspectorate"], "afi": ["improvement"],
    "afis": ["improvement"], "pcc": ["commissioner"], "csp": ["community", "safety", "partnership"],
    "asb": ["anti-social", "behaviour"], "dv": ["domestic", "violence"], "da": ["domestic", "abuse"],
    "cse": ["child", "sexual", "exploitation"], "soc": ["serious", "organised"], "ocg": ["organised", "crime", "group"],
    "peel": ["effectiveness", "efficiency", "legitimacy"], "niu": ["neighbourhood", "investigation"],
}
RELATED = 0.6  # MiniLM cosine at which two single words are near-synonyms (sacked/dismissed 0.64)
PER_TERM = 3


def new_vocabulary(bundles: list[Bundle], known: set[str], model: Embedder) -> Vocabulary:
    """Collect and embed the words of new chunks that the index does not know yet."""
    words = sorted({w for b in bundles for c in b.chunks for w in WORD.findall(c.text.lower())
                    if w not in STOPWORDS} - known)
    return Vocabulary(words=words, vectors=model.encode(words))


def expandable(query: str) -> list[str]:
    """The words of a query worth expanding: content words, not numbers."""
    return [t for t in terms(query) if len(t) > 2 and not t.isdigit()]


def expand(words: list[str], vectors: np.ndarray, store: Store) -> dict[str, list[str]]:
    """Map each word (with its vector) to itself plus the index's words nearest in meaning."""
    if not words:
        return {}
    related = store.related_words(vectors, PER_TERM + 1, RELATED)
    return {w: list(dict.fromkeys([w] + GLOSSARY.get(w, []) + r)) for w, r in zip(words, related)}
