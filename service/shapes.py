"""Shape index results as the contract's JSON objects."""

from __future__ import annotations

from index.answer import Citation
from index.engine import Engine
from index.retrieve import Hit


def section(path: list[str]) -> dict:
    return {"title": path[-1] if path else "", "path": list(path)}


def passage(engine: Engine, hit: Hit) -> dict:
    """The contract's passage object for one retrieved chunk."""
    return {"id": hit.id, "text": hit.text, "score": round(hit.score, 6),
            "report": engine.report(hit.report_id), "section": section(hit.section_path),
            "page_start": hit.page_start, "page_end": hit.page_end, "kind": hit.kind,
            "url": f"/reports/{hit.report_id}/pdf#page={hit.page_start}",
            "signals": {k: round(v, 4) for k, v in hit.signals.items()}}


def citation(engine: Engine, c: Citation) -> dict:
    """The contract's citation object; url opens the PDF at the quoted page."""
    return {"n": c.n, "passage_id": c.hit.id, "report": engine.report(c.hit.report_id),
            "section": section(c.hit.section_path), "page": c.page, "quote": c.quote,
            "url": f"/reports/{c.hit.report_id}/pdf#page={c.page}"}
