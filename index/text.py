"""Lexical matching shared by the stages: crude word stems and the overlap of two texts."""

from __future__ import annotations

import re

# Function words, and words every report of every family repeats, which say nothing about a match.
STOP = set("the a an of and or to in for on at by with is are was were be been has have had it its "
           "this that these those as from should force forces would will can could more all any "
           "their there which who what we our us so such not".split())


def stems(text: str) -> set[str]:
    """Reduce text to a set of crude word stems for lexical matching."""
    out = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in STOP or len(word) < 3:
            continue
        out.add(re.sub(r"(ing|ment|ments|ly|ies|es|s|ed|ity)$", "", word)[:7])
    return out


def roots(text: str) -> set[str]:
    """A text's word stems cut to five letters, so that wordings meet across endings ("leadership" /
    "leaders", "inspector" / "inspection")."""
    return {s[:5] for s in stems(text)}


def cosine(a: set[str], b: set[str]) -> float:
    """Cosine similarity of two sets, in [0, 1]."""
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


def similar(a: str, b: str) -> float:
    """Cosine similarity of two texts' sets of word stems, in [0, 1]."""
    return cosine(stems(a), stems(b))


def squash(text: str) -> str:
    """Lower case with runs of whitespace as one space, for comparing quotes."""
    return re.sub(r"\s+", " ", text).strip().lower()
