"""Hostile PDFs: each gets a clear error or is ingested, within bounded time and memory."""

import time

import pytest

from index.errors import BadPdf
from index.ingest import ingest, parse_file
from index.pdf import file_sha256
from index.sandbox import ParseSandbox
from index.store import open_store

from . import hostile
from .conftest import generation


@pytest.fixture(scope="module")
def sandbox():
    with ParseSandbox(parse_file, seconds=60, memory_mb=1024) as box:
        yield box


def test_hostile_thousand_pages_ingested_in_bounded_time(tmp_path, sandbox):
    pdf = hostile.many_pages(tmp_path / "thousand.pdf", 1000)
    start = time.monotonic()
    results = ingest([pdf], open_store(tmp_path / "idx"), embedder="hash", parse=sandbox)
    assert results[0].status == "ok", results[0].line()
    assert time.monotonic() - start < 120
    assert generation(tmp_path / "idx").counts()["reports"] == 1


def test_hostile_too_many_pages_refused(tmp_path, sandbox):
    pdf = hostile.many_pages(tmp_path / "huge.pdf", 2001)
    with pytest.raises(BadPdf, match="too many pages"):
        sandbox(pdf, file_sha256(pdf))


@pytest.mark.parametrize("build", [hostile.self_referencing, hostile.deeply_nested], ids=["self-reference", "nesting"])
def test_hostile_structures_fail_with_a_reason(tmp_path, sandbox, build):
    start = time.monotonic()
    with pytest.raises(BadPdf) as info:
        bad = build(tmp_path / "bad.pdf")
        sandbox(bad, file_sha256(bad))
    assert str(info.value)
    assert time.monotonic() - start < 60


def test_hostile_stream_bomb_stopped(tmp_path):
    pdf = hostile.huge_stream(tmp_path / "bomb.pdf", 600)
    assert pdf.stat().st_size < 20 << 20, "small on disk, huge once inflated"
    with ParseSandbox(parse_file, seconds=60, memory_mb=400) as box:
        start = time.monotonic()
        with pytest.raises(BadPdf, match="memory|longer than|inflates past"):
            box(pdf, file_sha256(pdf))
        assert time.monotonic() - start < 70
        # The sandbox recovers: the next file parses in a fresh child.
        ok = hostile.many_pages(tmp_path / "ok.pdf", 3)
        assert box(ok, file_sha256(ok)).report.pages == 3


def test_hostile_timeout_reported_and_batch_continues(tmp_path):
    # Many lines a page: parsing it takes several seconds even on an idle machine (one line a page
    # took 0.84 s there, under the limit).
    slow = hostile.many_pages(tmp_path / "slow.pdf", 1900, lines=20)
    good = hostile.many_pages(tmp_path / "good.pdf", 5)
    with ParseSandbox(parse_file, seconds=1, memory_mb=2048) as box:
        results = ingest([slow, good], open_store(tmp_path / "idx"), embedder="hash", parse=box)
    assert results[0].status == "failed" and "longer than 1 s" in results[0].reason
    assert results[1].status == "ok"
