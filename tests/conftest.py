"""Shared fixtures: test data paths, a fast deterministic embedder, a built index, the Flask app."""

from __future__ import annotations

import functools
import io
import os
import shutil
from pathlib import Path

import pytest

from . import fakes  # noqa: F401  (registers the "hash" embedder)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
REAL_PDF = SHARED / "corpus" / "leicestershire-peel-2018-19.pdf"
REAL_NOBOOKMARKS = SHARED / "corpus" / "leicestershire-peel-2018-19-nobookmarks.pdf"
REAL_TRUTH = SHARED / "corpus" / "leicestershire-peel-2018-19.structure.json"
DEV_SET = SHARED / "eval" / "dev.jsonl"
GOOD_FIXTURES = [DATA / "mini-bookmarks.pdf", DATA / "mini-nobookmarks.pdf", DATA / "mini-other.pdf"]
# CI sets this so that tests needing ../shared or Chromium fail instead of skipping.
REQUIRE_ALL = os.environ.get("REPORTQA_REQUIRE_ALL") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip when a resource is missing on a developer machine; fail in CI."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"required resource missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    need(REAL_PDF.exists(), f"{SHARED} is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def hash_index(tmp_path_factory) -> Path:
    """An index of the sample corpus and the small fixtures, built with the hash embedder; the
    fixture without bookmarks is the same report as the one with them, so it is skipped."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("hash-index")
    results = ingest_files(sorted(CORPUS.glob("*.pdf")) + GOOD_FIXTURES, root, embedder="hash")
    status = {Path(r.path).name: (r.status, r.reason) for r in results}
    assert status.pop("mini-nobookmarks.pdf") == ("skipped", f"duplicate of {results[-3].report_id}"), status
    assert all(s == "ok" for s, _ in status.values()), status
    return root


@pytest.fixture(scope="session")
def real_index(tmp_path_factory, shared) -> Path:
    """An index of the real report built with the packaged MiniLM model."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("real-index")
    results = ingest_files([REAL_PDF], root)
    assert [r.status for r in results] == ["ok"]
    return root


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """An index of the sample corpus built with the packaged MiniLM model."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("corpus-minilm")
    assert all(r.status == "ok" for r in ingest_files(sorted(CORPUS.glob("*.pdf")), root))
    return root


@pytest.fixture(scope="session")
def app(hash_index):
    from service.app import create_app

    return create_app({"INDEX": str(hash_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture()
def copy_index(hash_index, tmp_path) -> Path:
    """A private copy of the shared hash index, for tests that change it."""
    target = tmp_path / "index"
    shutil.copytree(hash_index, target)
    return target


@functools.cache
def new_report(source: Path) -> bytes:
    """A report no index of the fixtures holds: source without its last page. (Bytes appended to a
    copy do not make one: ingest knows a report by its text and skips another file of it.)"""
    import pypdf

    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(source).pages[:-1]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def parse(pdf: Path):
    """Parse a PDF as ingest does (its family's profile, sections, metadata), in this process;
    once per file per session (callers only read the result)."""
    from index.ingest import parse_file
    from index.pdf import file_sha256

    return parse_file(pdf, file_sha256(pdf))


def generation(root: Path):
    """A read view of the live generation of the index folder at root."""
    from index.store import open_store

    return open_store(root).open()


def assert_api_error(response, status: int, code: str | None = None) -> dict:
    """Check that a response is an error in the contract's one shape."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    return body
