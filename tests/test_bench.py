"""The query benchmark runs end to end on a small synthetic index and reports sane numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile

from .conftest import ROOT


def test_bench_query_json_fields(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_query.py"), "--chunks", "2000", "--json",
         "--embedder", "hash", "--queries", "20", "--workdir", str(tmp_path), "--no-sweep", "--http", "none"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    result = lines[0]
    assert result["chunks"] == 2000
    assert result["reports"] >= 20 and result["sentences"] > result["chunks"]
    assert 0 < result["p50_ms"] <= result["p95_ms"]
    assert 0 < result["recall_at_10_vs_exact"] <= 1
    assert result["ann"] == "flat" and result["recall_at_10_vs_exact"] == 1.0  # exact search is exact
    assert result["rss_mb"] > 0 and result["load_s"] > 0
    for stage in ("embed_ms", "dense_ms", "keyword_ms", "fuse_ms"):
        assert result["stage_p50_ms"][stage] >= 0
    assert result["ask_p50_ms"] >= result["answer_p50_ms"] >= 0
    for check in result["filters"]:
        assert check["only_in_filter"], check
        assert check["recall_at_10"] == 1.0, check  # filtered flat search is exact


def test_bench_query_measures_the_database_beside_the_folder(postgres):
    # Not under pytest's folder: the server the script starts runs as its own system user.
    workdir = tempfile.mkdtemp(prefix="reportqa-bench-")
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "bench_query.py"), "--chunks", "1000", "--json", "--store",
             "postgres", "--embedder", "hash", "--queries", "10", "--workdir", workdir, "--http", "none"],
            capture_output=True, text=True, timeout=600, cwd=ROOT)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    local, database = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert (local["store"], database["store"]) == ("local", "postgres")
    assert database["chunks"] == local["chunks"] == 1000 and database["sentences"] == local["sentences"]
    assert 0 < database["p50_ms"] <= database["p95_ms"] and database["recall_at_10_vs_exact"] == 1.0
    assert database["filters"] and all(f["only_in_filter"] and f["recall_at_10"] == 1.0 for f in database["filters"])
