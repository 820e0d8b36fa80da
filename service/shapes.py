"""Shape index results as the contract's JSON objects: the one builder the API and `--json` share."""

from __future__ import annotations

from index.engine import Engine
from index.model import Answer, Citation, Finding, Hit, Report, SearchResult


def pdf_url(report_id: str, page: int) -> str:
    """Where the PDF viewer opens a report at a page."""
    return f"/reports/{report_id}/pdf#page={page}"


def report(r: Report) -> dict:
    """The contract's report object, with what else is known of the inspection."""
    return {"id": r.id, "title": r.title, "force": r.force, "year": r.year, "pages": r.pages,
            "organisation": r.organisation, "organisation_type": r.organisation_type, "inspectorate": r.inspectorate,
            "family": r.family or None, "inspected": r.inspected, "published": r.published}


def section(path: list[str]) -> dict:
    return {"title": path[-1] if path else "", "path": list(path)}


def passage(engine: Engine, hit: Hit) -> dict:
    """The contract's passage object for one retrieved chunk."""
    return {"id": hit.id, "text": hit.text, "score": round(hit.score, 6),
            "report": report(engine.report(hit.report_id)), "section": section(hit.section_path),
            "page_start": hit.page_start, "page_end": hit.page_end, "kind": hit.kind,
            "url": pdf_url(hit.report_id, hit.page_start),
            "signals": {k: round(v, 4) for k, v in hit.signals.items()}}


def citation(engine: Engine, c: Citation) -> dict:
    """The contract's citation object; url opens the PDF at the quoted page."""
    return {"n": c.n, "passage_id": c.hit.id, "report": report(engine.report(c.hit.report_id)),
            "section": section(c.hit.section_path), "page": c.page, "quote": c.quote,
            "url": pdf_url(c.hit.report_id, c.page), "page_end": c.page_end}


def finding(engine: Engine, f: Finding) -> dict:
    """The contract's finding object, with its provenance and links."""
    return {
        "id": f.id, "kind": f.kind, "label": f.label, "text": f.text, "report": report(engine.report(f.report_id)),
        "section": section(f.section_path), "page": f.page, "grade": f.grade, "last_inspected": f.last_inspected,
        "carried_from": f.carried_from, "progress": f.progress, "source": f.source, "evidence": f.evidence,
        "passage_id": f.chunk_id, "linked_to": f.linked_to,
        "mentions": [{"page": m.page, "quote": m.quote, "chunk_id": m.chunk_id} for m in f.mentions],
        "url": pdf_url(f.report_id, f.page),
    }


def search_json(engine: Engine, result: SearchResult) -> dict:
    """The body of POST /api/search."""
    return {"query": result.question.text, "results": [passage(engine, h) for h in result.hits],
            "took_ms": result.took_ms, "filters": result.question.explicit.public(), "timings": result.timings}


def ask_json(engine: Engine, reply: Answer, result: SearchResult, took_ms: float) -> dict:
    """The body of POST /api/ask."""
    return {
        "question": reply.question, "answer": reply.text, "abstained": reply.abstained,
        "reason": reply.reason, "mode": reply.mode, "completeness": reply.completeness,
        "citations": [citation(engine, c) for c in reply.citations],
        "passages": [passage(engine, h) for h in result.hits],
        "took_ms": took_ms, "filters": result.question.explicit.public(), "assumed": reply.assumed,
    }
