"""The index's vocabulary, embedded word by word, so queries can reach the report's own words.

A user asks about officers who were "sacked"; the report says "dismissed". Expanding keyword
search with the indexed words nearest in meaning to each query word bridges that gap without a
hand-made synonym list.
"""

from __future__ import annotations

import re

from .embed import Embedder
from .query import STOPWORDS, terms
from .store import Bundle, Store, Vocabulary

WORD = re.compile(r"[a-z][a-z-]{2,}")
RELATED = 0.6  # MiniLM cosine at which two single words are near-synonyms (sacked/dismissed 0.64)
PER_TERM = 3


def new_vocabulary(bundles: list[Bundle], known: set[str], model: Embedder) -> Vocabulary:
    """Collect and embed the words of new chunks that the index does not know yet."""
    words = sorted({w for b in bundles for c in b.chunks for w in WORD.findall(c.text.lower())
                    if w not in STOPWORDS} - known)
    return Vocabulary(words=words, vectors=model.encode(words))


def expand(query: str, store: Store, model: Embedder) -> dict[str, list[str]]:
    """Map each content word of query to itself plus the index's words nearest in meaning."""
    words = [t for t in terms(query) if len(t) > 2 and not t.isdigit()]
    if not words:
        return {}
    related = store.related_words(model.encode(words), PER_TERM + 1, RELATED)
    return {w: list(dict.fromkeys([w] + r)) for w, r in zip(words, related)}
