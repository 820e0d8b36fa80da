#!/usr/bin/env python
"""Crash-safety trial: SIGKILL `reportqa ingest` at random moments, then check the index is whole.

Ingest publishes a new generation with one atomic rename at the end, so whenever it is killed the
index must still load, agree with itself (SQLite rows, FAISS vectors, stored PDFs), answer a
search, and hold either exactly the reports it had before or those plus the whole new batch.

A base index is built from half the corpus; each trial ingests the other half again, copied with
a `%trial-N` line appended so the bytes (and report ids) are new and there is always work to do.
Kill times are spread evenly over one measured, unkilled ingest of the same size.

    python scripts/crash_test.py [--trials 20] [--seed S] [--embedder hash|minilm]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "corpus"
STRAY_GRACE = 3.0  # seconds a killed ingest's helpers (parser process, resource tracker) get to exit by themselves


@dataclass
class Trial:
    n: int
    kill_at: float
    exited_first: bool  # the ingest finished before the kill landed
    outcome: str  # old | new | mix
    reports: int
    chunks: int
    problem: str | None
    strays: int  # processes of the killed ingest still alive STRAY_GRACE s after the kill


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=None, help="Random seed (default: from the clock, printed).")
    parser.add_argument("--embedder", choices=["hash", "minilm"], default="hash")
    return parser.parse_args()


def ingest_command(paths: list[Path], index: Path, embedder: str) -> list[str]:
    # The `reportqa` console script runs exactly this entry point; -m avoids depending on PATH.
    # tests.cli is the same command with the test embedder ("hash") registered.
    cli = "tests.cli" if embedder == "hash" else "service.cli"
    return [sys.executable, "-m", cli, "ingest", *map(str, paths), "--index", str(index), "--embedder", embedder]


def make_batch(sources: list[Path], folder: Path, tag: str) -> tuple[list[Path], set[str]]:
    """Copy sources into folder with a comment line appended; return the copies and their report ids."""
    folder.mkdir(parents=True)
    paths, ids = [], set()
    for pdf in sources:
        data = pdf.read_bytes() + f"\n%{tag}\n".encode()
        path = folder / pdf.name
        path.write_bytes(data)
        paths.append(path)
        ids.add(hashlib.sha256(data).hexdigest()[:16])
    return paths, ids


def check_index(index: Path) -> tuple[set[str], dict[str, int], str | None]:
    """Load the index as a reader would; return its report ids, counts and the first problem found."""
    from index.engine import Engine
    from index.store import open_store

    try:
        store = open_store(index).open()
        counts = store.counts()
        db = store.db
        ids = {r.id for r in store.reports()}
        rows = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("reports", "chunks", "sentences")}
        problem = None
        if store.chunk_index.ntotal != counts["chunks"] or rows["chunks"] != counts["chunks"]:
            problem = f"chunks: meta {counts['chunks']}, sqlite {rows['chunks']}, faiss {store.chunk_index.ntotal}"
        elif rows["reports"] != counts["reports"]:
            problem = f"reports: meta {counts['reports']}, sqlite {rows['reports']}"
        elif len(store.sentences(list(range(counts["chunks"])))[1]) != rows["sentences"]:
            problem = f"sentences: sqlite {rows['sentences']}, vectors {store.meta['sentences']}"
        elif missing := [i for i in ids if not store.pdf(i).is_file()]:
            problem = f"{len(missing)} stored PDFs missing"
        elif not Engine(index).search("vetting").hits:
            problem = "search for 'vetting' found nothing"
        store.close()
        return ids, counts, problem
    except Exception as exc:  # anything a reader would hit is the finding, not a crash of this script
        return set(), {"reports": 0, "chunks": 0}, f"{type(exc).__name__}: {exc}"


def group_alive(pgid: int) -> list[int]:
    """Processes of a process group that are still running (zombies do not count)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def kill_ingest(command: list[str], delay: float) -> tuple[bool, int]:
    """Run command, SIGKILL its main process after delay s; return (exited first, strays left)."""
    # Its own session, so the group id finds the parser child it spawns and nothing else.
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, cwd=ROOT)
    try:
        proc.wait(timeout=delay)
        exited = True
    except subprocess.TimeoutExpired:
        exited = False
        proc.send_signal(signal.SIGKILL)  # only the ingest itself, as a crash or an OOM kill would
        proc.wait()
    deadline = time.monotonic() + STRAY_GRACE
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    strays = group_alive(proc.pid)
    if strays:
        os.killpg(proc.pid, signal.SIGKILL)
    return exited, len(strays)


