"""Split report text into sentences, keeping character offsets."""

from __future__ import annotations

import re

# Words that end with a full stop without ending a sentence, as they appear in UK police reports.
ABBREVIATIONS = {
    "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "cf", "approx", "co",
    "ltd", "inc", "fig", "figs", "para", "paras", "p", "pp", "sgt", "insp", "supt", "det", "ch",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vol",
    "ref", "dept", "govt", "est", "al", "op", "ibid",
}
END = re.compile(r"[.!?]['’\"”)\]]*(?=\s+[A-Z0-9‘“\"'(£•])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of text; newlines always end a sentence."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for part in text.split("\n"):
        spans.extend((offset + s, offset + e) for s, e in _split_line(part))
        offset += len(part) + 1
    return spans


def _split_line(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in END.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        end = match.end()
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    # A lone capital is an initial ("J. Smith"), not a sentence end.
    return token in ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isupper())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
