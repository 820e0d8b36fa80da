"""The index on disk: immutable generations of SQLite metadata + FAISS vectors, swapped atomically.

Layout of an index folder::

    CURRENT            name of the live generation (replaced atomically)
    gen-<stamp>/       store.sqlite, chunks.faiss, sentences.npy, vocab.faiss,
                       keywords/ (BM25 fields), meta.json
    pdfs/<sha256>.pdf  the ingested files, content-addressed
    .lock              held by the one writer at a time

A generation is written under a temporary name, synced, renamed, and only then named in
CURRENT, so a crash at any point leaves the previous generation whole and loadable.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, astuple, fields
from functools import cached_property
from pathlib import Path

import numpy as np

from ..errors import BadQuery, IndexMissing, IndexOutdated
from ..model import (PATH_SEPARATOR, Bundle, Finding, FindingPage, FindingQuery, Hit, Mention, Report, Section,
                     Vocabulary)
from . import ann
from .keywords import KeywordIndex, build_keywords

# 2: keyword search moved from SQLite FTS5 to BM25 in memory (keywords/); sentence vectors moved
# from a flat FAISS file to float16 sentences.npy (they are only ever fetched by row).
# 3: reports name their inspected body, inspectorate, family and dates; findings their label.
FORMAT = 3
SLICE = 100_000  # vectors copied from the previous generation at a time
KEEP_GENERATIONS = 2  # the live one and its predecessor, for readers still finishing with it

SCHEMA = """
CREATE TABLE reports(id TEXT PRIMARY KEY, title TEXT, force TEXT, year TEXT, pages INTEGER,
    sha256 TEXT UNIQUE, source TEXT, filename TEXT, ingested_at REAL, organisation TEXT,
    organisation_type TEXT, inspectorate TEXT, family TEXT, inspected TEXT, previous_inspection TEXT,
    fingerprint TEXT);
CREATE TABLE sections(report_id TEXT, seq INTEGER, title TEXT, level INTEGER, path TEXT,
    page_start INTEGER, page_end INTEGER, grade TEXT, PRIMARY KEY(report_id, seq));
CREATE TABLE chunks(row INTEGER PRIMARY KEY, id TEXT UNIQUE, report_id TEXT, seq INTEGER,
    kind TEXT, path TEXT, section TEXT, section_key TEXT, text TEXT, page_start INTEGER,
    page_end INTEGER);
CREATE INDEX chunks_report ON chunks(report_id);
CREATE INDEX chunks_kind ON chunks(kind);
CREATE TABLE sentences(row INTEGER PRIMARY KEY, chunk_row INTEGER, start INTEGER, "end" INTEGER,
    page INTEGER);
CREATE INDEX sentences_chunk ON sentences(chunk_row);
CREATE TABLE findings(id TEXT PRIMARY KEY, report_id TEXT, kind TEXT, text TEXT, path TEXT,
    page INTEGER, grade TEXT, last_inspected TEXT, carried_from TEXT, progress TEXT,
    chunk_id TEXT, evidence TEXT, linked_to TEXT, seq INTEGER, source TEXT, mentions TEXT, label TEXT);
CREATE INDEX findings_report ON findings(report_id);
CREATE TABLE vocab(row INTEGER PRIMARY KEY, word TEXT UNIQUE);
"""
REPORT_COLUMNS = ", ".join(f.name for f in fields(Report))


def reports_holding(spans: dict[str, tuple[int, int]], rows: np.ndarray) -> set[str]:
    """The reports whose run of rows (first row, end) holds any of rows: a report's chunks
    are consecutive rows, so each row's report is the last run starting at or before it."""
    starts = sorted((first, rid) for rid, (first, _) in spans.items())
    firsts = np.array([f for f, _ in starts], dtype=np.int64)
    slots = np.unique(np.searchsorted(firsts, np.asarray(rows, dtype=np.int64), side="right") - 1)
    return {starts[i][1] for i in slots.tolist() if i >= 0}


def section_key(path: list[str]) -> str:
    """Encode a section path so SQL can test 'any element equals X' with instr()."""
    return "\x1f" + "\x1f".join(p.lower() for p in path) + "\x1f"


