"""Ingest: bad files reported and skipped, unchanged files skipped, changed files replaced,
and the previous index intact after a crash."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pypdf
import pytest

from index.engine import ingest_files as ingest
from index.store import open_store
from service.cli import cli

from .conftest import CORPUS, DATA, REAL_NOBOOKMARKS, REAL_PDF, generation

BAD = {"broken.pdf": "corrupted or truncated", "encrypted.pdf": "encrypted", "empty.pdf": "empty file",
       "not-a-pdf.pdf": "not a PDF", "image-only.pdf": "no text layer"}


def test_ingest_mixed_batch_lands_good_files_and_exits_1(runner, tmp_path):
    index = tmp_path / "idx"
    files = [str(DATA / "mini-bookmarks.pdf")] + [str(DATA / n) for n in BAD] + [str(DATA / "mini-other.pdf")]
    result = runner.invoke(cli, ["ingest", *files, "--index", str(index), "--embedder", "hash"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    for name, reason in BAD.items():
        assert any(line.startswith("failed") and name in line and reason in line for line in lines), (name, lines)
    assert sum(line.startswith("ok") for line in lines) == 2
    assert "2 ingested, 0 skipped, 5 failed" in result.output
    store = generation(index)
    assert store.counts()["reports"] == 2
    assert store.keyword([["force"]], 5, None)


def test_ingest_json_lines_and_folder_input(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "mini-other.pdf", folder / "A.PDF")
    result = runner.invoke(cli, ["ingest", str(folder), "--index", str(tmp_path / "idx"), "--embedder", "hash", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["status"] for r in rows] == ["ok"] and rows[0]["chunks"] > 0


def test_ingest_skips_unchanged_and_replaces_changed(tmp_path):
    index, src = tmp_path / "idx", tmp_path / "report.pdf"
    shutil.copy(DATA / "mini-bookmarks.pdf", src)
    first = ingest([src], index, embedder="hash")
    assert [r.status for r in first] == ["ok"]
    again = ingest([src], index, embedder="hash")
    assert [(r.status, r.reason) for r in again] == [("skipped", "unchanged")]
    shutil.copy(DATA / "mini-other.pdf", src)  # same path, new content
    changed = ingest([src], index, embedder="hash")
    assert changed[0].status == "ok" and changed[0].replaced == first[0].report_id
    store = generation(index)
    assert [r.id for r in store.reports()] == [changed[0].report_id]
    assert store.db.execute("SELECT count(*) FROM chunks WHERE report_id = ?", [first[0].report_id]).fetchone()[0] == 0
    assert store.chunk_index.ntotal == store.counts()["chunks"]


def test_ingest_keeps_vectors_aligned_after_removal(tmp_path):
    index = tmp_path / "idx"
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    shutil.copy(DATA / "mini-bookmarks.pdf", a)
    shutil.copy(DATA / "mini-other.pdf", b)
    ingest([a, b], index, embedder="hash")
    shutil.copy(DATA / "mini-nobookmarks.pdf", a)
    ingest([a], index, embedder="hash")
    store = generation(index)
    from index.embed import get_embedder
    from index.model import embed_prefix

    hits = sorted(store.hits(rows=list(range(store.counts()["chunks"]))), key=lambda h: h.row)
    model = get_embedder("hash")
    for hit in hits[::7]:
        expected = model.encode([embed_prefix(hit.section_path) + hit.text])[0]
        assert abs(float(store.chunk_vectors([hit.row])[0] @ expected) - 1.0) < 1e-5
    # Sentence vectors (float16) still belong to their chunk's own text.
    for hit in hits[::5]:
        spans, vectors = store.sentences([hit.row])
        for (chunk_row, start, end, _), got in zip(spans.tolist(), vectors):
            assert chunk_row == hit.row
            assert float(got @ model.encode([hit.text[start:end]])[0]) > 0.99
    # Each report's chunks stay one run of rows, which report filters rely on.
    for report in store.reports():
        own = sorted(h.row for h in hits if h.report_id == report.id)
        assert store.restrict([report.id], [], []).tolist() == own == list(range(own[0], own[-1] + 1))


def test_ingest_skips_another_file_of_the_same_report(tmp_path):
    index = tmp_path / "idx"
    first, second = ingest([DATA / "mini-bookmarks.pdf", DATA / "mini-nobookmarks.pdf"], index, embedder="hash")
    assert first.status == "ok"
    assert (second.status, second.reason, second.report_id) == ("skipped", f"duplicate of {first.report_id}",
                                                                first.report_id)
    copy = tmp_path / "renamed.pdf"
    copy.write_bytes((DATA / "mini-nobookmarks.pdf").read_bytes() + b"\n%saved again\n")
    (again,) = ingest([copy], index, embedder="hash")
    assert again.reason == f"duplicate of {first.report_id}"
    assert [r.id for r in generation(index).reports()] == [first.report_id]
    # A different report is not a copy.
    (other,) = ingest([DATA / "mini-other.pdf"], index, embedder="hash")
    assert other.status == "ok" and generation(index).counts()["reports"] == 2


def test_ingest_real_report_from_two_files_is_counted_once(tmp_path, shared):
    from index.model import FindingQuery

    index = tmp_path / "idx"
    results = ingest([REAL_PDF, REAL_NOBOOKMARKS], index, embedder="hash")
    assert [r.status for r in results] == ["ok", "skipped"], [r.line() for r in results]
    store = generation(index)
    carried = store.findings(FindingQuery(carried_from=["2017"]))
    assert store.counts()["reports"] == 1 and len(carried) == len({f.text for f in carried})


# Every process this test starts, and their children (the sandboxed parsers), carry this in their
# environment: other work on the machine may run parsers of its own.
MARK = f"REPORTQA_TEST_RUN={uuid.uuid4().hex}"


def _parsers() -> set[str]:
    """Pids of sandboxed parser processes started by this test's ingests."""
    found = subprocess.run(["pgrep", "-f", "multiprocessing.spawn"], capture_output=True, text=True).stdout
    ours = set()
    for pid in found.split():
        try:
            if MARK.encode() in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
                ours.add(pid)
        except OSError:
            continue  # exited meanwhile, or not ours to read
    return ours


