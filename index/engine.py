"""One object per process that serves queries from the live index and follows it when it changes.

Ingest publishes a new generation by replacing CURRENT; the engine notices on the next call and
switches over between requests, so queries are answered throughout a re-index (no downtime, no
half-built index visible).
"""

from __future__ import annotations

import gc
import json
import threading
import time
from pathlib import Path

from .answer import Answer, answer, answer_listing, unknown_forces
from .listing import list_findings, parse_listing
from .query import Filters, force_key
from .embed import get_embedder
from .errors import IndexMissing
from .findings_query import FindingQuery, query_findings
from .retrieve import Retriever, SearchResult
from .store import Store, current_generation, outdated_message

CHECK_EVERY = 1.0  # seconds between looks at CURRENT


class Engine:
    """Search, answers and report metadata over the index at root."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._retriever: Retriever | None = None
        self._checked = 0.0
        self._reports: dict[str, dict] = {}
        self._missing = f"no index at {self.root}"
        self.refresh(force=True)

    @property
    def store(self) -> Store:
        self.refresh()
        if self._store is None:
            raise IndexMissing(self._missing)
        return self._store

    def refresh(self, force: bool = False) -> None:
        """Switch to the newest published generation, if there is a newer one."""
        now = time.monotonic()
        if not force and now - self._checked < CHECK_EVERY:
            return
        self._checked = now
        name = current_generation(self.root)
        if name is None or (self._store is not None and self._store.generation.name == name):
            return
        with self._lock:
            if self._store is not None and self._store.generation.name == name:
                return
            store = Store(self.root, self.root / name)
            if store.outdated:
                # Served only once rewritten; until then requests get a clear error, not a crash.
                self._missing = outdated_message(self.root)
                store.close()
                return
            retriever = Retriever(store, get_embedder(store.embedder))
            reports = {r["id"]: dict(r) for r in store.db.execute(
                "SELECT id, title, force, year, pages, sha256 FROM reports ORDER BY force, year, title")}
            # The model loads now, not on the first request; then everything loaded so far is
            # moved out of the garbage collector's sight: it lives as long as the process, and a
            # full collection walking it took ~160 ms in the middle of some request.
            retriever.embedder.encode(["warm up"])
            gc.freeze()
            # Swap all three together; requests in flight keep the objects they already hold.
            self._store, self._retriever, self._reports = store, retriever, reports

    @property
    def retriever(self) -> Retriever:
        self.refresh()
        if self._retriever is None:
            raise IndexMissing(self._missing)
        return self._retriever

    def health(self) -> dict:
        return {"status": "ok", **self.store.counts(), "generation": self.store.generation.name}

    def reports(self) -> list[dict]:
        """Every report, as the contract's report objects."""
        self.refresh()
        return [public_report(r) for r in self._reports.values()]

    def report(self, report_id: str) -> dict | None:
        self.refresh()
        row = self._reports.get(report_id)
        return public_report(row) if row else None

    def sections(self, report_id: str) -> list[dict]:
        rows = self.store.db.execute(
            "SELECT title, level, path, page_start, page_end, grade FROM sections WHERE report_id = ?"
            " ORDER BY seq", [report_id])
        return [{"title": r["title"], "level": r["level"], "path": json.loads(r["path"]),
                 "page_start": r["page_start"], "page_end": r["page_end"], "grade": r["grade"]}
                for r in rows]

    def pdf_path(self, report_id: str) -> Path | None:
        self.refresh()
        row = self._reports.get(report_id)
        return self.store.pdf_path(row["sha256"]) if row else None

    def search(self, query: str, k: int = 8, filters: Filters | None = None) -> SearchResult:
        return self.retriever.search(query, k, filters)

    def ask(self, question: str, k: int = 8, filters: Filters | None = None) -> tuple[Answer, SearchResult]:
        """Answer a question: a complete list from the findings when it asks for one, else
        sentences from the top passages."""
        retriever = self.retriever
        filters = filters or Filters()
        result = retriever.search(question, k, filters)
        listing = parse_listing(question, retriever.store)
        if listing is not None and result.hits and not unknown_forces(retriever.store, question, result):
            items = list_findings(retriever.store, listing, filters)
            if items:
                searched = self._searched(filters, listing)
                return answer_listing(retriever.store, question, listing, items, searched), result
        return answer(retriever.store, result), result

    def _searched(self, filters: Filters, listing) -> int:
        clause, args = filters.sql(self.store)
        rows = self.store.db.execute(
            f"SELECT DISTINCT r.id, r.force, r.year FROM chunks c JOIN reports r ON r.id = c.report_id WHERE {clause}", args)
        keep = [r for r in rows if (not listing.years or r["year"] in listing.years)
                and (not listing.forces or force_key(r["force"] or "") in listing.forces)]
        return len(keep)

    def findings(self, query: FindingQuery) -> list[dict]:
        return query_findings(self.store, query)


def public_report(row: dict) -> dict:
    """Shape a reports row as the contract's report object."""
    return {"id": row["id"], "title": row["title"], "force": row["force"], "year": row["year"],
            "pages": row["pages"]}
