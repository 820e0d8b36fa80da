"""A read-only view of one generation of the local index (the layout is in `local`'s docstring):
reports, sections, passages and findings from SQLite, chunk vectors from FAISS, sentence vectors
from a memory-mapped float16 array, BM25 scores from bm25s."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import fields
from functools import cached_property
from pathlib import Path

import numpy as np

from ..errors import IndexOutdated
from ..model import Finding, FindingPage, FindingQuery, Hit, Mention, Report, Section
from . import ann
from .common import cursor, cursor_key, reports_holding
from .keywords import KeywordIndex

# 2: keyword search moved from SQLite FTS5 to BM25 in memory (keywords/); sentence vectors moved
# from a flat FAISS file to float16 sentences.npy (they are only ever fetched by row).
# 3: reports name their inspected body, inspectorate, family and dates; findings their label.
FORMAT = 3
REPORT_FIELDS = [f.name for f in fields(Report)]


class LocalGeneration:
    """A read-only view of one generation folder, safe to share between threads."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        self.folder = folder
        self.name = folder.name
        self.meta = json.loads((folder / "meta.json").read_text())
        self.embedder = self.meta["embedder"]
        self._local = threading.local()
        # An older generation can still be read and copied into a new one (upgrade), not searched.
        self.outdated = outdated(self.meta)
        self.keywords = None if self.outdated else KeywordIndex(folder / "keywords")
        self.chunk_index = ann.load(folder / "chunks.faiss")
        self._sentences = _open_sentences(folder)
        self.vocab_index = ann.load(folder / "vocab.faiss")

    @property
    def db(self) -> sqlite3.Connection:
        """A per-thread read-only connection; generations never change once published."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"file:{self.folder / 'store.sqlite'}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    def counts(self) -> dict[str, int]:
        return {"reports": self.meta["reports"], "chunks": self.meta["chunks"]}

    # The reports table is read once per generation (it never changes), not on every question.
    @cached_property
    def _reports(self) -> list[Report]:
        # By name: a generation written before a column existed lacks it, and the field keeps its default.
        return [Report(**{k: r[k] for k in r.keys() if k in REPORT_FIELDS}) for r in self.db.execute(
            "SELECT * FROM reports ORDER BY coalesce(organisation, force), year, title")]

    def reports(self) -> list[Report]:
        return list(self._reports)

    def sections(self, report_id: str) -> list[Section]:
        rows = self.db.execute(
            "SELECT title, level, path, page_start, page_end, grade FROM sections WHERE report_id = ?"
            " ORDER BY seq", [report_id])
        return [Section(title=r["title"], level=r["level"], path=json.loads(r["path"]), page_start=r["page_start"],
                        page_end=r["page_end"], grade=r["grade"]) for r in rows]

    def pdf(self, report_id: str) -> Path | None:
        report = next((r for r in self._reports if r.id == report_id), None)
        return self.root / "pdfs" / f"{report.sha256}.pdf" if report else None

    @cached_property
    def _spans(self) -> dict[str, tuple[int, int]]:
        return {r: (first, last + 1) for r, first, last in self.db.execute(
            "SELECT report_id, min(row), max(row) FROM chunks GROUP BY report_id")}

    def _report_rows(self, ids: list[str]) -> np.ndarray:
        """The chunk rows of these reports. publish appends a report's chunks together and
        renumbering keeps their order, so each report is one run of consecutive rows."""
        runs = [np.arange(*self._spans[r], dtype=np.int64) for r in ids if r in self._spans]
        return np.concatenate(runs) if runs else np.zeros(0, dtype=np.int64)

    def restrict(self, report_ids: list[str] | None, kinds: list[str], sections: list[str]) -> np.ndarray | None:
        if report_ids is None and not kinds and not sections:
            return None
        if not kinds and not sections:
            return self._report_rows(report_ids or [])
        parts, args = [], []
        if report_ids is not None:
            parts.append(f"report_id IN ({','.join('?' * len(report_ids))})" if report_ids else "0")
            args += report_ids
        if kinds:
            parts.append(f"kind IN ({','.join('?' * len(kinds))})")
            args += kinds
        if sections:
            parts.append("(" + " OR ".join("instr(section_key, ?) > 0" for _ in sections) + ")")
            args += ["\x1f" + v.lower() + "\x1f" for v in sections]
        rows = self.db.execute(f"SELECT row FROM chunks WHERE {' AND '.join(parts)}", args)
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def reports_in(self, allowed: np.ndarray | None) -> set[str]:
        if allowed is None:
            return set(self._spans)
        return reports_holding(self._spans, allowed)

    def dense(self, vector: np.ndarray, k: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        return ann.search_index(self.chunk_index, vector, k, allowed)

    def keyword(self, groups: list[list[str]], k: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        if self.keywords is None:
            raise IndexOutdated(self.root)
        return self.keywords.search(groups, k, allowed)

    def hits(self, rows: list[int] | None = None, ids: list[str] | None = None) -> list[Hit]:
        key, values = ("row", rows) if rows is not None else ("id", ids or [])
        unique = list(dict.fromkeys(int(v) if key == "row" else v for v in values if v is not None))
        if not unique:
            return []
        found = self.db.execute(
            "SELECT row, id, report_id, kind, path, text, page_start, page_end FROM chunks"
            f" WHERE {key} IN ({','.join('?' * len(unique))})", unique).fetchall()
        return [Hit(row=r["row"], id=r["id"], report_id=r["report_id"], kind=r["kind"],
                    section_path=json.loads(r["path"]), text=r["text"], page_start=r["page_start"],
                    page_end=r["page_end"]) for r in found]

    def chunk_vectors(self, rows: list[int]) -> np.ndarray:
        return ann.fetch(self.chunk_index, rows)

    def sentences(self, chunk_rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        if not chunk_rows:
            return np.zeros((0, 4), dtype=np.int64), np.zeros((0, self.meta["dim"]), dtype=np.float32)
        found = np.array(self.db.execute(
            f'SELECT row, chunk_row, start, "end", page FROM sentences WHERE chunk_row IN'
            f" ({','.join('?' * len(chunk_rows))}) ORDER BY row", list(chunk_rows)).fetchall(),
            dtype=np.int64).reshape(-1, 5)
        return found[:, 1:], self._sentences[found[:, 0]].astype(np.float32)

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        if not words or ann.size(self.vocab_index) == 0:
            return {}
        found = self.db.execute(
            f"SELECT word, row FROM vocab WHERE word IN ({','.join('?' * len(words))})", words).fetchall()
        if not found:
            return {}
        vectors = ann.fetch(self.vocab_index, [r[1] for r in found])
        return {r[0]: v for r, v in zip(found, vectors)}

    def known_words(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT word FROM vocab")}

    def related_words(self, vectors: np.ndarray, k: int, threshold: float) -> list[list[str]]:
        if ann.size(self.vocab_index) == 0 or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        scores, ids = ann.nearest(self.vocab_index, vectors, k)
        rows = sorted({int(i) for line, sc in zip(ids, scores) for i, s in zip(line, sc) if i >= 0 and s >= threshold})
        if not rows:
            return [[] for _ in range(len(vectors))]
        word = dict(self.db.execute(f"SELECT row, word FROM vocab WHERE row IN ({','.join('?' * len(rows))})",
                                    rows).fetchall())
        return [[word[int(i)] for i, s in zip(line, sc) if i >= 0 and s >= threshold]
                for line, sc in zip(ids, scores)]

    def document_frequency(self, prefix: str) -> int:
        return self.keywords.document_frequency(prefix) if self.keywords else 0

    def findings(self, query: FindingQuery) -> list[Finding]:
        where, args = _finding_filter(query)
        return [_finding(r) for r in self.db.execute(f"{FINDINGS_SELECT} WHERE {where} ORDER BY {FINDING_KEY}", args)]

    def finding_page(self, query: FindingQuery, limit: int, after: str | None = None) -> FindingPage:
        where, args = _finding_filter(query)
        total = self.db.execute(
            f"SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE {where}", args).fetchone()[0]
        if after is not None:
            where += f" AND ({FINDING_KEY}) > (?, ?, ?, ?)"
            args = [*args, *cursor_key(after)]
        rows = self.db.execute(f"{FINDINGS_SELECT} WHERE {where} ORDER BY {FINDING_KEY} LIMIT ?",
                               [*args, limit + 1]).fetchall()
        more, rows = len(rows) > limit, rows[:limit]
        last = cursor([rows[-1][k] for k in ("key_body", "key_year", "report_id", "seq")]) if more else None
        return FindingPage([_finding(r) for r in rows], total, last)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


# Findings in a total order: report by inspected body, year and id (as reports() orders them),
# then reading order. Reports naming no body or year sort first, as NULLs do; coalesce makes the
# key comparable as a row value.
FINDING_KEY = "coalesce(r.organisation, r.force, ''), coalesce(r.year, ''), f.report_id, f.seq"
FINDINGS_SELECT = ("SELECT f.*, c.page_start AS chunk_page, coalesce(r.organisation, r.force, '') AS key_body,"
                   " coalesce(r.year, '') AS key_year FROM findings f JOIN reports r ON r.id = f.report_id"
                   " LEFT JOIN chunks c ON c.id = f.chunk_id")


def _finding_filter(query: FindingQuery) -> tuple[str, list]:
    """The WHERE clause (over findings f and reports r) and its arguments for a query."""
    where, args = ["1"], []
    if query.report_id is not None:
        where.append(f"f.report_id IN ({','.join('?' * len(query.report_id))})" if query.report_id else "0")
        args += query.report_id
    for column, values in (("f.kind", query.kind), ("f.source", query.source)):
        if values:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            args += values
    if query.grade:
        where.append(f"lower(f.grade) IN ({','.join('?' * len(query.grade))})")
        args += [g.lower() for g in query.grade]
    years = [c for c in query.carried_from if c]
    if years:
        where.append("(" + " OR ".join("f.carried_from LIKE ?" for _ in years) + ")")
        args += [c[:4] + "%" for c in years]
    elif query.carried_from:
        where.append("f.carried_from IS NOT NULL AND f.carried_from != ''")
    if query.q:
        where.append("(instr(lower(f.text), ?) > 0 OR instr(lower(coalesce(f.evidence, '')), ?) > 0)")
        args += [query.q.lower(), query.q.lower()]
    return " AND ".join(where), args


def _finding(r: sqlite3.Row) -> Finding:
    return Finding(id=r["id"], kind=r["kind"], text=r["text"], section_path=json.loads(r["path"]), page=r["page"],
                   source=r["source"], label=r["label"], grade=r["grade"], last_inspected=r["last_inspected"],
                   carried_from=r["carried_from"], progress=r["progress"], evidence=r["evidence"],
                   chunk_id=r["chunk_id"], linked_to=r["linked_to"], report_id=r["report_id"],
                   mentions=[Mention(**m) for m in json.loads(r["mentions"] or "[]")], chunk_page=r["chunk_page"])


def _open_sentences(folder: Path) -> np.ndarray:
    """Sentence vectors by row: memory-mapped float16 (half the pages of float32; cosines move
    by < 1e-3, well below any ranking decision)."""
    path = folder / "sentences.npy"
    if path.exists():
        return np.load(path, mmap_mode="r")
    # Format 1 kept them in a flat FAISS file; such a generation is only read to be rewritten.
    return ann.fetch_all(ann.load(folder / "sentences.faiss"))


def outdated(meta: dict) -> bool:
    """Say whether a generation's meta names a format older than the one written now."""
    return meta.get("format", 1) < FORMAT
