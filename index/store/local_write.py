"""Writing a generation of the local index: SQLite metadata, FAISS chunk and vocabulary vectors,
float16 sentence vectors and BM25 scores, written under a temporary name, synced, renamed, and only
then named in CURRENT (the layout is in `local`'s docstring)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, astuple, fields
from pathlib import Path

import numpy as np

from ..model import PATH_SEPARATOR, Bundle, Vocabulary
from . import ann
from .common import section_key
from .keywords import build_keywords
from .local_generation import FORMAT, REPORT_FIELDS, LocalGeneration

SLICE = 100_000  # vectors copied from the previous generation at a time
REPORT_COLUMNS = ", ".join(REPORT_FIELDS)
KEEP_GENERATIONS = 2  # the live one and its predecessor, for readers still finishing with it

SCHEMA = """
CREATE TABLE reports(id TEXT PRIMARY KEY, title TEXT, force TEXT, year TEXT, pages INTEGER,
    sha256 TEXT UNIQUE, source TEXT, filename TEXT, ingested_at REAL, organisation TEXT,
    organisation_type TEXT, inspectorate TEXT, family TEXT, inspected TEXT, previous_inspection TEXT,
    fingerprint TEXT, published TEXT);
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


def publish(root: Path, ann_kind: str | None, base: LocalGeneration | None, drop: set[str], bundles: list[Bundle],
            vocab: Vocabulary, links: dict[str, str], embedder: str, dim: int) -> str:
    """Write a generation of base without the reports in drop, plus bundles, aside; sync it, name it
    in CURRENT and return its name. A crash at any point leaves the previous generation live."""
    tmp = root / f"tmp-{uuid.uuid4().hex[:12]}"
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
            _copy_pdf(root, bundle)
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
        kind = ann.build_index(chunks, tmp / "chunks.faiss", ann_kind)
        sentences = _write_sentences(tmp / "sentences.npy", base, old_sentences, bundles, dim)
        ann.build_index(_stack(vocab_vecs, dim), tmp / "vocab.faiss", "flat")
        meta = {"format": FORMAT, "embedder": embedder, "dim": dim, "reports": reports,
                "chunks": len(chunks), "sentences": sentences, "ann": kind, "created": time.time()}
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
        _fsync_tree(tmp)
        final = root / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        os.rename(tmp, final)
        _publish(root, final.name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _collect_garbage(root, final.name)
    return final.name


def _copy_pdf(root: Path, bundle: Bundle) -> None:
    target = root / "pdfs" / f"{bundle.report.sha256}.pdf"
    if target.exists():
        return
    target.parent.mkdir(exist_ok=True)
    tmp = target.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
    shutil.copyfile(bundle.pdf, tmp)
    os.replace(tmp, target)


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