def measure(base: Path, batch: list[Path], work: Path, embedder: str) -> tuple[float, float | None]:
    """Time one unkilled ingest of a batch onto a copy of base; return (seconds, when CURRENT changed)."""
    index = work / "measure-index"
    shutil.copytree(base, index)
    before = (index / "CURRENT").read_text()
    started = time.monotonic()
    proc = subprocess.Popen(ingest_command(batch, index, embedder), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    published = None
    while proc.poll() is None and time.monotonic() - started < 3600:
        if published is None and (index / "CURRENT").read_text() != before:
            published = time.monotonic() - started
        time.sleep(0.01)
    duration = time.monotonic() - started
    if proc.wait(timeout=60) != 0:
        sys.exit(f"the unkilled ingest failed (exit {proc.returncode}):\n{proc.stderr.read()}")
    shutil.rmtree(index)
    return duration, published


def run_trial(n: int, index: Path, sources: list[Path], work: Path, delay: float, embedder: str) -> Trial:
    before, before_counts, problem = check_index(index)
    if problem:
        sys.exit(f"trial {n}: the index was already broken before the kill: {problem}")
    batch, batch_ids = make_batch(sources, work / f"trial-{n}", f"trial-{n}")
    exited, strays = kill_ingest(ingest_command(batch, index, embedder), delay)
    after, counts, problem = check_index(index)
    if after == before and not problem and counts != before_counts:
        problem = f"same reports but counts changed from {before_counts} to {counts}"
    outcome = "old" if after == before else "new" if after == before | batch_ids else "mix"
    if outcome == "mix" and not problem:
        problem = f"{len(after - before)} of {len(batch_ids)} new reports, {len(before - after)} old ones gone"
    shutil.rmtree(work / f"trial-{n}")
    return Trial(n, delay, exited, outcome, counts["reports"], counts["chunks"], problem, strays)


def spread(trials: int, duration: float, rng: random.Random) -> list[float]:
    """One kill time in each of trials equal slices of the run, in shuffled order."""
    slots = list(range(trials))
    rng.shuffle(slots)
    return [round((slot + rng.random()) / trials * duration, 3) for slot in slots]


def print_row(t: Trial, duration: float) -> None:
    when = f"{t.kill_at:8.2f}s {t.kill_at / duration:5.0%}"
    outcome = t.outcome + (" (ingest had exited)" if t.exited_first else "")
    result = "ok" if t.problem is None else f"BROKEN: {t.problem}"
    strays = f"; {t.strays} stray process(es) killed" if t.strays else ""
    print(f"{t.n:5d}  {when}  {outcome:<22} {t.reports:7d} {t.chunks:7d}  {result}{strays}", flush=True)


def main() -> int:
    args = parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    pdfs = sorted(CORPUS.glob("*.pdf"))
    base_pdfs, extra = pdfs[: len(pdfs) // 2], pdfs[len(pdfs) // 2:]
    from index.engine import ingest_files

    if args.embedder == "hash":
        import tests.fakes  # noqa: F401  (registers the fast test embedder)
    with tempfile.TemporaryDirectory(prefix="reportqa-crash-") as tmp:
        work, index = Path(tmp), Path(tmp) / "index"
        results = ingest_files(base_pdfs, index, embedder=args.embedder)
        if any(r.status != "ok" for r in results):
            sys.exit("building the base index failed:\n" + "\n".join(r.line() for r in results))
        duration, published = measure(index, make_batch(extra, work / "measure", "measure")[0], work, args.embedder)
        shown = f"published at {published:.2f}s" if published else "publish not seen"
        print(f"seed {seed}; embedder {args.embedder}; base {len(base_pdfs)} reports; batch {len(extra)} PDFs; "
              f"unkilled ingest {duration:.2f}s ({shown})")
        print(f"{'trial':>5}  {'kill at':>9} {'of run':>5}  {'outcome':<22} {'reports':>7} {'chunks':>7}  result")
        trials = []
        for n, delay in enumerate(spread(args.trials, duration, rng), 1):
            trials.append(run_trial(n, index, extra, work, delay, args.embedder))
            print_row(trials[-1], duration)
    broken = [t for t in trials if t.problem]
    old, new = (sum(t.outcome == kind and not t.problem for t in trials) for kind in ("old", "new"))
    strays = sum(t.strays > 0 for t in trials)
    print(f"{len(trials)} trials: {len(trials) - len(broken)} consistent ({old} old, {new} new), {len(broken)} broken"
          + (f"; {strays} left stray processes" if strays else ""))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
