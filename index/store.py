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
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import faiss
import numpy as np

from .ann import build_index, search_index
from .chunks import Chunk
from .errors import IndexMissing
from .findings import Finding, Linkable, link_findings
from .keywords import KeywordIndex, build_keywords
from .query import force_key
from .reports import Report
from .sections import Section

# 2: keyword search moved from SQLite FTS5 to BM25 in memory (keywords/); sentence vectors moved
# from a flat FAISS file to float16 sentences.npy (they are only ever fetched by row).
FORMAT = 2
SLICE = 100_000  # vectors copied from the previous generation at a time
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
CREATE INDEX chunks_kind ON chunks(kind);
CREATE TABLE sentences(row INTEGER PRIMARY KEY, chunk_row INTEGER, start INTEGER, "end" INTEGER,
    page INTEGER);
CREATE INDEX sentences_chunk ON sentences(chunk_row);
CREATE TABLE findings(id TEXT PRIMARY KEY, report_id TEXT, kind TEXT, text TEXT, path TEXT,
    page INTEGER, grade TEXT, last_inspected TEXT, carried_from TEXT, progress TEXT,
    chunk_id TEXT, evidence TEXT, linked_to TEXT, seq INTEGER, source TEXT, mentions TEXT);
CREATE INDEX findings_report ON findings(report_id);
CREATE TABLE vocab(row INTEGER PRIMARY KEY, word TEXT UNIQUE);
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
        # An older generation can still be read and copied into a new one (upgrade), not searched.
        self.outdated = _outdated(self.meta)
        self.keywords = None if self.outdated else KeywordIndex(generation / "keywords")
        self.chunk_index = faiss.read_index(str(generation / "chunks.faiss"), _MMAP)
        self._sentences = _open_sentences(generation)
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

    # The reports table is read once per generation (it never changes) rather than on every
    # question that names a force or year.
    @cached_property
    def _reports(self) -> list[tuple[str, str | None, str | None]]:
        return [tuple(r) for r in self.db.execute("SELECT id, force, year FROM reports")]

    @cached_property
    def report_keys(self) -> list[tuple[str, str, str | None]]:
        """(id, normalised force name, year) of every report."""
        return [(rid, force_key(force or ""), year) for rid, force, year in self._reports]

    @cached_property
    def forces(self) -> list[str]:
        """The forces the index holds reports of, as the reports name them."""
        return sorted({force for _, force, _ in self._reports if force})

    @cached_property
    def years(self) -> list[str]:
        """The inspection years the index holds reports of."""
        return sorted({year for _, _, year in self._reports if year})

    @cached_property
    def _spans(self) -> dict[str, tuple[int, int]]:
        return {r: (first, last + 1) for r, first, last in self.db.execute(
            "SELECT report_id, min(row), max(row) FROM chunks GROUP BY report_id")}

    def report_rows(self, ids: list[str]) -> np.ndarray:
        """The chunk rows of these reports. write_generation appends a report's chunks together
        and renumbering keeps their order, so each report is one run of consecutive rows."""
        runs = [np.arange(*self._spans[r], dtype=np.int64) for r in ids if r in self._spans]
        return np.concatenate(runs) if runs else np.zeros(0, dtype=np.int64)

    @property
    def sentence_count(self) -> int:
        return len(self._sentences)

    def dense(self, vector: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Return (row, cosine) of the k nearest chunks, only among rows if given."""
        return search_index(self.chunk_index, vector, k, rows)

    def keyword(self, groups: list[list[str]], k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Return (row, BM25 score) of the k best chunks for the query's word groups (a word and
        the words searched for it), only among rows if given."""
        if self.keywords is None:
            raise IndexMissing(outdated_message(self.root))
        return self.keywords.search(groups, k, rows)

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those words the index's vocabulary holds (embedded at ingest)."""
        if not words or self.vocab_index.ntotal == 0:
            return {}
        marks = ",".join("?" * len(words))
        found = self.db.execute(f"SELECT word, row FROM vocab WHERE word IN ({marks})", words).fetchall()
        if not found:
            return {}
        vectors = self.vocab_index.reconstruct_batch(np.array([r[1] for r in found], dtype=np.int64))
        return {r[0]: v for r, v in zip(found, vectors)}

    def vectors(self, rows: list[int], sentences: bool = False) -> np.ndarray:
        """Fetch stored vectors by row."""
        if not len(rows):
            return np.zeros((0, self.chunk_index.d), dtype=np.float32)
        if sentences:
            return self._sentences[np.asarray(rows, dtype=np.int64)].astype(np.float32)
        return self.chunk_index.reconstruct_batch(np.asarray(rows, dtype=np.int64))

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


# Memory-map the vectors themselves (IFC covers flat storage, not just IVF lists):
# opening is instant and worker processes share one copy through the page cache.
_MMAP = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY


def _open_sentences(generation: Path) -> np.ndarray:
    """Sentence vectors by row: memory-mapped float16 (half the pages of float32; cosines move
    by < 1e-3, well below any ranking decision)."""
    path = generation / "sentences.npy"
    if path.exists():
        return np.load(path, mmap_mode="r")
    # Format 1 kept them in a flat FAISS file; such a generation is only read to be rewritten.
    index = faiss.read_index(str(generation / "sentences.faiss"), _MMAP)
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), dtype=np.float32)


