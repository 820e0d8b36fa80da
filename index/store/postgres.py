"""The index in PostgreSQL + pgvector: immutable generations, one schema each, published by the
transaction that writes them.

Layout of the database::

    reportqa.live          one row: the name of the live generation
    reportqa.generations   each generation's facts (format, embedder, dim, counts, vector index)
    reportqa.pdfs          the ingested files by SHA-256, shared by generations
    gen_<stamp>.reports, sections, chunks, vectors, sentences, findings, vocab, terms

A generation's schema, its rows, its indexes and the change of `reportqa.live` are one
transaction: a writer killed at any point leaves nothing behind, and a reader sees the old
generation or the new one, never part of one. Readers name their generation's schema in every
query, so a reader keeps its generation until it refreshes, whatever is published meanwhile.

Records are stored whole as JSONB beside typed columns for what is filtered and sorted, so a
field added to a dataclass in index/model.py flows through without changing the schema.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import math
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, asdict
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg
from pgvector import Vector
from pgvector.psycopg import register_vector
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from ..errors import IndexMissing, IndexOutdated
from ..model import (PATH_SEPARATOR, Bundle, Finding, FindingPage, FindingQuery, Hit, Mention, Report, Section,
                     Vocabulary)
from .common import cursor, cursor_key, reports_holding, section_key
from .keywords import FIELDS, PARAMS, RELATED_WEIGHT, tokens

FORMAT = 1
KEEP_GENERATIONS = 2  # the live one and its predecessor, for readers still finishing with it
LOCK_KEY = 0x7265706F72747161  # "reportqa": the advisory lock one writer holds
POOL_SIZE = 12  # connections per process (request threads + the job thread)
CONNECT_TIMEOUT = 10  # seconds a request waits for the database before it is told it is unreachable
# Exact search below this many chunks; above, IVFFlat with lists = IVF_LISTS_PER_ROOT * sqrt(N),
# IVF_PROBE of them probed: the index ann.py chose for FAISS, measured again here (docs/scaling.md,
# "More than one machine"). An exact scan costs ~0.7 us a vector in PostgreSQL on a quiet machine
# (5-10x FAISS), so the index takes over ten times sooner than ann.IVF_ABOVE.
IVF_ABOVE = 5_000
IVF_LISTS_PER_ROOT = 4
IVF_PROBE = 128
# A filtered search over at most this many chunks is done exactly (~7 ms at the most, quiet); larger
# subsets go through the IVF index with pgvector's iterative scan, which keeps probing until k rows
# pass the filter.
EXACT_SUBSET = 10_000
NAME = re.compile(r"^gen_[0-9]{8}t[0-9]{6}_[0-9a-f]{6}$")

CONTROL = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE SCHEMA IF NOT EXISTS reportqa;
CREATE TABLE IF NOT EXISTS reportqa.live(one boolean PRIMARY KEY DEFAULT true CHECK (one), name text NOT NULL);
CREATE TABLE IF NOT EXISTS reportqa.generations(name text PRIMARY KEY, meta jsonb NOT NULL,
    created timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS reportqa.pdfs(sha256 text PRIMARY KEY, data bytea NOT NULL);
"""
SCHEMA = """
CREATE SCHEMA {s};
CREATE TABLE {s}.reports(id text PRIMARY KEY, organisation text, force text, year text, title text, sha256 text,
    ingested_at double precision, record jsonb NOT NULL);
CREATE TABLE {s}.sections(report_id text, seq int, record jsonb NOT NULL, PRIMARY KEY(report_id, seq));
CREATE TABLE {s}.chunks(row int PRIMARY KEY, id text, report_id text, seq int, kind text, path jsonb,
    section text, section_key text, text text, page_start int, page_end int);
CREATE TABLE {s}.vectors(row int PRIMARY KEY, report_id text, kind text, vec vector({dim}));
-- Sentence vectors are only ever fetched by chunk, never searched: float16 bytes, as sentences.npy.
CREATE TABLE {s}.sentences(row int PRIMARY KEY, chunk_row int, start int, "end" int, page int, vec bytea);
CREATE TABLE {s}.findings(id text PRIMARY KEY, report_id text, seq int, kind text, source text, grade text,
    carried_from text, text text, evidence text, chunk_id text, record jsonb NOT NULL);
CREATE TABLE {s}.vocab(row int PRIMARY KEY, word text UNIQUE, vec vector({dim}));
-- Per stem, the chunks that hold it and its BM25 weight in each (text + section fields, weighted
-- as keywords.py weighs them), as little-endian int32 and float32 arrays; df counts the text field.
CREATE TABLE {s}.terms(stem text COLLATE "C" PRIMARY KEY, df int, rows bytea, weights bytea);
ALTER TABLE {s}.terms ALTER COLUMN rows SET STORAGE EXTERNAL, ALTER COLUMN weights SET STORAGE EXTERNAL;
"""
INDEXES = """
CREATE UNIQUE INDEX ON {s}.chunks(id);
CREATE INDEX ON {s}.chunks(report_id);
CREATE INDEX ON {s}.chunks(kind);
CREATE INDEX ON {s}.sentences(chunk_row);
CREATE INDEX ON {s}.vectors(report_id);
CREATE INDEX ON {s}.vectors(kind);
CREATE INDEX ON {s}.findings(report_id);
"""
# The local store's orders, in SQLite's: binary comparison, NULLs first. Findings are in a total
# order (report by inspected body, year and id, then reading order), so pages are keyset queries.
REPORT_ORDER = ('ORDER BY coalesce(organisation, force) COLLATE "C" NULLS FIRST, year COLLATE "C" NULLS FIRST,'
                ' title COLLATE "C" NULLS FIRST')
