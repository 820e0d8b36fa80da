"""Ingest PDFs into an index: parse, chunk, extract findings, embed, and publish one new generation."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunks import make_chunks
from .embed import DEFAULT_EMBEDDER, get_embedder
from .errors import BadPdf, ReportQAError
from .findings import attach_chunks, extract_findings
from .parse import Parsed
from .sandbox import ParseSandbox
from .pdf import file_sha256
from .store import Bundle, Store, current_generation, write_generation, writer_lock
from .vocab import new_vocabulary

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    path: str
    status: str  # ok | skipped | failed
    reason: str | None = None
    report_id: str | None = None
    chunks: int = 0
    replaced: str | None = None  # id of the earlier version of this file, now removed

    def line(self) -> str:
        """Describe the outcome in one line, as the CLI prints it."""
        if self.status == "ok":
            extra = f", replaces {self.replaced}" if self.replaced else ""
            return f"ok       {self.path} ({self.chunks} chunks, id {self.report_id}{extra})"
        if self.status == "skipped":
            return f"skipped  {self.path} ({self.reason})"
        return f"failed   {self.path}: {self.reason}"


def collect_pdfs(paths: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders (recursively) into the list of files to ingest, in order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"))
        else:
            out.append(path)
    return out


def ingest(paths: Iterable[Path | str], root: Path | str, embedder: str | None = None,
           on_file: Callable[[FileResult], None] | None = None,
           parse: Callable[[Path], Parsed] | None = None, sources: dict[Path, str] | None = None,
           drop_ids: Iterable[str] = ()) -> list[FileResult]:
    """Ingest files into the index at root; bad files are reported and skipped, the rest land.

    Files are parsed in a sandboxed child process unless parse is given. sources names where a
    file came from (default: its resolved path), so a changed file replaces its earlier version;
    drop_ids removes reports. The new generation is published once, at the end, so the index is
    always either the old corpus or the new one.
    """
    root = Path(root)
    files = collect_pdfs(paths)
    sources = sources or {}
    if parse is None:
        with ParseSandbox() as sandbox:
            return ingest(files, root, embedder, on_file, sandbox, sources, drop_ids)
    results: list[FileResult] = []
    with writer_lock(root):
        base = Store.open(root) if current_generation(root) else None
        name = _embedder_name(base, embedder)
        model = get_embedder(name)
        known, by_source = _known(base)
        drop: set[str] = set(drop_ids)
        bundles: list[Bundle] = []
        for path in files:
            source = sources.get(path) or str(Path(path).resolve())
            result = _one(path, source, parse, model, known, by_source, bundles, drop)
            results.append(result)
            if on_file:
                on_file(result)
        # An index written by an older version is rewritten in the current format on any ingest.
        if bundles or drop or base is None or base.outdated:
            vocab = new_vocabulary(bundles, base.known_words() if base else set(), model)
            write_generation(root, base, drop, bundles, name, model.dim, vocab)
        if base is not None:
            base.close()
    return results


def _embedder_name(base: Store | None, asked: str | None) -> str:
    if base is None:
        return asked or DEFAULT_EMBEDDER
    if asked and asked != base.embedder:
        raise ReportQAError(f"this index was built with the {base.embedder!r} embedder, not {asked!r}; "
                            "ingest into a new index folder to change models")
    return base.embedder


def _known(base: Store | None) -> tuple[dict[str, str], dict[str, str]]:
    if base is None:
        return {}, {}
    rows = base.db.execute("SELECT id, sha256, source FROM reports").fetchall()
    return {r["sha256"]: r["id"] for r in rows}, {r["source"]: r["id"] for r in rows}


def _one(path: Path, source: str, parse: Callable[[Path], Parsed], model, known: dict[str, str],
         by_source: dict[str, str], bundles: list[Bundle], drop: set[str]) -> FileResult:
    shown = str(path)
    try:
        if not path.is_file():
            raise BadPdf("no such file")
        sha = file_sha256(path)
        if sha in known:
            return FileResult(shown, "skipped", "unchanged", report_id=known[sha])
        model.preload()  # while the file is parsed in the sandbox, in another process
        parsed = parse(path)
    except BadPdf as exc:
        return FileResult(shown, "failed", str(exc))
    except OSError as exc:
        return FileResult(shown, "failed", f"cannot read file ({exc.strerror or exc})")
    report = parsed.report
    report.source = source
    chunks = make_chunks(parsed.sections, report.id, model.count_tokens, model.max_tokens)
    if not chunks:
        return FileResult(shown, "failed", "no text found in any section")
    findings = extract_findings(parsed.sections, report.id, report.year)
    attach_chunks(findings, chunks)
    shift = [len(c.embed_text) - len(c.text) for c in chunks]
    spans = [[(d + s.start, d + s.end) for s in c.sentences] for c, d in zip(chunks, shift)]
    chunk_vectors, sentence_vectors = model.encode_spans([c.embed_text for c in chunks], spans)
    bundles.append(Bundle(report=report, pdf=path, sections=parsed.sections, chunks=chunks,
                          chunk_vectors=chunk_vectors, sentence_vectors=np.vstack(sentence_vectors),
                          findings=findings))
    known[report.sha256] = report.id
    replaced = by_source.get(source)
    if replaced:
        drop.add(replaced)
    return FileResult(shown, "ok", report_id=report.id, chunks=len(chunks), replaced=replaced)
