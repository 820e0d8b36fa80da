"""A naive retrieval baseline, scored with the same figures as reportqa on a gold file.

    python scripts/baseline.py ../shared/eval/dev.jsonl ../shared/corpus/leicestershire-peel-2018-19.pdf
    python scripts/baseline.py ../shared/corpus/real/questions.jsonl ../shared/corpus/real/*.pdf

The naive pipeline: pypdf text of the whole report cut into fixed 1,000-character chunks (no
sections, no boxes), MiniLM dense search and SQLite FTS5 BM25, fused by reciprocal rank. Its
"answer" is the top passage's first two sentences, and it never abstains. It shows what the
section-aware pipeline gains.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.embed import get_embedder  # noqa: E402
from index.evaluate import evaluate, load_gold  # noqa: E402
from index.question import terms  # noqa: E402

CHUNK_CHARS = 1000


@dataclass
class Passage:
    text: str
    page_start: int
    page_end: int


@dataclass
class Result:
    hits: list[Passage]


@dataclass
class Quote:
    quote: str


@dataclass
class Reply:
    abstained: bool = False
    citations: list[Quote] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The answer as a reader sees it: the quoted sentences, in order."""
        return " ".join(c.quote for c in self.citations)


class NaiveEngine:
    """Fixed-size chunks of running page text; dense + BM25 with reciprocal-rank fusion."""

    def __init__(self, pdfs: list[Path]) -> None:
        self.passages = [p for pdf in pdfs for p in _passages(pdf)]
        self.model = get_embedder("minilm")
        self.vectors = self.model.encode([p.text for p in self.passages])
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO f(rowid, text) VALUES (?, ?)", enumerate(p.text for p in self.passages))

    def search(self, query: str, k: int = 10) -> Result:
        dense = list(np.argsort(-(self.vectors @ self.model.encode([query])[0])))
        match = fts_query(terms(query))
        keyword = [r[0] for r in self.db.execute(
            "SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT 100", [match])] if match else []
        score: dict[int, float] = {}
        for ranked in (dense, keyword):
            for rank, row in enumerate(ranked):
                score[int(row)] = score.get(int(row), 0.0) + 1.0 / (61 + rank)
        best = sorted(score, key=lambda r: -score[r])[:k]
        return Result([self.passages[r] for r in best])

    def ask(self, question: str, k: int = 8) -> tuple[Reply, Result]:
        result = self.search(question, k)
        top = re.split(r"(?<=[.!?])\s+", result.hits[0].text) if result.hits else []
        return Reply(citations=[Quote(s) for s in top[:2]]), result


def _passages(pdf: Path) -> list[Passage]:
    """Cut one report's running page text into fixed-size passages."""
    text, starts = "", []
    for number, page in enumerate(pypdf.PdfReader(pdf).pages, 1):
        starts.append((len(text), number))
        text += re.sub(r"\s+", " ", page.extract_text()) + " "
    out = []
    for at in range(0, len(text), CHUNK_CHARS):
        pages = [n for s, n in starts if s < at + CHUNK_CHARS] or [1]
        first = max(n for s, n in starts if s <= at)
        out.append(Passage(text[at:at + CHUNK_CHARS], first, pages[-1]))
    return out


def fts_query(words: list[str]) -> str | None:
    """An FTS5 query matching any of the words (bm25 ranks the matches)."""
    clean = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in words]
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(clean) if w) or None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path)
    parser.add_argument("pdfs", type=Path, nargs="+", help="the reports the gold questions are about")
    args = parser.parse_args()
    figures = evaluate(NaiveEngine(args.pdfs), load_gold(args.gold))
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
