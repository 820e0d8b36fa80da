"""The index on disk: immutable generations of SQLite metadata + FAISS vectors, swapped atomically.

Layout of an index folder::

    CURRENT            name of the live generation (replaced atomically)
    gen-<stamp>/       store.sqlite, chunks.faiss, sentences.npy, vocab.faiss,
                       keywords/ (BM25 fields), meta.json
    pdfs/<sha256>.pdf  the ingested files, content-addressed
    .lock              held by the one writer at a time

A generation is written under a temporary name, synced, renamed, and only then named in
CURRENT, so a crash at any point leaves the previous generation whole and loadable.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import IndexMissing
from ..model import Bundle, Vocabulary
from .local_generation import LocalGeneration, outdated
from .local_write import publish


class LocalStore:
    """An index folder on this machine (the layout above)."""

    def __init__(self, root: Path, ann_kind: str | None = None) -> None:
        self.root = Path(root)
        self.location = str(self.root)
        self.ann_kind = ann_kind  # force an index kind (benchmarks); None chooses by size

    def state_dir(self) -> Path:
        return self.root

    def live(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return name if name and (self.root / name / "meta.json").exists() else None

    def open(self) -> LocalGeneration:
        name = self.live()
        if name is None:
            raise IndexMissing(f"no index at {self.root}; run: reportqa ingest corpus/ --index {self.root}")
        return LocalGeneration(self.root, self.root / name)

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def outdated(self) -> bool:
        name = self.live()
        return name is not None and outdated(json.loads((self.root / name / "meta.json").read_text()))

    def publish(self, base: LocalGeneration | None, drop: set[str], bundles: list[Bundle], vocab: Vocabulary,
                links: dict[str, str], embedder: str, dim: int) -> str:
        return publish(self.root, self.ann_kind, base, drop, bundles, vocab, links, embedder, dim)
