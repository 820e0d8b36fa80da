#!/usr/bin/env python
"""Benchmark ingest: parsing, chunking, embedding and the whole `ingest` into a fresh index.

Each case runs in a fresh subprocess so peak memory (ru_maxrss) belongs to that case alone.
Inputs: the real report ../shared/corpus/leicestershire-peel-2018-19.pdf, the real Ofsted reports
of ../shared/corpus/real/ (both skipped when missing) and the whole sample corpus/.

    python scripts/bench_ingest.py            # tables
    python scripts/bench_ingest.py --json     # one JSON object per case
    python scripts/bench_ingest.py --options  # also time embedding batch sizes and thread counts
    python scripts/bench_ingest.py --inputs real --cases ingest,cli --repeat 3  # end to end, 3 runs
    python scripts/bench_ingest.py --inputs ofsted --cases parse,ingest        # the Ofsted folder
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PDF = ROOT.parent / "shared" / "corpus" / "leicestershire-peel-2018-19.pdf"
OFSTED = sorted((ROOT.parent / "shared" / "corpus" / "real").glob("*.pdf"))
INPUTS = {"leicestershire (real)": [REAL_PDF], f"Ofsted real ({len(OFSTED)} reports)": OFSTED,
          "corpus/ (6 sample reports)": sorted((ROOT / "corpus").glob("*.pdf"))}
CHOICES = {"all": list(INPUTS), "real": ["leicestershire (real)"], "ofsted": [f"Ofsted real ({len(OFSTED)} reports)"],
           "corpus": ["corpus/ (6 sample reports)"]}


def _peak_mb(who=resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _parse_all(files):
    from index.chunks import make_chunks
    from index.embed import MiniLMEmbedder
    from index.ingest import parse_file
    from index.pdf import file_sha256

    count = MiniLMEmbedder().count_tokens  # the tokenizer alone: counting needs no torch
    out = []
    for path in files:
        parsed = parse_file(path, file_sha256(path))
        out.append((parsed, make_chunks(parsed.sections, parsed.report.id, count, 256)))
    return out


def case_parse(files) -> dict:
    """Parse, split sections and cut chunks (index.ingest.parse_file + make_chunks)."""
    t0 = time.perf_counter()
    parsed = _parse_all(files)
    seconds = time.perf_counter() - t0
    pages = sum(p.report.pages for p, _ in parsed)
    chunks = sum(len(c) for _, c in parsed)
    sentences = sum(len(ch.sentences) for _, c in parsed for ch in c)
    return {"pages": pages, "chunks": chunks, "sentences": sentences, "parse_chunk_s": round(seconds, 2),
            "pages_per_s": round(pages / seconds, 1)}


def case_embed(files) -> dict:
    """Embed chunks, sentences and the vocabulary with the real model, as ingest does."""
    from index.embed import get_embedder
    from index.model import Bundle
    from index.vocab import new_vocabulary

    parsed = _parse_all(files)
    chunks = [c for _, cs in parsed for c in cs]
    sentences = [c.text[s.start:s.end] for c in chunks for s in c.sentences]
    model = get_embedder("minilm")
    t0 = time.perf_counter()
    model.encode(["warm up"])
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.encode([c.embed_text for c in chunks])
    chunk_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.encode(sentences)
    sent_s = time.perf_counter() - t0
    bundles = [Bundle(report=p.report, pdf=Path(), sections=[], chunks=cs, chunk_vectors=None, sentence_vectors=None)
               for p, cs in parsed]
    t0 = time.perf_counter()
    vocab = new_vocabulary(bundles, set(), model)
    vocab_s = time.perf_counter() - t0
    return {"model_load_s": round(load_s, 2), "chunks": len(chunks), "chunk_embed_s": round(chunk_s, 2),
            "chunks_per_s": round(len(chunks) / chunk_s, 1), "sentences": len(sentences),
            "sentence_embed_s": round(sent_s, 2), "sentences_per_s": round(len(sentences) / sent_s, 1),
            "vocab_words": len(vocab.words), "vocab_embed_s": round(vocab_s, 2),
            "threads": __import__("torch").get_num_threads()}


def case_ingest(files) -> dict:
    """Run index.ingest.ingest into a fresh temporary index, timing its stages from outside."""
    import index.ingest as ingest_mod
    import index.vocab as vocab_mod
    from index.embed import MiniLMEmbedder
    from index.store import open_store
    from index.store.local import LocalStore

    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return wrapper

    # Wrappers only time; what runs is unchanged. Vocabulary encoding is counted under its own name.
    MiniLMEmbedder.encode = timed("embed (chunks + sentences)", MiniLMEmbedder.encode)
    if hasattr(MiniLMEmbedder, "encode_spans"):  # one pass for chunks and their sentences
        MiniLMEmbedder.encode_spans = timed("embed (chunks + sentences)", MiniLMEmbedder.encode_spans)
    ingest_mod.make_chunks = timed("chunks", ingest_mod.make_chunks)
    ingest_mod.extract_findings = timed("findings", ingest_mod.extract_findings)
    LocalStore.publish = timed("publish", LocalStore.publish)
    new_vocab = vocab_mod.new_vocabulary

    def vocabulary(*a, **kw):
        before = spent.get("embed (chunks + sentences)", 0.0)
        t = time.perf_counter()
        out = new_vocab(*a, **kw)
        spent["vocabulary"] = time.perf_counter() - t
        spent["embed (chunks + sentences)"] = before  # its encode call belongs to the vocabulary
        return out
    ingest_mod.new_vocabulary = vocabulary
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        results = ingest_mod.ingest(files, open_store(Path(tmp) / "index"))
        total = time.perf_counter() - t0
    assert all(r.status == "ok" for r in results), [r.line() for r in results]
    known = sum(spent.values())
    stages = {k: round(v, 2) for k, v in spent.items()}
    stages["parse (sandboxed child) + rest"] = round(total - known, 2)
    return {"files": len(files), "chunks": sum(r.chunks for r in results), "ingest_s": round(total, 2),
            "stages_s": stages, "peak_children_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


def case_cli(files) -> dict:
    """Time `reportqa ingest FILES --index NEWDIR` as a user runs it: a fresh interpreter, imports included."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "service.cli", "ingest", *map(str, files), "--index", str(Path(tmp) / "index")]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        total = time.perf_counter() - t0
    assert done.returncode == 0, done.stderr
    return {"files": len(files), "cli_s": round(total, 2), "peak_children_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


def case_options(files) -> dict:
    """Embedding throughput and vector drift for batch sizes and torch thread counts."""
    import numpy as np
    import torch

    from index.embed import MiniLMEmbedder

    parsed = _parse_all(files)
    chunks = [c.embed_text for _, cs in parsed for c in cs]
    sentences = [c.text[s.start:s.end] for _, cs in parsed for c in cs for s in c.sentences]
    unique = list(dict.fromkeys(sentences))
    rows = []
    reference = {}
    for threads in (2, 1):
        torch.set_num_threads(threads)
        # Batch sizes are in padded tokens: 2048 holds 8 full chunks or ~40 sentences.
        for what, texts, sizes in (("chunks", chunks, (1024, 2048, 4096, 8192)), ("sentences", sentences, (1024, 2048, 8192)),
                                   ("unique sentences", unique, (2048,))):
            for size in sizes:
                model = MiniLMEmbedder(batch_tokens=size)
                model.encode(["warm up"])
                t0 = time.perf_counter()
                vectors = model.encode(texts)
                seconds = time.perf_counter() - t0
                ref = reference.setdefault(what, vectors)
                rows.append({"texts": what, "n": len(texts), "threads": threads, "batch": size,
                             "s": round(seconds, 2), "per_s": round(len(texts) / seconds, 1),
                             "max_abs_diff": float(np.abs(vectors - ref).max())})
    return {"options": rows}


CASES = {"parse": case_parse, "embed": case_embed, "ingest": case_ingest, "cli": case_cli, "options": case_options}


def _cpu_s() -> tuple[float, float]:
    """CPU seconds spent so far by the whole machine (/proc/stat) and by this process's children."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    busy = (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait
    own = resource.getrusage(resource.RUSAGE_CHILDREN)
    return busy, own.ru_utime + own.ru_stime


def run_case(name: str, label: str) -> dict:
    """Run one case in a fresh interpreter and return its result with its peak memory.

    The machine is shared: others_cpu_s is the CPU time other processes took during the case
    (the machine's busy time less the case's own), so a slow run can be told from a busy machine.
    """
    cmd = [sys.executable, __file__, "_case", name, label]
    busy, own = _cpu_s()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"case {name} on {label} failed (exit {done.returncode})")
    after_busy, after_own = _cpu_s()
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(cpu_s=round(after_own - own, 1), others_cpu_s=round(max(0.0, (after_busy - busy) - (after_own - own)), 1))
    return result


def child(name: str, label: str) -> None:
    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    out = CASES[name](INPUTS[label])
    out.update(case=name, input=label, wall_s=round(time.perf_counter() - t0, 2), peak_mb=_peak_mb(),
               loadavg_1min=round(os.getloadavg()[0], 2))
    print(json.dumps(out))


def print_tables(results: list[dict], command: str) -> None:
    print(f"# bench_ingest {datetime.date.today().isoformat()}: `{command}`\n")
    by = {(r["input"], r["case"]): r for r in results}  # with --repeat, the last run of each
    head = ["input", "pages", "parse+chunk s", "pages/s", "parse peak MB", "chunks", "chunks/s", "sentences",
            "sentences/s", "vocab words (s)", "embed peak MB", "ingest s", "ingest peak MB (self / parser)"]
    full = [label for label in INPUTS if all((label, c) in by for c in ("parse", "embed", "ingest"))]
    if full:
        print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for label in full:
        p, e, i = by[(label, "parse")], by[(label, "embed")], by[(label, "ingest")]
        print("| " + " | ".join(str(x) for x in [
            label, p["pages"], p["parse_chunk_s"], p["pages_per_s"], p["peak_mb"], e["chunks"], e["chunks_per_s"],
            e["sentences"], e["sentences_per_s"], f"{e['vocab_words']} ({e['vocab_embed_s']})", e["peak_mb"],
            i["ingest_s"], f"{i['peak_mb']} / {i['peak_children_mb']}"]) + " |")
    print()
    for label in INPUTS:
        i = by.get((label, "ingest"))
        if i:
            parts = ", ".join(f"{k} {v} s" for k, v in sorted(i["stages_s"].items(), key=lambda kv: -kv[1]))
            print(f"- ingest of {label}: {i['ingest_s']} s = {parts}")
    print()
    timed = [r for r in results if r["case"] in ("ingest", "cli")]
    if timed:
        print("End to end, one row per run (`ingest`: index.ingest.ingest in a fresh process; "
              "`cli`: the whole `reportqa ingest FILES --index NEWDIR`)\n")
        print("| input | case | s | own CPU s | other processes' CPU s | load avg (1 min, at the end) | peak MB |\n"
              "|---|---|---|---|---|---|---|")
        for r in timed:
            print(f"| {r['input']} | {r['case']} | {r.get('ingest_s', r.get('cli_s'))} | {r['cpu_s']} | {r['others_cpu_s']} |"
                  f" {r['loadavg_1min']} | {max(r['peak_mb'], r['peak_children_mb'])} |")
        print()
    for r in results:
        if r["case"] == "options":
            print(f"Embedding options on {r['input']} (max |Δ| is against threads 2, the first batch size)\n")
            print("| texts | n | threads | batch | s | per s | max abs diff |\n|---|---|---|---|---|---|---|")
            for o in r["options"]:
                print(f"| {o['texts']} | {o['n']} | {o['threads']} | {o['batch']} | {o['s']} | {o['per_s']} |"
                      f" {o['max_abs_diff']:.1e} |")
            print()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_case":
        return child(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object per case")
    parser.add_argument("--options", action="store_true", help="also time embedding batch sizes and thread counts")
    parser.add_argument("--inputs", choices=list(CHOICES), default="all", help="which inputs to run")
    parser.add_argument("--cases", default="parse,embed,ingest",
                        help=f"comma-separated cases to run, of {','.join(c for c in CASES if c != 'options')}")
    parser.add_argument("--repeat", type=int, default=1, help="run each case this many times back to back")
    args = parser.parse_args()
    cases = args.cases.split(",")
    if unknown := set(cases) - set(CASES):
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    results = []
    for label in CHOICES[args.inputs]:
        files = INPUTS[label]
        if not all(f.exists() for f in files) or not files:
            print(f"skipping {label}: missing", file=sys.stderr)
            continue
        for name in cases + (["options"] if args.options and "corpus" in label else []):
            for _ in range(args.repeat):
                print(f"{name}: {label} ...", file=sys.stderr, flush=True)
                results.append(run_case(name, label))
                if args.json:
                    print(json.dumps(results[-1]), flush=True)
    if not args.json:
        print_tables(results, " ".join(["python", "scripts/bench_ingest.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
