"""The PostgreSQL store: replicas over one database serve each other's uploads, a killed ingest
leaves one whole generation, readers keep theirs, keyword ranking equals the local store's,
and the command line works on a postgresql:// URL."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psycopg
import pypdf
import pytest

from index.engine import ingest_files
from index.store import open_store
from service.cli import cli

from .conftest import CORPUS, DATA, ROOT, new_report

HELD = [DATA / "mini-bookmarks.pdf", DATA / "mini-other.pdf"]
TOKEN = "replica-token"
QUESTION = "What areas for improvement did Testshire Police get?"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _call(base: str, path: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
        return json.loads(data) if response.headers.get_content_type() == "application/json" else data


def _ask(base: str, question: str) -> dict:
    return _call(base, "/api/ask", "POST", json.dumps({"question": question}).encode(),
                 {"Content-Type": "application/json"})


def _multipart(name: str, data: bytes) -> tuple[bytes, dict]:
    body = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name.encode() + b"\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n" + data + b"\r\n--b--\r\n")
    return body, {"Content-Type": "multipart/form-data; boundary=b", "Authorization": f"Bearer {TOKEN}"}


def _until(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


@pytest.fixture()
def replicas(postgres, tmp_path):
    """Two `reportqa serve` processes over one database holding the sample corpus; their base URLs."""
    url = postgres.database()
    assert all(r.status == "ok" for r in ingest_files(sorted(CORPUS.glob("*.pdf")), url, embedder="hash"))
    env = dict(os.environ, REPORTQA_ADMIN_TOKEN=TOKEN, PYTHONUNBUFFERED="1")
    procs, bases = [], []
    for n in range(2):
        port = _free_port()
        with open(tmp_path / f"serve-{n}.log", "wb") as log:
            procs.append(subprocess.Popen([sys.executable, "-m", "tests.cli", "serve", "--index", url, "--port",
                                           str(port), "--threads", "4"], cwd=ROOT, env=env, stdout=log,
                                          stderr=subprocess.STDOUT))
        bases.append(f"http://127.0.0.1:{port}")

    def up(base: str) -> bool:
        try:
            return _call(base, "/api/health")["status"] == "ok"
        except OSError:
            return False

    try:
        for base, proc in zip(bases, procs):
            assert _until(lambda: up(base) or proc.poll() is not None, 120) and proc.poll() is None, \
                (tmp_path / "serve-0.log").read_text() + (tmp_path / "serve-1.log").read_text()
        yield bases
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)


def test_postgres_replicas_serve_an_upload_through_the_other(replicas):
    one, other = replicas
    before = {r["id"] for r in _call(other, "/api/reports")["reports"]}
    assert _ask(other, QUESTION)["abstained"] is True  # no Testshire report yet
    pdf = (DATA / "mini-bookmarks.pdf").read_bytes() + b"\n%uploaded through one replica\n"
    job = _call(one, "/api/reports", "POST", *_multipart("testshire.pdf", pdf))["job"]
    done = _until(lambda: _call(one, f"/api/jobs/{job['id']}", headers={"Authorization": f"Bearer {TOKEN}"})
                  ["job"]["status"] in ("done", "failed"))
    assert done, "the upload job did not finish"

    # The other replica refreshes to the new generation within seconds: listed, answered, served.
    listed = _until(lambda: {r["id"] for r in _call(other, "/api/reports")["reports"]} - before, 10)
    assert len(listed) == 1, listed
    (new,) = listed
    answer = _ask(other, QUESTION)
    assert answer["abstained"] is False and answer["citations"], answer
    assert {c["report"]["id"] for c in answer["citations"]} == {new}
    assert _call(other, f"/reports/{new}/pdf") == pdf

    # A delete through the other replica is served by the first.
    _call(other, f"/api/reports/{new}", "DELETE", headers={"Authorization": f"Bearer {TOKEN}"})
    assert _until(lambda: {r["id"] for r in _call(one, "/api/reports")["reports"]} == before, 20)


def _counts(url: str, name: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {table: conn.execute(f'SELECT count(*) FROM "{name}".{table}').fetchone()[0]
                for table in ("reports", "chunks", "vectors", "sentences")}


def _schemas(url: str) -> tuple[set[str], set[str]]:
    """The generation schemas in the database, and the generations published."""
    with psycopg.connect(url) as conn:
        schemas = {r[0] for r in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'gen\\_%'")}
        published = {r[0] for r in conn.execute("SELECT name FROM reportqa.generations")}
    return schemas, published


def test_postgres_ingest_killed_midway_leaves_one_whole_generation(postgres, tmp_path):
    url = postgres.database()
    assert all(r.status == "ok" for r in ingest_files(HELD, url, embedder="hash"))
    store = open_store(url)
    outcomes = set()
    for run, delay in enumerate((0.5, 1.5, 2.5, 4.0)):
        before = store.live()
        work = tmp_path / f"new-{delay}"
        work.mkdir()
        for n, pdf in enumerate(sorted(CORPUS.glob("*.pdf"))):
            # Reports the database does not hold yet (each without a different page: another file
            # of a report it holds would be skipped), so every run has real work to do.
            writer = pypdf.PdfWriter()
            for number, page in enumerate(pypdf.PdfReader(pdf).pages):
                if number != run + 1:
                    writer.add_page(page)
            writer.write(work / f"{n}.pdf")
        proc = subprocess.Popen([sys.executable, "-m", "tests.cli", "ingest", str(work), "--index", url,
                                 "--embedder", "hash"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        live = store.live()
        outcomes.add(live == before)
        meta = store.open().meta
        counts = _counts(url, live)
        assert counts["reports"] == meta["reports"] and counts["chunks"] == meta["chunks"] == counts["vectors"]
        assert counts["sentences"] == meta["sentences"]
        # The killed writer's transaction left no schema behind, and its lock went with its connection.
        assert _until(lambda: _schemas(url)[0] <= _schemas(url)[1], 10), _schemas(url)
    assert True in outcomes, "at least one kill landed before the new generation was published"
    before = store.live()
    fresh = tmp_path / "final.pdf"
    fresh.write_bytes(new_report(DATA / "mini-other.pdf"))
    assert [r.status for r in ingest_files([fresh], url, embedder="hash")] == ["ok"]
    assert store.live() != before, "an unkilled ingest publishes: no killed writer kept the lock"


def test_postgres_reader_keeps_its_generation_until_it_refreshes(postgres):
    url = postgres.database()
    ingest_files(HELD[:1], url, embedder="hash")
    store = open_store(url)
    old = store.open()
    rows = list(range(old.counts()["chunks"]))
    reports, hits = old.reports(), old.hits(rows=rows)
    ingest_files(HELD[1:], url, embedder="hash")
    ingest_files([], url, embedder="hash")  # nothing new: no new generation either
    new = store.open()
    assert new.name != old.name and new.counts()["reports"] == 2
    assert old.reports() == reports and old.hits(rows=rows) == hits and old.counts()["reports"] == 1
    assert old.sentences(rows)[0].shape[0] > 0 and old.keyword([["force"]], 5, None)


@pytest.mark.parametrize("groups", [[["vetting"], ["backlog"]], [["force"]], [["crime", "offence"], ["domestic"]],
                                    [["improvement"], ["area"], ["investigation", "enquiry"]]])
def test_postgres_keyword_ranking_equals_the_local_store(hash_index, hash_database, groups):
    local, database = open_store(hash_index).open(), open_store(hash_database).open()
    allowed = local.restrict(None, ["body"], [])
    for rows in (None, allowed):
        want, got = local.keyword(groups, 30, rows), database.keyword(groups, 30, rows)
        assert want and len(want) == len(got)
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-5)
        # Equal scores may come back in either order, and a tie at the cut either side of it.
        above = {r: s for r, s in want if s > want[-1][1] * (1 + 1e-5)}
        assert {r: s for r, s in got if r in above} == pytest.approx(above, rel=1e-5)
    assert database.document_frequency("vet") == local.document_frequency("vet") > 0


def test_postgres_cli_search_ask_eval(runner, hash_database):
    result = runner.invoke(cli, ["search", "vetting backlog", "--index", hash_database, "-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["results"]) == 3
    result = runner.invoke(cli, ["ask", "Which areas for improvement did Brackenshire Police get in 2018/19?",
                                 "--index", hash_database, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["citations"] and all(c["report"]["force"] == "Brackenshire Police" for c in body["citations"])
    result = runner.invoke(cli, ["eval", str(CORPUS / "questions.jsonl"), "--index", hash_database, "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["questions"] == 40, result.output


def test_postgres_missing_or_unreachable_index_says_so(runner, postgres):
    url = postgres.database()
    result = runner.invoke(cli, ["search", "x", "--index", url])
    assert result.exit_code == 1 and "No index at" in result.output and "reportqa ingest" in result.output
    nowhere = "postgresql://reportqa:secret@127.0.0.1:1/none"
    for command in (["search", "x"], ["serve"]):
        result = runner.invoke(cli, [*command, "--index", nowhere])
        assert result.exit_code == 1 and "cannot reach the database" in result.output, result.output
        assert "secret" not in result.output and "reportqa:***@127.0.0.1:1" in result.output