FINDING_KEY = ("coalesce(r.organisation, r.force, '') COLLATE \"C\", coalesce(r.year, '') COLLATE \"C\","
               " f.report_id COLLATE \"C\", f.seq")
FINDINGS_SELECT = ("SELECT f.record, c.page_start, coalesce(r.organisation, r.force, ''), coalesce(r.year, ''),"
                   " f.report_id, f.seq FROM {s}.findings f JOIN {s}.reports r ON r.id = f.report_id"
                   " LEFT JOIN {s}.chunks c ON c.id = f.chunk_id")


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


class PostgresStore:
    """An index in a PostgreSQL database (the layout above), shared by every process that opens it."""

    def __init__(self, url: str, ann_kind: str | None = None) -> None:
        self.url = url
        self.location = _redact(url)
        self.ann_kind = ann_kind  # force an index kind (benchmarks); None chooses by size
        self._pool: ConnectionPool | None = None
        self._pool_lock = threading.Lock()

    def state_dir(self) -> Path:
        from platformdirs import user_cache_dir

        digest = hashlib.sha256(self.url.encode()).hexdigest()[:12]
        folder = Path(user_cache_dir("reportqa")) / "postgres" / digest
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        if self._pool is None:
            with self._pool_lock:
                if self._pool is None:
                    self._pool = ConnectionPool(self.url, min_size=1, max_size=POOL_SIZE, open=True,
                                                timeout=CONNECT_TIMEOUT,
                                                kwargs={"autocommit": True}, configure=_configure,
                                                name=f"reportqa {self.location}")
                    atexit.register(self._pool.close)
        with self._pool.connection() as conn:
            yield conn

    def live(self) -> str | None:
        try:
            if self._pool is None:
                # Before anything is published there may be no pgvector types for the pool to load.
                with psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                    return _live(conn)
            with self._connection() as conn:
                return _live(conn)
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise IndexMissing(f"cannot reach the database at {self.location}: {str(exc).strip()}") from exc

    def _meta(self, name: str) -> dict:
        with self._connection() as conn:
            row = conn.execute("SELECT meta FROM reportqa.generations WHERE name = %s", [name]).fetchone()
        return row[0]

    def open(self) -> PostgresGeneration:
        name = self.live()
        if name is None:
            raise IndexMissing(f"no index at {self.location}; run: reportqa ingest corpus/ --index {self.location}")
        return PostgresGeneration(self, name, self._meta(name))

    @contextmanager
    def lock(self) -> Iterator[None]:
        # A session-level advisory lock on its own connection: a writer that dies releases it.
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

    def outdated(self) -> bool:
        name = self.live()
        return name is not None and self._meta(name).get("format", 0) < FORMAT

    def publish(self, base: PostgresGeneration | None, drop: set[str], bundles: list[Bundle], vocab: Vocabulary,
                links: dict[str, str], embedder: str, dim: int) -> str:
        name = f"gen_{time.strftime('%Y%m%dt%H%M%S')}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(self.url) as conn:
            with conn.transaction():
                conn.execute(CONTROL)
            register_vector(conn)
            with conn.transaction():
                s = f'"{name}"'
                # A limit, not an allocation: pgvector's IVF build at 1M chunks (4,000 lists) needs 3.4 GB.
                conn.execute("SET LOCAL maintenance_work_mem = '4GB'")
                conn.execute(SCHEMA.format(s=s, dim=dim))
                if base is not None:
                    _copy_base(conn, s, base, drop, links)
                _insert(conn, s, bundles, vocab, links)
                reports, chunks, sentences = conn.execute(
                    f"SELECT (SELECT count(*) FROM {s}.reports), (SELECT count(*) FROM {s}.chunks),"
                    f" (SELECT count(*) FROM {s}.sentences)").fetchone()
                _write_terms(conn, s)
                conn.execute(INDEXES.format(s=s))
                kind = self.ann_kind or choose(chunks)
                if kind == "ivf":
                    conn.execute(f"CREATE INDEX ON {s}.vectors USING ivfflat (vec vector_ip_ops) WITH (lists = {lists(chunks)})")
                for table in ("reports", "chunks", "vectors", "sentences", "findings", "vocab", "terms"):
                    conn.execute(f"ANALYZE {s}.{table}")
                meta = {"format": FORMAT, "embedder": embedder, "dim": dim, "reports": reports, "chunks": chunks,
                        "sentences": sentences, "ann": kind, "lists": lists(chunks) if kind == "ivf" else None,
                        "created": time.time()}
                conn.execute("INSERT INTO reportqa.generations(name, meta) VALUES (%s, %s)", [name, Jsonb(meta)])
                conn.execute("INSERT INTO reportqa.live(one, name) VALUES (true, %s)"
                             " ON CONFLICT (one) DO UPDATE SET name = excluded.name", [name])
            _collect_garbage(conn)
        return name


