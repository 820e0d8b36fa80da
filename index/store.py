"""The index on disk: immutable generations of SQLite metadata + FAISS vectors, swapped atomically.

Layout of an index folder::

    CURRENT            name of the live generation (replaced atomically)
    gen-<stamp>/       store.sqlite, chunks.faiss, sentences.faiss, meta.json
    pdfs/<sha256>.pdf  the ingested files, content-addressed
    .lock              held by the one writer at a time

A generation is written under a temporary name, synced, renamed, and only then named in
CURRENT, so a crash at any point leaves the previous generation whole and loadable.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from .ann import build_index, search_index
from .chunks import Chunk
from .errors import IndexMissing
from .findings import Finding, Linkable, link_findings
from .reports import Report
from .sections import Section

FORMAT = 1
KEEP_GENERATIONS = 2  # the live one and its predecessor, for readers still finishing with it

SCHEMA = """
CREATE TABLE reports(id TEXT PRIMARY KEY, title TEXT, force TEXT, year TEXT, pages INTEGER,
    sha256 TEXT UNIQUE, source TEXT, filename TEXT, ingested_at REAL);
CREATE TABLE sections(report_id TEXT, seq INTEGER, title TEXT, level INTEGER, path TEXT,
    page_start INTEGER, page_end INTEGER, grade TEXT, PRIMARY KEY(report_id, seq));
CREATE TABLE chunks(row INTEGER PRIMARY KEY, id TEXT UNIQUE, report_id TEXT, seq INTEGER,
    kind TEXT, path TEXT, section TEXT, section_key TEXT, text TEXT, page_start INTEGER,
    page_end INTEGER);
CREATE INDEX chunks_report ON chunks(report_id);
CREATE TABLE sentences(row INTEGER PRIMARY KEY, chunk_row INTEGER, start INTEGER, "end" INTEGER,
    page INTEGER);
CREATE INDEX sentences_chunk ON sentences(chunk_row);
CREATE TABLE findings(id TEXT PRIMARY KEY, report_id TEXT, kind TEXT, text TEXT, path TEXT,
    page INTEGER, grade TEXT, last_inspected TEXT, carried_from TEXT, progress TEXT,
    chunk_id TEXT, evidence TEXT, linked_to TEXT, seq INTEGER, source TEXT, mentions TEXT);
CREATE INDEX findings_report ON findings(report_id);
CREATE TABLE vocab(row INTEGER PRIMARY KEY, word TEXT UNIQUE);
CREATE VIRTUAL TABLE chunks_fts USING fts5(text, section, content='chunks', content_rowid='row',
    tokenize='porter unicode61 remove_diacritics 2');
