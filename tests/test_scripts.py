"""The crash-safety and load scripts run end to end at CI size, pass, and print their results."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from .conftest import ROOT

SCRIPTS = ROOT / "scripts"


def _run(*args: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_crash_test_keeps_the_index_whole_across_kills() -> None:
    result = _run(str(SCRIPTS / "crash_test.py"), "--trials", "3", "--embedder", "hash", "--seed", "7", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line for line in result.stdout.splitlines() if re.match(r"\s+\d+\s+\d+\.\d+s", line)]
    assert len(rows) == 3 and all(" ok" in row for row in rows), result.stdout
    tally = re.search(r"^3 trials: 3 consistent \((\d+) old, (\d+) new\), 0 broken", result.stdout, re.M)
    assert tally and int(tally[1]) + int(tally[2]) == 3, result.stdout


def test_load_test_serves_a_mix_without_errors() -> None:
    result = _run(str(SCRIPTS / "load_test.py"), "--clients", "4", "--seconds", "5", "--embedder", "hash", "--json",
                  timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    assert set(figures["endpoints"]) == {"/api/search", "/api/ask", "overall"}, figures
    overall = figures["endpoints"]["overall"]
    assert overall["requests"] > 0 and overall["errors"] == 0, figures
    assert 0 < overall["p50_ms"] <= overall["p95_ms"] <= overall["p99_ms"], figures


def test_load_test_prints_a_table_for_a_given_index(hash_index) -> None:
    result = _run(str(SCRIPTS / "load_test.py"), "--clients", "2", "--seconds", "2", "--index", str(hash_index),
                  timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    header = next(line for line in result.stdout.splitlines() if line.startswith("endpoint"))
    assert header.split() == ["endpoint", "requests", "req/s", "p50", "ms", "p95", "ms", "p99", "ms", "errors"]
    assert re.search(r"^overall\s+\d+\s+[\d.]+\s", result.stdout, re.M), result.stdout


@pytest.mark.model
def test_baseline_scores_its_answers_on_the_sample_corpus() -> None:
    pdfs = sorted(str(p) for p in (ROOT / "corpus").glob("*.pdf"))
    result = _run(str(SCRIPTS / "baseline.py"), str(ROOT / "corpus" / "questions.jsonl"), *pdfs, timeout=900)
    assert result.returncode == 0, result.stderr
    figures = dict(line.split(None, 1) for line in result.stdout.splitlines() if line.strip())
    # It never abstains, so it answers every answerable question, and its answers' words are counted.
    assert figures["answer_pos"] == "1.0" and figures["abstain_neg"] == "0.0"
    assert 0.0 < float(figures["recall@5"]) <= 1.0 and float(figures["answer_words"]) > 0