def _configure(conn: psycopg.Connection) -> None:
    register_vector(conn)
    conn.execute(f"SET ivfflat.probes = {IVF_PROBE}")
    conn.execute("SET ivfflat.iterative_scan = relaxed_order")
    # Planned with the actual row lists: PostgreSQL hashes a long `= ANY(array)` only when the array
    # is a constant, and a generic plan of a prepared statement would scan it for every row.
    conn.execute("SET plan_cache_mode = force_custom_plan")
    # Every query here is short; compiling one (on a server built with JIT) costs more than it saves.
    conn.execute("SET jit = off")


def _live(conn: psycopg.Connection) -> str | None:
    try:
        row = conn.execute("SELECT name FROM reportqa.live").fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return row[0] if row else None


def choose(count: int) -> str:
    """Name the vector index kind for this many chunks."""
    return "ivf" if count > IVF_ABOVE else "flat"


def lists(count: int) -> int:
    """The IVF lists for this many chunks (ann.py's rule)."""
    return max(1, round(IVF_LISTS_PER_ROOT * math.sqrt(count)))


class PostgresGeneration:
    """A read-only view of one generation's schema; safe to share between threads."""

    def __init__(self, store: PostgresStore, name: str, meta: dict) -> None:
        if not NAME.match(name):
            raise IndexMissing(f"{store.location} names {name!r} as its live generation, which is not one of ours")
        self.store = store
        self.name = name
        self.meta = meta
        self.embedder = meta["embedder"]
        self.outdated = meta.get("format", 0) < FORMAT
        self.s = f'"{name}"'

    def _all(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.store._connection() as conn:
            # Binary results: vectors arrive as packed floats, not text to parse.
            return conn.execute(sql.format(s=self.s), params, binary=True).fetchall()

    def counts(self) -> dict[str, int]:
        return {"reports": self.meta["reports"], "chunks": self.meta["chunks"]}

    @cached_property
    def _reports(self) -> list[Report]:
        rows = self._all("SELECT record FROM {s}.reports " + REPORT_ORDER)
        return [_load(Report, r[0]) for r in rows]

    def reports(self) -> list[Report]:
        return list(self._reports)

    def sections(self, report_id: str) -> list[Section]:
        return [_load(Section, r[0]) for r in self._all(
            "SELECT record FROM {s}.sections WHERE report_id = %s ORDER BY seq", [report_id])]

    def pdf(self, report_id: str) -> Path | None:
        report = next((r for r in self._reports if r.id == report_id), None)
        if report is None:
            return None
        # Every replica serves every PDF: the database holds them, each machine caches what it served.
        path = self.store.state_dir() / "pdfs" / f"{report.sha256}.pdf"
        if not path.exists():
            found = self._all("SELECT data FROM reportqa.pdfs WHERE sha256 = %s", [report.sha256])
            if not found:
                return None
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
            tmp.write_bytes(found[0][0])
            os.replace(tmp, path)
        return path

    @cached_property
    def _spans(self) -> dict[str, tuple[int, int]]:
        return {r: (first, last + 1) for r, first, last in self._all(
            "SELECT report_id, min(row), max(row) FROM {s}.chunks GROUP BY report_id")}

    def restrict(self, report_ids: list[str] | None, kinds: list[str], sections: list[str]) -> Selection | None:
        if report_ids is None and not kinds and not sections:
            return None
        return Selection(self, report_ids, kinds, sections)

    def reports_in(self, allowed: Selection | None) -> set[str]:
        if allowed is None:
            return set(self._spans)
        return reports_holding(self._spans, allowed)

    def dense(self, vector: np.ndarray, k: int, allowed: Selection | None) -> list[tuple[int, float]]:
        q = Vector(np.asarray(vector, dtype=np.float32))
        if allowed is None:
            rows = self._all("SELECT row, vec <#> %s AS d FROM {s}.vectors ORDER BY d LIMIT %s", [q, k])
        elif len(allowed) == 0:
            return []
        elif len(allowed) <= EXACT_SUBSET:
            where, args = allowed.where()
            # Materialised, so every allowed row is scored: the planner may not swap in the IVF index.
            rows = self._all("WITH scored AS MATERIALIZED (SELECT row, vec <#> %s AS d FROM {s}.vectors v"
                             f" WHERE {where}) SELECT row, d FROM scored ORDER BY d LIMIT %s", [q, *args, k])
        else:
            where, args = allowed.where()
            rows = self._all(f"SELECT row, vec <#> %s AS d FROM {{s}}.vectors v WHERE {where} ORDER BY d LIMIT %s",
                             [q, *args, k])
        # <#> is the negated inner product; relaxed iterative scans may return rows slightly out of order.
        return sorted(((r, -d) for r, d in rows), key=lambda p: -p[1])

    def keyword(self, groups: list[list[str]], k: int, allowed: Selection | None) -> list[tuple[int, float]]:
        if self.outdated:
            raise IndexOutdated(self.store.location)
        weights = query_weights(groups)
        size = self.meta["chunks"]
        if not weights or not size or (allowed is not None and len(allowed) == 0):
            return []
        # One indexed read of the query's postings, summed here: the same sums in SQL (unnest, then
        # GROUP BY over every posting) cost ~1.4 us a posting (docs/scaling.md, "More than one machine").
        scores = np.zeros(size, dtype=np.float32)
        for stem, rows, values in self._all("SELECT stem, rows, weights FROM {s}.terms WHERE stem = ANY(%s)",
                                            [list(weights)]):
            scores[np.frombuffer(rows, dtype="<i4")] += np.float32(weights[stem]) * np.frombuffer(values, dtype="<f4")
        candidates = np.arange(size) if allowed is None else np.asarray(allowed, dtype=np.int64)
        subset = scores[candidates]
        top = np.argpartition(-subset, k)[:k] if len(subset) > k else np.arange(len(subset))
        top = top[np.argsort(-subset[top], kind="stable")]
        return [(int(candidates[i]), float(subset[i])) for i in top if subset[i] > 0]

    def hits(self, rows: list[int] | None = None, ids: list[str] | None = None) -> list[Hit]:
        key, values = ("row", rows) if rows is not None else ("id", ids or [])
        unique = list(dict.fromkeys(v for v in values if v is not None))
        if not unique:
            return []
        found = self._all("SELECT row, id, report_id, kind, path, text, page_start, page_end FROM {s}.chunks"
                          f" WHERE {key} = ANY(%s)", [[int(v) for v in unique] if key == "row" else unique])
        return [Hit(row=r[0], id=r[1], report_id=r[2], kind=r[3], section_path=r[4], text=r[5], page_start=r[6],
                    page_end=r[7]) for r in found]

    def chunk_vectors(self, rows: list[int]) -> np.ndarray:
        if not len(rows):
            return np.zeros((0, self.meta["dim"]), dtype=np.float32)
        found = dict(self._all("SELECT row, vec FROM {s}.vectors WHERE row = ANY(%s)", [_rows(rows)]))
        return np.vstack([found[int(r)].to_numpy() for r in rows]).astype(np.float32)

    def sentences(self, chunk_rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        if not chunk_rows:
            return np.zeros((0, 4), dtype=np.int64), np.zeros((0, self.meta["dim"]), dtype=np.float32)
        found = self._all('SELECT chunk_row, start, "end", page, vec FROM {s}.sentences WHERE chunk_row = ANY(%s)'
                          " ORDER BY row", [_rows(chunk_rows)])
        spans = np.array([r[:4] for r in found], dtype=np.int64).reshape(-1, 4)
        vectors = np.frombuffer(b"".join(r[4] for r in found), dtype="<f2").reshape(-1, self.meta["dim"])
        return spans, vectors.astype(np.float32)

    # The vocabulary is small (a word per row) and read on every question: held in memory once.
    @cached_property
    def _vocab(self) -> tuple[dict[str, int], list[str], np.ndarray]:
        rows = self._all("SELECT word, vec FROM {s}.vocab ORDER BY row")
        words = [r[0] for r in rows]
        matrix = (np.vstack([r[1].to_numpy() for r in rows]).astype(np.float32) if rows
                  else np.zeros((0, self.meta["dim"]), dtype=np.float32))
        return {w: i for i, w in enumerate(words)}, words, matrix

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        index, _, matrix = self._vocab
        return {w: matrix[index[w]] for w in words if w in index}

    def related_words(self, vectors: np.ndarray, k: int, threshold: float) -> list[list[str]]:
        _, words, matrix = self._vocab
        if not len(words) or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        sims = np.asarray(vectors, dtype=np.float32) @ matrix.T
        top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        return [[words[i] for i in line if sims[n, i] >= threshold] for n, line in enumerate(top)]

    def known_words(self) -> set[str]:
        return set(self._vocab[1])

    def document_frequency(self, prefix: str) -> int:
        row = self._all("SELECT coalesce(max(df), 0) FROM {s}.terms WHERE stem >= %s AND stem < %s",
                        [prefix, prefix + "\uffff"])
        return int(row[0][0])

    def findings(self, query: FindingQuery) -> list[Finding]:
        where, args = _finding_filter(query)
        return [_finding(r[0], r[1]) for r in self._all(f"{FINDINGS_SELECT} WHERE {where} ORDER BY {FINDING_KEY}", args)]

    def finding_page(self, query: FindingQuery, limit: int, after: str | None = None) -> FindingPage:
        where, args = _finding_filter(query)
        total = self._all(f"SELECT count(*) FROM {{s}}.findings f JOIN {{s}}.reports r ON r.id = f.report_id"
                          f" WHERE {where}", args)[0][0]
        if after is not None:
            where += f" AND ({FINDING_KEY}) > (%s, %s, %s, %s::bigint)"
            args = [*args, *cursor_key(after)]
        rows = self._all(f"{FINDINGS_SELECT} WHERE {where} ORDER BY {FINDING_KEY} LIMIT %s", [*args, limit + 1])
        more, rows = len(rows) > limit, rows[:limit]
        return FindingPage([_finding(r[0], r[1]) for r in rows], total, cursor(list(rows[-1][2:])) if more else None)

    def close(self) -> None:
        for name in ("_reports", "_spans", "_vocab"):
            self.__dict__.pop(name, None)


class Selection:
    """The chunks a search may return: conditions on a generation's vectors table, applied in SQL
    before any ranking, and (when asked for, with np.asarray) the rows they allow."""

    def __init__(self, generation: PostgresGeneration, report_ids: list[str] | None, kinds: list[str],
                 sections: list[str]) -> None:
        self.generation = generation
        self.reports_only = not kinds and not sections
        parts, self.args = [], []
        if report_ids is not None:
            parts.append("v.report_id = ANY(%s)")
            self.args.append(report_ids)
        if kinds:
            parts.append("v.kind = ANY(%s)")
            self.args.append(kinds)
        if sections:
            parts.append("v.row IN (SELECT row FROM {s}.chunks WHERE "
                         + " OR ".join("strpos(section_key, %s) > 0" for _ in sections) + ")")
            self.args += ["\x1f" + v.lower() + "\x1f" for v in sections]
        self.sql = " AND ".join(parts)
        if self.reports_only:
            spans = generation._spans
            self.count = sum(spans[r][1] - spans[r][0] for r in set(report_ids or []) if r in spans)
        else:
            self.count = int(generation._all(f"SELECT count(*) FROM {{s}}.vectors v WHERE {self.sql}", self.args)[0][0])

    def __len__(self) -> int:
        return self.count

    def where(self) -> tuple[str, list]:
        """The SQL condition over the vectors table (as v) and its arguments."""
        return self.sql, list(self.args)

    @cached_property
    def rows(self) -> np.ndarray:
        if self.reports_only:
            # publish keeps each report's chunks one run of consecutive rows, as the local store does.
            spans = self.generation._spans
            runs = [np.arange(*spans[r], dtype=np.int64) for r in sorted(set(self.args[0]) & set(spans))]
            return np.sort(np.concatenate(runs)) if runs else np.zeros(0, dtype=np.int64)
        packed = self.generation._all(
            f"SELECT string_agg(int4send(row), ''::bytea ORDER BY row) FROM {{s}}.vectors v WHERE {self.sql}",
            self.args)[0][0]
        return np.frombuffer(packed or b"", dtype=">i4").astype(np.int64)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self.rows if dtype is None else self.rows.astype(dtype)


def _finding_filter(query: FindingQuery) -> tuple[str, list]:
    """The WHERE clause (over findings f and reports r) and its arguments for a query."""
    where, args = ["true"], []
    if query.report_id is not None:
        where.append("f.report_id = ANY(%s)")
        args.append(query.report_id)
    for column, values in (("f.kind", query.kind), ("f.source", query.source)):
        if values:
            where.append(f"{column} = ANY(%s)")
            args.append(values)
    if query.grade:
        where.append("lower(f.grade) = ANY(%s)")
        args.append([g.lower() for g in query.grade])
    years = [c for c in query.carried_from if c]
    if years:
        where.append("f.carried_from LIKE ANY(%s)")
        args.append([c[:4] + "%" for c in years])
    elif query.carried_from:
        where.append("f.carried_from IS NOT NULL AND f.carried_from != ''")
    if query.q:
        where.append("(strpos(lower(f.text), %s) > 0 OR strpos(lower(coalesce(f.evidence, '')), %s) > 0)")
        args += [query.q.lower(), query.q.lower()]
    return " AND ".join(where), args


def query_weights(groups: list[list[str]]) -> dict[str, float]:
    """Each stem's weight in a query, as KeywordIndex.search counts it: once per group, at full
    weight if the group's own word has it, at RELATED_WEIGHT if only a word searched for it does."""
    weights: dict[str, float] = {}
    for group in groups:
        own = set(tokens(group[:1])[0]) if group else set()
        related = {t for g in tokens(group[1:]) for t in g} - own if len(group) > 1 else set()
        for stem in own:
            weights[stem] = weights.get(stem, 0.0) + 1.0
        for stem in related:
            weights[stem] = weights.get(stem, 0.0) + RELATED_WEIGHT
    return weights


def _rows(rows) -> list[int]:
    return np.asarray(rows, dtype=np.int64).tolist()


def _plain(value):
    if is_dataclass(value):
        return asdict(value)
    raise TypeError(f"cannot store {type(value).__name__}")


def _record(obj, skip: tuple[str, ...] = (), **changes) -> Jsonb:
    """A dataclass as its JSONB record: every field, so new fields are stored with no schema change."""
    body = {f.name: getattr(obj, f.name) for f in fields(obj) if f.name not in skip}
    body.update(changes)
    return Jsonb(body, dumps=lambda v: json.dumps(v, default=_plain))


def _load(cls, record: dict):
    """A dataclass from its record; fields the record lacks (written before they existed) keep their defaults."""
    return cls(**{f.name: record[f.name] for f in fields(cls) if f.name in record})


def _finding(record: dict, chunk_page: int | None) -> Finding:
    finding = _load(Finding, record)
    finding.mentions = [Mention(**m) for m in record.get("mentions") or []]
    finding.chunk_page = chunk_page
    return finding


def _copy_base(conn: psycopg.Connection, s: str, base: PostgresGeneration, drop: set[str],
               links: dict[str, str]) -> None:
    """Copy base's surviving reports into schema s inside the database, renumbering rows to stay dense."""
    old, gone, linked = base.s, list(drop), Jsonb(links)
    conn.execute(f"INSERT INTO {s}.reports SELECT * FROM {old}.reports WHERE id <> ALL(%s)", [gone])
    conn.execute(f"INSERT INTO {s}.sections SELECT * FROM {old}.sections WHERE report_id <> ALL(%s)", [gone])
    conn.execute(
        f"INSERT INTO {s}.findings SELECT id, report_id, seq, kind, source, grade, carried_from, text, evidence,"
        " chunk_id, record || jsonb_build_object('linked_to', %s::jsonb ->> id)"
        f" FROM {old}.findings WHERE report_id <> ALL(%s)", [linked, gone])
    conn.execute(
        f"INSERT INTO {s}.chunks SELECT row_number() OVER (ORDER BY row) - 1, id, report_id, seq, kind, path, section,"
        f" section_key, text, page_start, page_end FROM {old}.chunks WHERE report_id <> ALL(%s)", [gone])
    conn.execute(f"INSERT INTO {s}.vectors SELECT n.row, n.report_id, n.kind, v.vec FROM {old}.vectors v"
                 f" JOIN {old}.chunks o ON o.row = v.row JOIN {s}.chunks n ON n.id = o.id")
    conn.execute(
        f"INSERT INTO {s}.sentences SELECT row_number() OVER (ORDER BY t.row) - 1, n.row, t.start, t.\"end\", t.page,"
        f" t.vec FROM {old}.sentences t JOIN {old}.chunks o ON o.row = t.chunk_row JOIN {s}.chunks n ON n.id = o.id")
    conn.execute(f"INSERT INTO {s}.vocab SELECT * FROM {old}.vocab")


def _insert(conn: psycopg.Connection, s: str, bundles: list[Bundle], vocab: Vocabulary, links: dict[str, str]) -> None:
    """Append the bundles and the new words after what schema s holds, by COPY."""
    chunk_row, sent_row, word_row = conn.execute(
        f"SELECT (SELECT coalesce(max(row) + 1, 0) FROM {s}.chunks), (SELECT coalesce(max(row) + 1, 0) FROM {s}.sentences),"
        f" (SELECT coalesce(max(row) + 1, 0) FROM {s}.vocab)").fetchone()
    with conn.cursor() as cur:
        with cur.copy(f"COPY {s}.vocab(row, word, vec) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int4", "text", "vector"])
            for n, (word, vec) in enumerate(zip(vocab.words, vocab.vectors)):
                copy.write_row((word_row + n, word, Vector(vec)))
        for bundle in bundles:
            r = bundle.report
            cur.execute(f"INSERT INTO {s}.reports VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                        [r.id, r.organisation, r.force, r.year, r.title, r.sha256, time.time(), _record(r)])
            cur.execute("INSERT INTO reportqa.pdfs VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        [r.sha256, Path(bundle.pdf).read_bytes()])
            with cur.copy(f"COPY {s}.sections FROM STDIN") as copy:
                for n, sec in enumerate(bundle.sections):
                    copy.write_row((r.id, n, _record(sec, skip=("blocks",))))
            with cur.copy(f"COPY {s}.findings FROM STDIN") as copy:
                for n, f in enumerate(bundle.findings):
                    copy.write_row((f.id, r.id, n, f.kind, f.source, f.grade, f.carried_from, f.text, f.evidence,
                                    f.chunk_id, _record(f, skip=("chunk_page",), report_id=r.id,
                                                        linked_to=links.get(f.id))))
            with cur.copy(f"COPY {s}.chunks FROM STDIN") as copy:
                for n, c in enumerate(bundle.chunks):
                    copy.write_row((chunk_row + n, c.id, r.id, c.seq, c.kind, Jsonb(c.section_path),
                                    PATH_SEPARATOR.join(c.section_path), section_key(c.section_path), c.text,
                                    c.page_start, c.page_end))
            with cur.copy(f"COPY {s}.vectors FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "text", "text", "vector"])
                for n, (c, vec) in enumerate(zip(bundle.chunks, bundle.chunk_vectors)):
                    copy.write_row((chunk_row + n, r.id, c.kind, Vector(vec)))
            with cur.copy(f"COPY {s}.sentences FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "int4", "int4", "int4", "int4", "bytea"])
                halves = np.asarray(bundle.sentence_vectors, dtype="<f2")
                at = 0
                for n, c in enumerate(bundle.chunks):
                    for sent in c.sentences:
                        copy.write_row((sent_row, chunk_row + n, sent.start, sent.end, sent.page, halves[at].tobytes()))
                        sent_row += 1
                        at += 1
            chunk_row += len(bundle.chunks)


def _write_terms(conn: psycopg.Connection, s: str) -> None:
    """Compute BM25 over schema s's chunks with keywords.py's tokenizer, stemmer and parameters,
    and store each stem's summed field weights and its document frequency in the text field."""
    import bm25s

    texts = {name: [] for name in FIELDS}
    for text, section in conn.execute(f"SELECT text, section FROM {s}.chunks ORDER BY row"):
        texts["text"].append(text)
        texts["section"].append(section)
    if not texts["text"]:
        return
    postings: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    df: dict[str, int] = {}
    for name, field_weight in FIELDS.items():
        model = bm25s.BM25(**PARAMS)
        model.index(tokens(texts[name], ids=True), show_progress=False)
        data, indices, indptr = (model.scores[k] for k in ("data", "indices", "indptr"))
        for stem, col in model.vocab_dict.items():
            if col >= len(indptr) - 1:
                continue  # bm25s's placeholder for an empty text, which no query holds
            a, b = indptr[col], indptr[col + 1]
            if name == "text":
                df[stem] = int(b - a)
            postings.setdefault(stem, []).append((indices[a:b], field_weight * data[a:b]))
    del texts
    with conn.cursor() as cur, cur.copy(f"COPY {s}.terms FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["text", "int4", "bytea", "bytea"])
        for stem, parts in postings.items():
            rows = np.concatenate([p[0] for p in parts]).astype(np.int64)
            weights = np.concatenate([p[1] for p in parts]).astype(np.float32)
            rows, slot = np.unique(rows, return_inverse=True)
            summed = np.zeros(len(rows), dtype=np.float32)
            np.add.at(summed, slot, weights)
            keep = summed > 0  # a stem in more than half the chunks weighs nothing (Robertson's IDF)
            copy.write_row((stem, df.get(stem, 0), rows[keep].astype("<i4").tobytes(), summed[keep].astype("<f4").tobytes()))


def _collect_garbage(conn: psycopg.Connection) -> None:
    """Drop generations older than the last KEEP_GENERATIONS (never the live one) and PDFs none of them uses."""
    conn.autocommit = True
    live = _live(conn)
    names = [r[0] for r in conn.execute("SELECT name FROM reportqa.generations ORDER BY created, name")]
    keep = {live} | set(names[-KEEP_GENERATIONS:])
    for name in names:
        if name not in keep and NAME.match(name):
            with conn.transaction():
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
                conn.execute("DELETE FROM reportqa.generations WHERE name = %s", [name])
    used = " UNION ".join(f'SELECT sha256 FROM "{n}".reports' for n in sorted(keep) if n and NAME.match(n))
    if used:
        conn.execute(f"DELETE FROM reportqa.pdfs WHERE sha256 NOT IN ({used})")
