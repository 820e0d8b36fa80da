"""Retrieval and answer metrics on a gold question file, computed in-process.

The figures and the matching rule are those of the project's external scorer: a quote counts as
found in a passage when a contiguous run of at least 80% of its words appears there (case,
quotes, dashes and whitespace normalised); a key fact is stated when one of its alternative
strings occurs in the answer text, normalised the same way.
"""

from __future__ import annotations

import json
import statistics
import time
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

TRANS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})
CUTS = (1, 3, 5, 10)
BUDGETS = (500, 1000)


def words(text: str) -> list[str]:
    return text.translate(TRANS).lower().split()


def contains(passage: list[str], quote: list[str], share: float = 0.8) -> bool:
    """Say whether a contiguous run of share of quote's words appears in passage."""
    if not quote:
        return False
    if " ".join(quote) in " ".join(passage):
        return True
    match = SequenceMatcher(None, passage, quote, autojunk=False)
    best = max((b.size for b in match.get_matching_blocks()), default=0)
    return best >= share * len(quote)


def norm(text: str) -> str:
    return " ".join(words(text))


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(engine: Any, gold: list[dict], k: int = 10) -> dict:
    """Score search (top k) and ask on every gold question; return the summary figures.

    engine is anything with search(question, k) -> result with .hits and ask(question, k) ->
    (reply, result): the service's engine, or a baseline to compare it with.
    """
    rec: dict[int, list[float]] = {c: [] for c in CUTS if c <= k}
    recw: dict[int, list[float]] = {b: [] for b in BUDGETS}
    rr, pages, latency, abstain_neg, answer_pos, support, misses = [], [], [], [], [], [], []
    facts, complete, precision, lengths, wrong, incomplete = [], [], [], [], [], []
    for g in gold:
        t0 = time.perf_counter()
        result = engine.search(g["question"], k)
        latency.append((time.perf_counter() - t0) * 1000)
        texts = [words(h.text) for h in result.hits]
        quotes = [words(q) for q in g.get("evidence", [])]
        if quotes:
            first = next((i for i, p in enumerate(texts) if any(contains(p, q) for q in quotes)), None)
            rr.append(0.0 if first is None else 1.0 / (first + 1))
            for c in rec:
                rec[c].append(sum(any(contains(p, q) for p in texts[:c]) for q in quotes) / len(quotes))
            for b in BUDGETS:
                upto, read = 0, 0
                while upto < len(texts) and read < b:
                    read += len(texts[upto])
                    upto += 1
                recw[b].append(sum(any(contains(p, q) for p in texts[:upto]) for q in quotes) / len(quotes))
            for q, page in zip(quotes, g.get("evidence_pages") or [None] * len(quotes)):
                hit = next((h for h, t in zip(result.hits, texts) if contains(t, q)), None)
                if page is not None and hit is not None:
                    pages.append(hit.page_start <= page <= hit.page_end)
            if first is None or first >= 5:
                misses.append(g["id"])
        reply, _ = engine.ask(g["question"], min(k, 8))
        text = "" if reply.abstained else norm(reply.text or "")
        if not reply.abstained:
            lengths.append(len(text.split()))
        if quotes and g.get("facts"):
            stated = sum(any(norm(alt) in text for alt in fact) for fact in g["facts"])
            facts.append(stated / len(g["facts"]))
            complete.append(stated == len(g["facts"]))
            if stated < len(g["facts"]):
                incomplete.append(g["id"])
        if not quotes:
            wrong.append(not reply.abstained)
        elif g.get("forbidden") is not None and not reply.abstained:
            wrong.append(any(norm(f) in text for f in g["forbidden"]))
        if quotes:
            answer_pos.append(not reply.abstained)
            if not reply.abstained:
                cited = [words(c.quote) for c in reply.citations]
                support.append(any(contains(c, q, 0.5) or contains(q, c, 0.8) for c in cited for q in quotes if c))
                quoted = [c for c in cited if c]
                if quoted:
                    precision.append(sum(any(contains(c, q, 0.5) or contains(q, c, 0.8) for q in quotes)
                                         for c in quoted) / len(quoted))
        else:
            abstain_neg.append(reply.abstained)
    out = {f"recall@{c}": _mean(v) for c, v in rec.items()}
    out.update({f"recall@{b}w": _mean(v) for b, v in recw.items()})
    latency.sort()
    out.update({"mrr": _mean(rr), "page_acc": _mean(pages), "abstain_neg": _mean(abstain_neg),
                "answer_pos": _mean(answer_pos), "cite_support": _mean(support),
                "fact_recall": _mean(facts), "answer_complete": _mean(complete),
                "cite_precision": _mean(precision),
                "answer_words": statistics.median(lengths) if lengths else None,
                "wrong_claims": _mean(wrong),
                "p50_ms": round(statistics.median(latency), 1) if latency else None,
                "p95_ms": round(latency[min(len(latency) - 1, int(0.95 * len(latency)))], 1) if latency else None,
                "questions": len(gold), "misses@5": misses, "incomplete": incomplete})
    return out


def _mean(values: list) -> float | None:
    return round(sum(values) / len(values), 3) if values else None
