#!/usr/bin/env python
"""Load test: N clients on keep-alive connections send a realistic mix of searches and questions.

Without --url it serves an index of the shipped corpus itself, in the production configuration
(`reportqa serve`: waitress, one request thread per client), on a free local port, and stops it
at the end. Questions come from a fixed list of realistic ones; about a third carry filters
built from the served reports (force, year, report id, kind, section).

    python scripts/load_test.py [--clients 16] [--seconds 60] [--url URL | --index DIR]
                                [--embedder hash|minilm] [--json]

Prints requests, req/s, p50/p95/p99 latency and errors per endpoint and overall; exits 1 if
any request failed (a non-2xx answer or an exception).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ASK_SHARE = 0.4  # staff on the chat page ask; scripts and the findings explorer mostly search
FILTER_SHARE = 0.35
TIMEOUT = 120.0  # seconds one request may take before it counts as an error
QUESTIONS = [
    "How well does the force investigate crime?",
    "What did the inspection say about the vetting backlog?",
    "Which areas for improvement were carried from 2017?",
    "How effective is the force at protecting vulnerable people?",
    "What are the causes of concern?",
    "How does the force tackle serious and organised crime?",
    "Is the force using its resources efficiently?",
    "How does the force plan for future demand?",
    "Does the force treat the public fairly and with respect?",
    "How does the force use stop and search?",
    "How are domestic abuse cases handled?",
    "What did inspectors find about the quality of investigations?",
    "How well does the force understand the demand it faces?",
    "Does the force have enough detectives?",
    "How does the force deal with corruption?",
    "What recommendations did the inspection make?",
    "How does the force support the wellbeing of its workforce?",
    "What grade did the force get for legitimacy?",
    "How good is the force at preventing crime and anti-social behaviour?",
    "Are victims kept informed about their cases?",
    "How does the force manage registered sex offenders?",
    "What progress has been made since the last inspection?",
    "How does the force respond to missing children?",
    "Is there a backlog of digital devices waiting to be examined?",
    "How does the force work with partner organisations?",
    "Are call handlers identifying vulnerability at first contact?",
    "What is the force's approach to neighbourhood policing?",
    "How does the force handle complaints from the public?",
    "How many officers were dismissed last year?",
    "How does the force manage its budget and savings?",
    "What does the report say about ethical behaviour?",
]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # endpoint -> seconds
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)  # the first few errors, to show
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, endpoint: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(endpoint, []).append(seconds)
            if error:
                self.errors[endpoint] = self.errors.get(endpoint, 0) + 1
                if len(self.samples) < 5:
                    self.samples.append(f"{endpoint}: {error}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--url", help="Load an already running server instead of starting one.")
    target.add_argument("--index", type=Path, help="Index to serve (built from corpus/ if missing; default: a temporary one).")
    parser.add_argument("--embedder", choices=["hash", "minilm"], default="minilm",
                        help="Embedder for an index this script builds.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    return parser.parse_args()


def reportqa(*args: str) -> list[str]:
    # The `reportqa` command with the test embedder ("hash") registered, so an index built with
    # it can be served too; -m avoids depending on PATH.
    return [sys.executable, "-m", "tests.cli", *args]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen | None, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not become healthy within {seconds:.0f} s")


@contextmanager
def served(index: Path, embedder: str, threads: int, log: Path) -> Iterator[str]:
    """Build the index if it is missing, serve it with `reportqa serve`, yield its URL, stop it."""
    from index.engine import index_state

    if index_state(index) == "missing":
        print(f"building an index of {CORPUS} with the {embedder} embedder ...", file=sys.stderr, flush=True)
        subprocess.run(reportqa("ingest", str(CORPUS), "--index", str(index), "--embedder", embedder),
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(reportqa("serve", "--index", str(index), "--host", "127.0.0.1", "--port", str(port),
                                         "--threads", str(threads)), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}; server log:\n{log.read_text()[-3000:]}") from None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def filter_choices(url: str) -> list[dict]:
    """Filters a user of this corpus would plausibly set, built from the reports it serves."""
    with urllib.request.urlopen(f"{url}/api/reports", timeout=30) as response:
        reports = json.load(response)["reports"]
    forces = sorted({r["force"] for r in reports if r["force"]})
    years = sorted({r["year"] for r in reports if r["year"]})
    choices = [{"kind": "area_for_improvement"}, {"kind": ["cause_of_concern", "recommendation"]},
               {"section": "Effectiveness"}, {"section": "Legitimacy"}]
    choices += [{"force": f} for f in forces] + [{"year": y} for y in years]
    choices += [{"report_id": r["id"]} for r in reports[:4]]
    choices += [{"force": f, "year": y} for f in forces[:2] for y in years[:2]]
    return choices


def request_body(rng: random.Random, filters: list[dict]) -> tuple[str, dict]:
    question = rng.choice(QUESTIONS)
    extra = {"filters": rng.choice(filters)} if rng.random() < FILTER_SHARE else {}
    if rng.random() < ASK_SHARE:
        return "/api/ask", {"question": question, **extra}
    return "/api/search", {"query": question, "k": rng.choice([5, 8, 10]), **extra}


def client(url: str, deadline: float, filters: list[dict], seed: int, stats: Stats) -> None:
    """Send requests on one keep-alive connection until deadline; reconnect after a failure."""
    parts = urlsplit(url)
    rng = random.Random(seed)
    conn: http.client.HTTPConnection | None = None
    while time.monotonic() < deadline:
        endpoint, body = request_body(rng, filters)
        started = time.perf_counter()
        error = None
        try:
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=TIMEOUT)
            conn.request("POST", endpoint, json.dumps(body), {"Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()  # read it all, or the connection cannot be reused
            if not 200 <= response.status < 300:
                error = f"HTTP {response.status} for {json.dumps(body)}: {payload[:200]!r}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc} for {json.dumps(body)}"
            if conn is not None:
                conn.close()
            conn = None
        stats.add(endpoint, time.perf_counter() - started, error)
    if conn is not None:
        conn.close()


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def figures(stats: Stats, elapsed: float) -> dict[str, dict]:
    rows = dict(sorted(stats.latencies.items()))
    rows["overall"] = [x for values in stats.latencies.values() for x in values]
    out = {}
    for name, values in rows.items():
        values = sorted(values)
        errors = sum(stats.errors.values()) if name == "overall" else stats.errors.get(name, 0)
        out[name] = {"requests": len(values), "req_per_s": round(len(values) / elapsed, 2),
                     **{f"p{q}_ms": round(percentile(values, q) * 1000, 1) for q in (50, 95, 99)},
                     "errors": errors}
    return out


def print_table(result: dict) -> None:
    print(f"{result['clients']} clients for {result['seconds']:.1f} s against {result['url']}")
    print(f"{'endpoint':<12} {'requests':>8} {'req/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'errors':>7}")
    for name, row in result["endpoints"].items():
        print(f"{name:<12} {row['requests']:>8} {row['req_per_s']:>8.2f} {row['p50_ms']:>9.1f} "
              f"{row['p95_ms']:>9.1f} {row['p99_ms']:>9.1f} {row['errors']:>7}")
    for sample in result["error_samples"]:
        print("error:", sample)


def run(url: str, args: argparse.Namespace) -> dict:
    filters = filter_choices(url)
    # One untimed search and question first: the server's first requests load lazily built state.
    rng = random.Random(args.seed)
    for endpoint in ("/api/search", "/api/ask"):
        body = {"query" if endpoint.endswith("search") else "question": rng.choice(QUESTIONS)}
        urllib.request.urlopen(urllib.request.Request(url + endpoint, json.dumps(body).encode(),
                                                      {"Content-Type": "application/json"}), timeout=TIMEOUT).read()
    stats = Stats()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [threading.Thread(target=client, args=(url, deadline, filters, args.seed + n, stats), daemon=True)
               for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + TIMEOUT + 10)
    elapsed = time.monotonic() - started
    return {"url": url, "clients": args.clients, "seconds": round(elapsed, 2),
            "endpoints": figures(stats, elapsed), "error_samples": stats.samples}


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="reportqa-load-") as tmp:
        if args.url:
            wait_healthy(args.url.rstrip("/"), None, seconds=10)
            result = run(args.url.rstrip("/"), args)
        else:
            index = args.index or Path(tmp) / "index"
            with served(index, args.embedder, max(args.clients, 4), Path(tmp) / "server.log") as url:
                result = run(url, args)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print_table(result)
    return 1 if result["endpoints"]["overall"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
