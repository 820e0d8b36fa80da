"""The façade the service and the command line use: one engine per process over the live index,
and the few index operations they need besides (ingest, jobs, evaluation).

Ingest publishes a new generation; the engine notices on its next call and switches over between
requests, so queries are answered throughout a re-index (no downtime, no half-built index visible).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import question as questions
from .answer import compose
from .catalog import Catalog
from .embed import EMBEDDERS, Embedder, get_embedder
from .embed import limit_threads as _limit_model_threads
from .errors import IndexMissing, IndexOutdated
from .evaluate import evaluate as _evaluate
from .evaluate import load_gold
from .ingest import collect_pdfs, ingest
from .jobs import JobQueue
from .model import Answer, FileResult, Filters, Finding, FindingPage, FindingQuery, Report, SearchResult, Section
from .pdf import check_pdf_bytes
from .question import parse_filters
from .search import search
from .store import Generation, Store, open_store
from .store import limit_threads as _limit_store_threads

CHECK_EVERY = 1.0  # seconds between looks at the live generation

__all__ = ["Engine", "JobQueue", "check_pdf_bytes", "collect_pdfs", "embedder_names", "ingest_files", "index_state",
           "jobs_for", "limit_threads", "load_gold", "parse_filters"]


@dataclass
class _Live:
    """Everything read from one generation, swapped together."""

    generation: Generation
    catalog: Catalog
    embedder: Embedder


class Engine:
    """Search, answers and report metadata over the index at a location."""

    def __init__(self, location: Path | str) -> None:
        self.store: Store = open_store(location)
        self._lock = threading.Lock()
        self._live: _Live | None = None
        self._checked = 0.0
        self._missing = f"no index at {self.store.location}"
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Switch to the newest published generation, if there is a newer one."""
        now = time.monotonic()
        if not force and now - self._checked < CHECK_EVERY:
            return
        self._checked = now
        name = self.store.live()
        if name is None or (self._live is not None and self._live.generation.name == name):
            return
        with self._lock:
            if self._live is not None and self._live.generation.name == name:
                return
            generation = self.store.open()
            if generation.outdated:
                # Served only once rewritten; until then requests get a clear error, not a crash.
                self._missing = str(IndexOutdated(self.store.location))
                generation.close()
                return
            catalog = Catalog(generation.reports(), frozenset(generation.known_words()))
            live = _Live(generation, catalog, get_embedder(generation.embedder))
            # The model loads now, not on the first request; then everything loaded so far is
            # moved out of the garbage collector's sight: it lives as long as the process, and a
            # full collection walking it took ~160 ms in the middle of some request.
            live.embedder.encode(["warm up"])
            gc.freeze()
            # Requests in flight keep the view they already hold.
            self._live = live

    def _current(self) -> _Live:
        self.refresh()
        if self._live is None:
            raise IndexMissing(self._missing)
        return self._live

    @property
    def generation(self) -> Generation:
        """The live generation being served."""
        return self._current().generation

    @property
    def catalog(self) -> Catalog:
        """The reports of the live generation."""
        return self._current().catalog

    def health(self) -> dict:
        live = self._current()
        return {"status": "ok", **live.generation.counts(), "generation": live.generation.name}

    def reports(self) -> list[Report]:
        """Every report, ordered by body, year and title."""
        return list(self._current().catalog.reports)

    def report(self, report_id: str) -> Report | None:
        return self._current().catalog.by_id.get(report_id)

    def sections(self, report_id: str) -> list[Section]:
        return self._current().generation.sections(report_id)

    def pdf_path(self, report_id: str) -> Path | None:
        return self._current().generation.pdf(report_id)

    def search(self, text: str, k: int = 8, filters: Filters | None = None) -> SearchResult:
        """The k best passages for a query within the filters."""
        live = self._current()
        question = questions.parse(text, filters or Filters(), live.catalog)
        return search(question, k, live.generation, live.catalog, live.embedder)

    def ask(self, text: str, k: int = 8, filters: Filters | None = None,
            history: list[str] | None = None) -> tuple[Answer, SearchResult]:
        """Answer a question, after the questions of history (oldest first) when it follows them:
        a complete list from the findings when it asks for one, grade lines, else sentences from
        the top passages."""
        live = self._current()
        question = questions.parse(text, filters or Filters(), live.catalog, history)
        result = search(question, k, live.generation, live.catalog, live.embedder)
        rest = questions.other_parts(question)
        more = search(rest, k, live.generation, live.catalog, live.embedder) if rest else None
        return compose(result, live.generation, live.catalog, live.embedder, more), result

    def findings(self, query: FindingQuery, scope: Filters) -> list[Finding]:
        """Every finding matching the query, within the reports scope allows (force, year, report_id)."""
        live = self._current()
        query.report_id = live.catalog.report_ids(scope)
        return live.generation.findings(query)

    def finding_page(self, query: FindingQuery, scope: Filters, limit: int, after: str | None = None) -> FindingPage:
        """One page of the findings() answer: at most limit, from the cursor after (the last page's next)."""
        live = self._current()
        query.report_id = live.catalog.report_ids(scope)
        return live.generation.finding_page(query, limit, after)

    def evaluate(self, gold: list[dict], k: int = 10) -> dict:
        """Retrieval and answer figures on gold questions (the dev-set scorer's)."""
        return _evaluate(self, gold, k)


def ingest_files(paths: Iterable[Path | str], location: Path | str, embedder: str | None = None,
                 on_file: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Ingest PDF files and folders into the index at location."""
    return ingest(collect_pdfs(paths), open_store(location), embedder=embedder, on_file=on_file)


def embedder_names() -> list[str]:
    """The embedding models an index can be built with."""
    return sorted(EMBEDDERS)


def index_state(location: Path | str) -> str:
    """Say whether the index at location is "missing", "outdated" (needs rewriting) or "ready"."""
    store = open_store(location)
    if store.live() is None:
        return "missing"
    return "outdated" if store.outdated() else "ready"


def jobs_for(location: Path | str) -> JobQueue:
    """The background job queue that changes the index at location."""
    return JobQueue(open_store(location))


def limit_threads(count: int) -> None:
    """Cap the threads each query may use in the model and the vector engine."""
    _limit_model_threads(count)
    _limit_store_threads(count)