def _ingest_process(index, paths, stderr=subprocess.DEVNULL):
    name, value = MARK.split("=")
    env = dict(os.environ, PYTHONUNBUFFERED="1", **{name: value})
    return subprocess.Popen([sys.executable, "-m", "tests.cli", "ingest", *map(str, paths), "--index", str(index),
                             "--embedder", "hash"], stdout=subprocess.DEVNULL, stderr=stderr, env=env)


def test_ingest_killed_midway_leaves_previous_index_loadable(copy_index):
    live = open_store(copy_index).live
    before = live()
    old = generation(copy_index).counts()
    extra = sorted(CORPUS.glob("*.pdf"))
    parsers_before = _parsers()
    outcomes = set()

    def fresh(run: int):
        # Reports the index does not hold yet (each without a different page: a copy of a report
        # it holds would be skipped), so every run has real work to do.
        work = copy_index.parent / f"new-{run}"
        work.mkdir()
        for n, pdf in enumerate(extra):
            writer = pypdf.PdfWriter()
            for number, page in enumerate(pypdf.PdfReader(pdf).pages):
                if number != run + 1:
                    writer.add_page(page)
            writer.write(work / f"{n}.pdf")
        return work

    for run, delay in enumerate((0.2, 0.8, 1.5, 2.5)):
        proc = _ingest_process(copy_index, [fresh(run)])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = generation(copy_index)
        counts = store.counts()
        assert counts["chunks"] == store.chunk_index.ntotal
        assert store.db.execute("SELECT count(*) FROM chunks").fetchone()[0] == counts["chunks"]
        outcomes.add(live() == before)
        if live() == before:
            assert counts == old
        before, old = live(), counts
    assert True in outcomes, "at least one kill landed before the new generation was published"
    finished = _ingest_process(copy_index, [fresh(4)], stderr=subprocess.PIPE)
    _, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err
    assert live() != before, "an unkilled ingest publishes a new generation"
    assert generation(copy_index).counts()["reports"] > old["reports"]
    time.sleep(2)
    assert _parsers() <= parsers_before, "a killed ingest left its parser process running"


def test_index_from_an_older_version_is_refused_then_rewritten_without_reembedding(tmp_path):
    from index.engine import Engine
    from index.errors import IndexMissing

    root = tmp_path / "idx"
    ingest([DATA / "mini-bookmarks.pdf"], root, embedder="hash")
    old = root / open_store(root).live()
    meta = json.loads((old / "meta.json").read_text())
    (old / "meta.json").write_text(json.dumps({**meta, "format": 1}))
    shutil.rmtree(old / "keywords")  # format 1 kept keywords in SQLite FTS5
    engine = Engine(root)
    with pytest.raises(IndexMissing, match="older version.*reportqa ingest"):
        engine.search("vetting")
    assert ingest([], root) == []
    new = root / open_store(root).live()
    assert new != old and json.loads((new / "meta.json").read_text())["format"] == meta["format"]
    Engine.__init__(engine, root)
    assert engine.search("vetting").hits


def test_index_written_before_a_report_field_existed_reads_it_as_unknown(tmp_path):
    """A generation of the current format written before the reports table had a column (here
    `published`) is still served: the field is unknown, not an error."""
    import sqlite3

    from index.engine import Engine

    root = tmp_path / "idx"
    ingest([DATA / "mini-bookmarks.pdf"], root, embedder="hash")
    with sqlite3.connect(root / open_store(root).live() / "store.sqlite") as conn:
        conn.execute("ALTER TABLE reports DROP COLUMN published")
    (report,) = Engine(root).reports()
    assert report.published is None and report.title
    # The next ingest copies its reports on by column name, into a generation that has the column.
    assert [r.status for r in ingest([DATA / "mini-other.pdf"], root)] == ["ok"]
    kept = {r.id: r for r in Engine(root).reports()}
    assert len(kept) == 2 and kept[report.id].title == report.title and kept[report.id].published is None