def outdated_message(root: Path) -> str:
    return (f"the index at {root} was written by an older version; any ingest rewrites it in the current "
            f"format without re-embedding (e.g. reportqa ingest corpus/ --index {root}), and reportqa serve does it on start")


def is_outdated(root: Path) -> bool:
    """Say whether the live generation at root needs rewriting in the current format."""
    name = current_generation(root)
    return name is not None and _outdated(json.loads((root / name / "meta.json").read_text()))


def _outdated(meta: dict) -> bool:
    return meta.get("format", 1) < FORMAT


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
        chunk_vecs, old_sentences, vocab_vecs = _copy_base(conn, base, drop)
        if vocab is not None and vocab.words:
            start = len(vocab_vecs[0]) if vocab_vecs else 0
            conn.executemany("INSERT INTO vocab VALUES (?, ?)", [(start + i, w) for i, w in enumerate(vocab.words)])
            vocab_vecs.append(vocab.vectors)
        for bundle in bundles:
            _insert(conn, bundle)
            _copy_pdf(root, bundle)
        chunk_vecs.extend(b.chunk_vectors for b in bundles)
        _link(conn)
        conn.commit()
        reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        fields = conn.execute("SELECT text, section FROM chunks ORDER BY row").fetchall()
        conn.close()
        build_keywords({"text": [f[0] for f in fields], "section": [f[1] for f in fields]}, tmp / "keywords")
        del fields
        chunks = _stack(chunk_vecs, dim)
        kind = build_index(chunks, tmp / "chunks.faiss", ann)
        sentences = _write_sentences(tmp / "sentences.npy", base, old_sentences, bundles, dim)
        build_index(_stack(vocab_vecs, dim), tmp / "vocab.faiss", "flat")
        meta = {"format": FORMAT, "embedder": embedder, "dim": dim, "reports": reports,
                "chunks": len(chunks), "sentences": sentences, "ann": kind,
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


def _write_sentences(path: Path, base: Store | None, old_rows: list[int], bundles: list[Bundle], dim: int) -> int:
    """Write the sentence vectors, base's surviving rows then the bundles'; return how many."""
    total = len(old_rows) + sum(len(b.sentence_vectors) for b in bundles)
    parts = (base.vectors(old_rows[i:i + SLICE], sentences=True) for i in range(0, len(old_rows), SLICE))
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


def _copy_base(conn: sqlite3.Connection, base: Store | None, drop: set[str]) -> tuple[list, list[int], list]:
    """Copy the surviving reports of base, renumbering rows to stay dense; return base's chunk
    vectors, the rows of its surviving sentences, and its vocabulary vectors."""
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
    return [base.vectors(old_chunks)], old_sents, [vocab] if vocab is not None else []


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