class LocalStore:
    """An index folder on this machine (the layout above)."""

    def __init__(self, root: Path, ann_kind: str | None = None) -> None:
        self.root = Path(root)
        self.location = str(self.root)
        self.ann_kind = ann_kind  # force an index kind (benchmarks); None chooses by size

    def state_dir(self) -> Path:
        return self.root

    def live(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return name if name and (self.root / name / "meta.json").exists() else None

    def open(self) -> LocalGeneration:
        name = self.live()
        if name is None:
            raise IndexMissing(f"no index at {self.root}; run: reportqa ingest corpus/ --index {self.root}")
        return LocalGeneration(self.root, self.root / name)

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def outdated(self) -> bool:
        name = self.live()
        return name is not None and _outdated(json.loads((self.root / name / "meta.json").read_text()))

    def publish(self, base: LocalGeneration | None, drop: set[str], bundles: list[Bundle], vocab: Vocabulary,
                links: dict[str, str], embedder: str, dim: int) -> str:
        tmp = self.root / f"tmp-{uuid.uuid4().hex[:12]}"
        tmp.mkdir(parents=True)
        try:
            conn = sqlite3.connect(tmp / "store.sqlite")
            conn.executescript(SCHEMA)
            chunk_vecs, old_sentences, vocab_vecs = _copy_base(conn, base, drop)
            if vocab.words:
                start = len(vocab_vecs[0]) if vocab_vecs else 0
                conn.executemany("INSERT INTO vocab VALUES (?, ?)", [(start + i, w) for i, w in enumerate(vocab.words)])
                vocab_vecs.append(vocab.vectors)
            for bundle in bundles:
                _insert(conn, bundle)
                self._copy_pdf(bundle)
            chunk_vecs.extend(b.chunk_vectors for b in bundles)
            conn.execute("UPDATE findings SET linked_to = NULL")
            conn.executemany("UPDATE findings SET linked_to = ? WHERE id = ?", [(e, f) for f, e in links.items()])
            conn.commit()
            reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
            fields = conn.execute("SELECT text, section FROM chunks ORDER BY row").fetchall()
            conn.close()
            build_keywords({"text": [f[0] for f in fields], "section": [f[1] for f in fields]}, tmp / "keywords")
            del fields
            chunks = _stack(chunk_vecs, dim)
            kind = ann.build_index(chunks, tmp / "chunks.faiss", self.ann_kind)
            sentences = _write_sentences(tmp / "sentences.npy", base, old_sentences, bundles, dim)
            ann.build_index(_stack(vocab_vecs, dim), tmp / "vocab.faiss", "flat")
            meta = {"format": FORMAT, "embedder": embedder, "dim": dim, "reports": reports,
                    "chunks": len(chunks), "sentences": sentences, "ann": kind, "created": time.time()}
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
            _fsync_tree(tmp)
            final = self.root / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
            os.rename(tmp, final)
            _publish(self.root, final.name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _collect_garbage(self.root, self.live())
        return final.name

    def _copy_pdf(self, bundle: Bundle) -> None:
        target = self.root / "pdfs" / f"{bundle.report.sha256}.pdf"
        if target.exists():
            return
        target.parent.mkdir(exist_ok=True)
        tmp = target.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
        shutil.copyfile(bundle.pdf, tmp)
        os.replace(tmp, target)


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
        self.outdated = _outdated(self.meta)
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
        return [Report(**dict(r)) for r in self.db.execute(
            f"SELECT {REPORT_COLUMNS} FROM reports ORDER BY coalesce(organisation, force), year, title")]

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
            args = [*args, *_cursor_key(after)]
        rows = self.db.execute(f"{FINDINGS_SELECT} WHERE {where} ORDER BY {FINDING_KEY} LIMIT ?",
                               [*args, limit + 1]).fetchall()
        more, rows = len(rows) > limit, rows[:limit]
        cursor = _cursor([rows[-1][k] for k in ("key_body", "key_year", "report_id", "seq")]) if more else None
        return FindingPage([_finding(r) for r in rows], total, cursor)

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


def _cursor(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def _cursor_key(cursor: str) -> list:
    """The key a cursor of _cursor() holds; BadQuery for anything else."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        ok = (isinstance(key, list) and len(key) == 4 and all(isinstance(v, str) for v in key[:3])
              and type(key[3]) is int and abs(key[3]) < 2 ** 63)  # SQLite's integers are 64-bit
        if ok:
            "".join(key[:3]).encode()  # and its text UTF-8
    except ValueError:  # not base64, not JSON, or text with a lone surrogate
        ok = False
    if not ok:
        raise BadQuery("cursor is not one this service gave out; start again from the first page")
    return key


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


def _outdated(meta: dict) -> bool:
    return meta.get("format", 1) < FORMAT


def _stack(parts: list[np.ndarray], dim: int) -> np.ndarray:
    parts = [p for p in parts if len(p)]
    return np.vstack(parts).astype(np.float32) if parts else np.zeros((0, dim), dtype=np.float32)


def _write_sentences(path: Path, base: LocalGeneration | None, old_rows: list[int], bundles: list[Bundle],
                     dim: int) -> int:
    """Write the sentence vectors, base's surviving rows then the bundles'; return how many."""
    total = len(old_rows) + sum(len(b.sentence_vectors) for b in bundles)
    parts = (base._sentences[np.asarray(old_rows[i:i + SLICE], dtype=np.int64)].astype(np.float32)
             for i in range(0, len(old_rows), SLICE))
    write_vectors(path, [*parts, *(b.sentence_vectors for b in bundles)], total, dim)
    return total


def write_vectors(path: Path, parts: Iterable[np.ndarray], total: int, dim: int) -> None:
    """Write total vectors, given part by part, as the store's float16 .npy file: straight to
    disk, so a large index is never held in memory twice."""
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float16, shape=(total, dim))
    at = 0
    for part in parts:
        out[at:at + len(part)] = part
        at += len(part)
    out.flush()
    del out


def _copy_base(conn: sqlite3.Connection, base: LocalGeneration | None, drop: set[str]) -> tuple[list, list[int], list]:
    """Copy the surviving reports of base, renumbering rows to stay dense; return base's chunk
    vectors, the rows of its surviving sentences, and its vocabulary vectors."""
    if base is None:
        return [], [], []
    conn.execute("ATTACH DATABASE ? AS old", (f"file:{base.folder / 'store.sqlite'}?mode=ro",))
    marks = ",".join("?" * len(drop)) or "''"
    keep = f"report_id NOT IN ({marks})"
    args = tuple(drop)
    # By name: a generation of an older format lacks the newer columns, which stay empty.
    for table, where in (("reports", f"id NOT IN ({marks})"), ("sections", keep), ("findings", keep)):
        shared = ", ".join(_columns(conn, "old", table) & _columns(conn, "main", table))
        conn.execute(f"INSERT INTO {table}({shared}) SELECT {shared} FROM old.{table} WHERE {where}", args)
    old_chunks = [r[0] for r in conn.execute(f"SELECT row FROM old.chunks WHERE {keep} ORDER BY row", args)]
    conn.execute(
        "INSERT INTO chunks SELECT row_number() OVER (ORDER BY row) - 1, id, report_id, seq, kind, path,"
        f" section, section_key, text, page_start, page_end FROM old.chunks WHERE {keep}", args)
    old_sents = [r[0] for r in conn.execute(
        f"SELECT s.row FROM old.sentences s JOIN old.chunks c ON c.row = s.chunk_row WHERE c.{keep} "
        "ORDER BY s.row", args)]
    conn.execute(
        "INSERT INTO sentences SELECT row_number() OVER (ORDER BY s.row) - 1, n.row, s.start, s.\"end\", s.page"
        " FROM old.sentences s JOIN old.chunks o ON o.row = s.chunk_row JOIN main.chunks n ON n.id = o.id")
    conn.execute("INSERT INTO vocab SELECT row, word FROM old.vocab")
    conn.commit()
    conn.execute("DETACH DATABASE old")
    vocab = ann.fetch_all(base.vocab_index)
    return [base.chunk_vectors(old_chunks)], old_sents, [vocab] if len(vocab) else []


def _insert(conn: sqlite3.Connection, bundle: Bundle) -> None:
    r = bundle.report
    conn.execute(f"INSERT INTO reports({REPORT_COLUMNS}, ingested_at) VALUES ({','.join('?' * (len(fields(r)) + 1))})",
                 (*astuple(r), time.time()))
    conn.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?,?,?)", [
        (r.id, n, s.title, s.level, json.dumps(s.path), s.page_start, s.page_end, s.grade)
        for n, s in enumerate(bundle.sections)])
    chunk_row = conn.execute("SELECT coalesce(max(row) + 1, 0) FROM chunks").fetchone()[0]
    sent_row = conn.execute("SELECT coalesce(max(row) + 1, 0) FROM sentences").fetchone()[0]
    for c in bundle.chunks:
        conn.execute("INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?)", (
            chunk_row, c.id, r.id, c.seq, c.kind, json.dumps(c.section_path), PATH_SEPARATOR.join(c.section_path),
            section_key(c.section_path), c.text, c.page_start, c.page_end))
        conn.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", [
            (sent_row + n, chunk_row, s.start, s.end, s.page) for n, s in enumerate(c.sentences)])
        sent_row += len(c.sentences)
        chunk_row += 1
    conn.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (f.id, r.id, f.kind, f.text, json.dumps(f.section_path), f.page, f.grade, f.last_inspected,
         f.carried_from, f.progress, f.chunk_id, f.evidence, f.linked_to, n, f.source,
         json.dumps([asdict(m) for m in f.mentions]), f.label)
        for n, f in enumerate(bundle.findings)])


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})")}


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_dir():
            _fsync_tree(path)
            continue
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(root: Path, name: str) -> None:
    tmp = root / f"CURRENT.{uuid.uuid4().hex[:6]}.tmp"
    tmp.write_text(name + "\n")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, root / "CURRENT")
    _fsync_dir(root)


def _collect_garbage(root: Path, live: str | None) -> None:
    """Remove old generations, abandoned temporary folders and PDFs no generation uses."""
    gens = sorted((p for p in root.glob("gen-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    keep = {live} | {p.name for p in gens[-KEEP_GENERATIONS:]}
    for path in gens:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in root.glob("tmp-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in root.glob("CURRENT.*.tmp"):
        path.unlink(missing_ok=True)
    used: set[str] = set()
    for name in keep:
        db = root / name / "store.sqlite"
        if db.exists():
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            used.update(r[0] for r in conn.execute("SELECT sha256 FROM reports"))
            conn.close()
    for pdf in (root / "pdfs").glob("*"):
        if pdf.stem not in used:
            pdf.unlink(missing_ok=True)