"""


@dataclass
class Bundle:
    """Everything ingest produced for one report, ready to be written."""

    report: Report
    pdf: Path  # the file to keep a copy of
    sections: list[Section]
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Vocabulary:
    """Words new to the index with their vectors, for expanding queries with related words."""

    words: list[str]
    vectors: np.ndarray


def section_key(path: list[str]) -> str:
    """Encode a section path so SQL can test 'any element equals X' with instr()."""
    return "\x1f" + "\x1f".join(p.lower() for p in path) + "\x1f"


class Store:
    """A read-only view of one generation, safe to share between threads."""

    def __init__(self, root: Path, generation: Path) -> None:
        self.root = root
        self.generation = generation
        self.meta = json.loads((generation / "meta.json").read_text())
        self._local = threading.local()
        self.chunk_index = faiss.read_index(str(generation / "chunks.faiss"), _MMAP)
        self.sentence_index = faiss.read_index(str(generation / "sentences.faiss"), _MMAP)
        self.vocab_index = faiss.read_index(str(generation / "vocab.faiss"), _MMAP)

    @classmethod
    def open(cls, root: Path | str) -> Store:
        """Open the live generation of the index at root, or raise IndexMissing."""
        root = Path(root)
        name = current_generation(root)
        if name is None:
            raise IndexMissing(f"no index at {root}; run: reportqa ingest corpus/ --index {root}")
        return cls(root, root / name)

    @property
    def db(self) -> sqlite3.Connection:
        """A per-thread read-only connection; generations never change once published."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"file:{self.generation / 'store.sqlite'}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    @property
    def embedder(self) -> str:
        return self.meta["embedder"]

    def counts(self) -> dict[str, int]:
        return {"reports": self.meta["reports"], "chunks": self.meta["chunks"]}

    def pdf_path(self, sha256: str) -> Path:
        return self.root / "pdfs" / f"{sha256}.pdf"

    def dense(self, vector: np.ndarray, k: int, rows: np.ndarray | None = None,
              sentences: bool = False) -> list[tuple[int, float]]:
        """Return (row, cosine) of the k nearest chunks (or sentences), only among rows if given."""
        index = self.sentence_index if sentences else self.chunk_index
        return search_index(index, vector, k, rows)

    def vectors(self, rows: list[int], sentences: bool = False) -> np.ndarray:
        """Fetch stored vectors by row."""
        index = self.sentence_index if sentences else self.chunk_index
        if not rows:
            return np.zeros((0, index.d), dtype=np.float32)
        return index.reconstruct_batch(np.asarray(rows, dtype=np.int64))

    def known_words(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT word FROM vocab")}

    def related_words(self, vectors: np.ndarray, k: int, threshold: float) -> list[list[str]]:
        """For each word vector, the index's words nearest in meaning (cosine >= threshold)."""
        if self.vocab_index.ntotal == 0 or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        scores, ids = self.vocab_index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)
        rows = sorted({int(i) for line, sc in zip(ids, scores) for i, s in zip(line, sc) if i >= 0 and s >= threshold})
        if not rows:
            return [[] for _ in range(len(vectors))]
        marks = ",".join("?" * len(rows))
        word = dict(self.db.execute(f"SELECT row, word FROM vocab WHERE row IN ({marks})", rows).fetchall())
        return [[word[int(i)] for i, s in zip(line, sc) if i >= 0 and s >= threshold]
                for line, sc in zip(ids, scores)]

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


# Memory-map the vectors themselves (IFC covers flat and HNSW storage, not just IVF lists):
# opening is instant and worker processes share one copy through the page cache.
_MMAP = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY


def current_generation(root: Path) -> str | None:
    """Name the live generation of an index folder, or None when there is none."""
    try:
        name = (root / "CURRENT").read_text().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name if name and (root / name / "meta.json").exists() else None


@contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Hold the index's writer lock: one ingest at a time; readers never wait."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_generation(root: Path, base: Store | None, drop: set[str], bundles: list[Bundle],
                     embedder: str, dim: int, vocab: Vocabulary | None = None, ann: str | None = None) -> Path:
    """Write a new generation: base minus the reports in drop, plus bundles; then publish it.

    Call with writer_lock held.
    """
    tmp = root / f"tmp-{uuid.uuid4().hex[:12]}"
    tmp.mkdir(parents=True)
    try:
        conn = sqlite3.connect(tmp / "store.sqlite")
        conn.executescript(SCHEMA)
        chunk_vecs, sent_vecs, vocab_vecs = _copy_base(conn, base, drop)
        if vocab is not None and vocab.words:
            start = len(vocab_vecs[0]) if vocab_vecs else 0
            conn.executemany("INSERT INTO vocab VALUES (?, ?)", [(start + i, w) for i, w in enumerate(vocab.words)])
            vocab_vecs.append(vocab.vectors)
        for bundle in bundles:
            _insert(conn, bundle)
            _copy_pdf(root, bundle)
        chunk_vecs.extend(b.chunk_vectors for b in bundles)
        sent_vecs.extend(b.sentence_vectors for b in bundles)
        conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES('rebuild')")
        _link(conn)
        conn.commit()
        reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        conn.close()
        chunks = _stack(chunk_vecs, dim)
        sentences = _stack(sent_vecs, dim)
        kind = build_index(chunks, tmp / "chunks.faiss", ann)
        build_index(sentences, tmp / "sentences.faiss", "flat")
        build_index(_stack(vocab_vecs, dim), tmp / "vocab.faiss", "flat")
        meta = {"format": FORMAT, "embedder": embedder, "dim": dim, "reports": reports,
                "chunks": len(chunks), "sentences": len(sentences), "ann": kind,
                "created": time.time()}
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
        _fsync_tree(tmp)
        final = root / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        os.rename(tmp, final)
        _publish(root, final.name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _collect_garbage(root)
    return final


def _stack(parts: list[np.ndarray], dim: int) -> np.ndarray:
    parts = [p for p in parts if len(p)]
    return np.vstack(parts).astype(np.float32) if parts else np.zeros((0, dim), dtype=np.float32)


def _copy_base(conn: sqlite3.Connection, base: Store | None, drop: set[str]) -> tuple[list, list, list]:
    """Copy the surviving reports of base, renumbering rows to stay dense."""
    if base is None:
        return [], [], []
    conn.execute("ATTACH DATABASE ? AS old", (f"file:{base.generation / 'store.sqlite'}?mode=ro",))
    marks = ",".join("?" * len(drop)) or "''"
    keep = f"report_id NOT IN ({marks})"
    args = tuple(drop)
    conn.execute(f"INSERT INTO reports SELECT * FROM old.reports WHERE id NOT IN ({marks})", args)
    conn.execute(f"INSERT INTO sections SELECT * FROM old.sections WHERE {keep}", args)
    conn.execute(f"INSERT INTO findings SELECT * FROM old.findings WHERE {keep}", args)
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
    vocab = base.vocab_index.reconstruct_n(0, base.vocab_index.ntotal) if base.vocab_index.ntotal else None
    return ([base.vectors(old_chunks)], [base.vectors(old_sents, sentences=True)],
            [vocab] if vocab is not None else [])


def _insert(conn: sqlite3.Connection, bundle: Bundle) -> None:
    r = bundle.report
    conn.execute("INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?)",
                 (r.id, r.title, r.force, r.year, r.pages, r.sha256, r.source, r.filename, time.time()))
    conn.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?,?,?)", [
        (r.id, n, s.title, s.level, json.dumps(s.path), s.page_start, s.page_end, s.grade)
        for n, s in enumerate(bundle.sections)])
    chunk_row = conn.execute("SELECT coalesce(max(row) + 1, 0) FROM chunks").fetchone()[0]
    sent_row = conn.execute("SELECT coalesce(max(row) + 1, 0) FROM sentences").fetchone()[0]
    for c in bundle.chunks:
        conn.execute("INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?)", (
            chunk_row, c.id, r.id, c.seq, c.kind, json.dumps(c.section_path), " › ".join(c.section_path),
            section_key(c.section_path), c.text, c.page_start, c.page_end))
        conn.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", [
            (sent_row + n, chunk_row, s.start, s.end, s.page) for n, s in enumerate(c.sentences)])
        sent_row += len(c.sentences)
        chunk_row += 1
    conn.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (f.id, r.id, f.kind, f.text, json.dumps(f.section_path), f.page, f.grade, f.last_inspected,
         f.carried_from, f.progress, f.chunk_id, f.evidence, f.linked_to, n, f.source,
         json.dumps([asdict(m) for m in f.mentions]))
        for n, f in enumerate(bundle.findings)])


def _link(conn: sqlite3.Connection) -> None:
    """Recompute cross-report links over the whole corpus, since either side may be new."""
    rows = conn.execute(
        "SELECT f.id, r.force, r.year, f.kind, f.text, f.path, f.carried_from, f.mentions"
        " FROM findings f JOIN reports r ON r.id = f.report_id").fetchall()
    items = [Linkable(id=i, force=force, year=year, kind=kind, text=text,
                      pillar=(json.loads(path) or [""])[0], carried_from=carried,
                      aliases=[m["quote"] for m in json.loads(mentions or "[]")])
             for i, force, year, kind, text, path, carried, mentions in rows]
    links = link_findings(items)
    conn.execute("UPDATE findings SET linked_to = NULL")
    conn.executemany("UPDATE findings SET linked_to = ? WHERE id = ?", [(e, l) for l, e in links.items()])


def _copy_pdf(root: Path, bundle: Bundle) -> None:
    target = root / "pdfs" / f"{bundle.report.sha256}.pdf"
    if target.exists():
        return
    target.parent.mkdir(exist_ok=True)
    tmp = target.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
    shutil.copyfile(bundle.pdf, tmp)
    os.replace(tmp, target)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
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


def _collect_garbage(root: Path) -> None:
    """Remove old generations, abandoned temporary folders and PDFs no generation uses."""
    live = current_generation(root)
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
