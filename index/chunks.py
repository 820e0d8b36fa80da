"""Cut sections into chunks that fit the embedding model: never across sections, at sentence ends."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .model import Block, Chunk, Section, Sentence, embed_prefix
from .sentences import split_sentences

# Tokens the model adds ([CLS], [SEP]) on top of the text we count.
SPECIAL_TOKENS = 2
TARGET_TOKENS = 200


@dataclass
class _Unit:
    text: str
    page: int
    page_end: int
    para: int  # units of one paragraph join with a space, others with a newline
    tokens: int = 0


CountTokens = Callable[[list[str]], list[int]]


def make_chunks(sections: list[Section], report_id: str, count_tokens: CountTokens,
                max_tokens: int = 256, target_tokens: int = TARGET_TOKENS) -> list[Chunk]:
    """Cut every section into chunks of whole sentences that fit the model with their path prefix."""
    chunks: list[Chunk] = []
    for section in sections:
        budget = max_tokens - SPECIAL_TOKENS - count_tokens([embed_prefix(section.path)])[0]
        first = len(chunks)
        for kind, units in _groups(section):
            for unit, n in zip(units, count_tokens([u.text for u in units])):
                unit.tokens = n + 1
            pieces = _pack(_fit(units, budget, count_tokens), budget, min(target_tokens, budget))
            for before, piece in zip([None] + pieces, pieces):
                chunk = _chunk(report_id, len(chunks), kind, section.path, piece)
                last = before[-1] if before else None
                if last is not None and last.para == piece[0].para and sum(u.tokens for u in piece) + last.tokens <= budget:
                    chunk.context = last.text
                chunks.append(chunk)
        if section.grade and len(chunks) > first and chunks[first].kind == "body":
            # The passage that opens a graded question states its judgment.
            chunks[first].kind = "judgment"
    return chunks


def _groups(section: Section) -> list[tuple[str, list[_Unit]]]:
    """Group a section's blocks: runs of prose together, every box and table on its own.

    The heading and grade label open the first group, so a passage shows them as printed.
    """
    groups: list[tuple[str, list[_Unit]]] = []
    opening: list[_Unit] = []
    prose: list[_Unit] = []
    paras = itertools.count()
    for block in section.blocks:
        if block.kind in ("heading", "grade"):
            opening.extend(_units(block, paras))
        elif block.kind == "body":
            prose.extend(_units(block, paras))
        else:
            if prose:
                groups.append(("body", prose))
                prose = []
            groups.append((block.kind, opening + _units(block, paras)))
            opening = []
        if opening and prose:
            prose = opening + prose
            opening = []
    if prose:
        groups.append(("body", prose))
    elif opening and section.grade and not groups:
        # A graded heading with nothing under it still states a judgment worth finding.
        groups.append(("body", opening))
    return groups


def _units(block: Block, paras: Iterator[int]) -> list[_Unit]:
    """Split a block into sentences; a box's or table's lines stay on lines of their own."""
    units = []
    lines_start = 0
    para = next(paras)
    for line in block.text.split("\n"):
        if lines_start:
            para = next(paras)
        for start, end in split_sentences(line):
            offset = lines_start + start
            units.append(_Unit(text=line[start:end], page=block.page_at(offset),
                               page_end=block.page_at(lines_start + end - 1), para=para))
        lines_start += len(line) + 1
    return units


def _fit(units: list[_Unit], budget: int, count_tokens: CountTokens) -> list[_Unit]:
    """Split any unit longer than the budget at word boundaries, so nothing is truncated."""
    out: list[_Unit] = []
    for unit in units:
        if unit.tokens <= budget:
            out.append(unit)
            continue
        words = unit.text.split(" ")
        per = max(1, int(len(words) * budget / unit.tokens * 0.9))
        for k in range(0, len(words), per):
            text = " ".join(words[k:k + per])
            out.append(_Unit(text, unit.page, unit.page_end, unit.para, count_tokens([text])[0] + 1))
    return out


def _pack(units: list[_Unit], budget: int, target: int) -> list[list[_Unit]]:
    """Pack sentences greedily toward an even share of the group, never over the budget, and
    between paragraphs where the budget allows: a paragraph cut in two leaves its second half
    talking of "this" with nothing before it."""
    total = sum(u.tokens for u in units)
    if total == 0:
        return []
    share = total / math.ceil(total / target)
    pieces: list[list[_Unit]] = [[]]
    size = 0
    for unit in units:
        full = size + unit.tokens > budget
        due = size >= share or size + unit.tokens / 2 > share
        if pieces[-1] and (full or (due and unit.para != pieces[-1][-1].para)):
            pieces.append([])
            size = 0
        pieces[-1].append(unit)
        size += unit.tokens
    return pieces


def _chunk(report_id: str, seq: int, kind: str, path: list[str], units: list[_Unit]) -> Chunk:
    text = ""
    sentences = []
    for n, unit in enumerate(units):
        if n:
            text += " " if unit.para == units[n - 1].para else "\n"
        sentences.append(Sentence(start=len(text), end=len(text) + len(unit.text), page=unit.page))
        text += unit.text
    return Chunk(id=f"{report_id}-{seq:04d}", report_id=report_id, seq=seq, kind=kind,
                 section_path=list(path), text=text, page_start=min(u.page for u in units),
                 page_end=max(u.page_end for u in units), sentences=sentences)
