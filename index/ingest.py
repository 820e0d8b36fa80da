"""Ingest PDFs into an index: parse, chunk, extract findings, embed, link, and publish one new generation."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunks import make_chunks
from .embed import DEFAULT_EMBEDDER, Embedder, get_embedder
from .errors import BadPdf, ReportQAError
from .findings import attach_chunks, extract_findings
from .links import link_findings
from .model import Bundle, Document, FileResult, FindingQuery, Report, Section
from .pdf import file_sha256, read_pdf
from .profiles import by_name, choose
from .sandbox import ParseSandbox
from .blocks import section_sentences
from .sections import split_sections
from .store import Generation, Store
from .vocab import new_vocabulary


@dataclass
class Parsed:
    """What parsing one PDF gives ingest: the report's metadata (its family included) and sections."""

    report: Report
    sections: list[Section]


Parse = Callable[[Path, str], Parsed]


def parse_file(path: Path, sha256: str) -> Parsed:
    """Read a PDF, choose its family's profile, and recover its metadata and section tree; raises BadPdf."""
    doc = read_pdf(path)
    profile = choose(doc)
    report = profile.describe(doc, sha256, str(path))
    report.family = profile.name
    report.fingerprint = report.fingerprint or fingerprint(doc)
    sections = split_sections(doc, profile)
    report.previous_inspection = report.previous_inspection or profile.previous(
        [s for section in sections for s, _ in section_sentences(section)])
    return Parsed(report=report, sections=sections)


def fingerprint(doc: Document) -> str:
    """Hash a report's words, so that two files of one report (with and without bookmarks,
    saved again) are known as one: layout, case, spacing and punctuation do not count."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", " ".join(p.text for p in doc.pages)).casefold())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


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


def ingest(files: list[Path], store: Store, embedder: str | None = None,
           on_file: Callable[[FileResult], None] | None = None, parse: Parse | None = None,
           sources: dict[Path, str] | None = None, drop_ids: Iterable[str] = ()) -> list[FileResult]:
    """Ingest files into the store; bad files are reported and skipped, the rest land.

    Files are parsed in a sandboxed child process unless parse is given. sources names where a
    file came from (default: its resolved path), so a changed file replaces its earlier version;
    drop_ids removes reports. The new generation is published once, at the end, so the index is
    always either the old corpus or the new one.
    """
    results: list[FileResult] = []
    with ExitStack() as stack:
        parse = parse or stack.enter_context(ParseSandbox(parse_file))
        stack.enter_context(store.lock())
        base = store.open() if store.live() else None
        if base is not None:
            stack.callback(base.close)
        name = _embedder_name(base, embedder)
        batch = _Batch(get_embedder(name), parse, base, set(drop_ids))
        for path in files:
            result = batch.add(path, (sources or {}).get(path) or str(Path(path).resolve()))
            results.append(result)
            if on_file:
                on_file(result)
        # An index written by an older version is rewritten in the current format on any ingest.
        if batch.bundles or batch.drop or base is None or base.outdated:
            vocab = new_vocabulary(batch.bundles, base.known_words() if base else set(), batch.model)
            store.publish(base, batch.drop, batch.bundles, vocab, batch.links(), name, batch.model.dim)
    return results


def _embedder_name(base: Generation | None, asked: str | None) -> str:
    if base is None:
        return asked or DEFAULT_EMBEDDER
    if asked and asked != base.embedder:
        raise ReportQAError(f"this index was built with the {base.embedder!r} embedder, not {asked!r}; "
                            "ingest into a new index folder to change models")
    return base.embedder


class _Batch:
    """The reports one ingest adds and drops, against the index it started from."""

    def __init__(self, model: Embedder, parse: Parse, base: Generation | None, drop: set[str]) -> None:
        self.model = model
        self.parse = parse
        self.base = base
        self.drop = drop
        self.bundles: list[Bundle] = []
        reports = base.reports() if base else []
        self.known = {r.sha256: r.id for r in reports}
        self.by_source = {r.source: r.id for r in reports}
        self.copies = {r.fingerprint: r.id for r in reports if r.fingerprint}  # one report's text -> its id

    def add(self, path: Path, source: str) -> FileResult:
        """Parse, chunk, extract and embed one file; report what happened to it."""
        shown = str(path)
        try:
            if not path.is_file():
                raise BadPdf("no such file")
            sha = file_sha256(path)
            if sha in self.known:
                return FileResult(shown, "skipped", "unchanged", report_id=self.known[sha])
            self.model.preload()  # while the file is parsed in the sandbox, in another process
            parsed = self.parse(path, sha)
        except BadPdf as exc:
            return FileResult(shown, "failed", str(exc))
        except OSError as exc:
            return FileResult(shown, "failed", f"cannot read file ({exc.strerror or exc})")
        report = parsed.report
        report.source = source
        replaced = self.by_source.get(source)
        copy = self.copies.get(report.fingerprint)
        if copy is not None and copy not in self.drop and copy != replaced:
            return FileResult(shown, "skipped", f"duplicate of {copy}", report_id=copy)
        chunks = make_chunks(parsed.sections, report.id, self.model.count_tokens, self.model.max_tokens)
        if not chunks:
            return FileResult(shown, "failed", "no text found in any section")
        profile = by_name(report.family)
        findings = extract_findings(parsed.sections, report.id, report.year, profile)
        attach_chunks(findings, chunks)
        shift = [len(c.embed_text) - len(c.text) for c in chunks]
        spans = [[(d + s.start, d + s.end) for s in c.sentences] for c, d in zip(chunks, shift)]
        chunk_vectors, sentence_vectors = self.model.encode_spans([c.embed_text for c in chunks], spans)
        self.bundles.append(Bundle(report=report, pdf=path, sections=parsed.sections, chunks=chunks,
                                   chunk_vectors=chunk_vectors, sentence_vectors=np.vstack(sentence_vectors),
                                   findings=findings))
        self.known[report.sha256] = report.id
        if report.fingerprint:
            self.copies[report.fingerprint] = report.id
        if replaced:
            self.drop.add(replaced)
        return FileResult(shown, "ok", report_id=report.id, chunks=len(chunks), replaced=replaced)

    def links(self) -> dict[str, str]:
        """Cross-report links over the whole new corpus, since either side of one may be new."""
        kept = [r for r in (self.base.reports() if self.base else []) if r.id not in self.drop]
        findings = self.base.findings(FindingQuery(report_id=[r.id for r in kept])) if kept else []
        reports = {r.id: r for r in kept} | {b.report.id: b.report for b in self.bundles}
        return link_findings(findings + [f for b in self.bundles for f in b.findings], reports)
