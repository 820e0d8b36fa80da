"""Where an index lives: the `Store` interface, and the engines behind it.

A store holds immutable *generations*. Ingest writes a whole new generation aside and publishes
it in one step; readers open the live generation and keep reading it until they choose to move
on, so nobody ever sees a half-written index or a mix of two. Every engine (database, vector
index, keyword index) is imported only by the store module that uses it.
"""

from __future__ import annotations

from collections.abc import Sized
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

import numpy as np

from ..model import Bundle, Finding, FindingPage, FindingQuery, Hit, Report, Section, Vocabulary


class Generation(Protocol):
    """A read-only view of one published generation; safe to share between threads."""

    name: str
    embedder: str  # the embedding model its vectors come from
    outdated: bool  # written by an older version: it can be rewritten, not searched

    def counts(self) -> dict[str, int]:
        """Reports and chunks held."""

    def reports(self) -> list[Report]:
        """Every report, in a stable order."""

    def sections(self, report_id: str) -> list[Section]:
        """A report's sections in reading order (without their blocks)."""

    def pdf(self, report_id: str) -> Path | None:
        """The stored copy of a report's PDF."""

    def restrict(self, report_ids: list[str] | None, kinds: list[str], sections: list[str]) -> Sized | None:
        """The chunks a search may return: of these reports, of these kinds, under a section
        with one of these titles (any element of its path). None when nothing restricts it;
        an empty result when nothing matches (searches then return nothing: fail closed)."""

    def reports_in(self, allowed: Sized | None) -> set[str]:
        """The ids of the reports that have chunks among allowed."""

    def dense(self, vector: np.ndarray, k: int, allowed: Sized | None) -> list[tuple[int, float]]:
        """(row, cosine) of the k chunks nearest the vector, best first."""

    def keyword(self, groups: list[list[str]], k: int, allowed: Sized | None) -> list[tuple[int, float]]:
        """(row, BM25 score) of the k best chunks for the query's word groups (a word, then the
        words searched for it), best first."""

    def hits(self, rows: list[int] | None = None, ids: list[str] | None = None) -> list[Hit]:
        """Chunks by row number or by id, as unscored hits, without duplicates."""

    def chunk_vectors(self, rows: list[int]) -> np.ndarray:
        """The stored vectors of these chunk rows."""

    def sentences(self, chunk_rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The sentences of these chunks in reading order: an (n, 4) int array of (chunk row,
        start, end, page) and their (n, dim) vectors."""

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those words the index's vocabulary holds."""

    def related_words(self, vectors: np.ndarray, k: int, threshold: float) -> list[list[str]]:
        """For each word vector, the index's words nearest in meaning (cosine >= threshold)."""

    def known_words(self) -> set[str]:
        """Every word of the vocabulary."""

    def document_frequency(self, prefix: str) -> int:
        """How many chunks hold a word whose stem starts with prefix (the most frequent one)."""

    def findings(self, query: FindingQuery) -> list[Finding]:
        """Every finding that matches, ordered by report then reading order."""

    def finding_page(self, query: FindingQuery, limit: int, after: str | None = None) -> FindingPage:
        """At most limit of the findings that match, in findings()' order, starting after the
        finding the cursor after names, and how many match in all. The order is a total one (the
        report's inspected body, year and id, then the finding's place in it), so a cursor is that key of a
        page's last finding and the next page a keyset query (WHERE key > cursor ORDER BY key
        LIMIT n): pages neither repeat nor skip a finding when reports come and go between them.
        Raises BadQuery for a cursor the store did not give out."""

    def close(self) -> None:
        """Release what the view holds open."""


class Store(Protocol):
    """One index: its live generation, and the one writer that publishes the next."""

    location: str

    def live(self) -> str | None:
        """The name of the published generation, or None when nothing is published yet."""

    def open(self) -> Generation:
        """A view of the live generation; raises IndexMissing when there is none."""

    def lock(self) -> AbstractContextManager[None]:
        """Hold the writer lock: one ingest at a time; readers never wait."""

    def publish(self, base: Generation | None, drop: set[str], bundles: list[Bundle], vocab: Vocabulary,
                links: dict[str, str], embedder: str, dim: int) -> str:
        """Write base minus the reports in drop, plus bundles, with every finding's cross-report
        link set from links; publish it; return its name. Call with the lock held."""

    def state_dir(self) -> Path:
        """A folder on this machine for what this process keeps beside the index: uploads being
        spooled, records of background jobs."""

    def outdated(self) -> bool:
        """Say whether the live generation needs rewriting in the current format."""


URL_SCHEMES = ("postgresql://", "postgres://")
_databases: dict[str, Store] = {}


def is_database(location: str | Path) -> bool:
    """Say whether a location names a database (a postgresql:// URL) rather than a folder."""
    return str(location).startswith(URL_SCHEMES)


def open_store(location: str | Path) -> Store:
    """The store at a location: a folder on this machine, or a PostgreSQL database by URL."""
    if is_database(location):
        from .postgres import PostgresStore

        # One store, and so one connection pool, per database in a process.
        url = str(location)
        if url not in _databases:
            _databases[url] = PostgresStore(url)
        return _databases[url]
    from .local import LocalStore

    return LocalStore(Path(location))


def limit_threads(count: int) -> None:
    """Cap the threads each search may use in the vector engine."""
    from .ann import limit_threads as limit

    limit(count)
