"""The JSON API: each view parses its input, calls the engine, and shapes the contract's output."""

from __future__ import annotations

import time

from flask import Blueprint, Response, current_app, jsonify

from index.engine import Engine
from index.query import Filters

from . import findings as findings_view
from .errors import ApiError
from .schemas import ASK_REQUEST, SEARCH_REQUEST
from .shapes import citation, passage
from .validate import json_body

bp = Blueprint("api", __name__, url_prefix="/api")


def engine() -> Engine:
    return current_app.extensions["reportqa"]


def _filters(body: dict) -> Filters:
    filters = Filters.parse(body.get("filters"))
    for report_id in filters.values.get("report_id", []):
        if engine().report(report_id) is None:
            raise ApiError("unknown_report", f"no report with id {report_id!r}", 404)
    return filters


@bp.get("/health")
def health() -> Response:
    return jsonify(engine().health())


@bp.get("/reports")
def reports() -> Response:
    return jsonify({"reports": engine().reports()})


@bp.get("/reports/<report_id>/sections")
def sections(report_id: str) -> Response:
    report = engine().report(report_id)
    if report is None:
        raise ApiError("unknown_report", f"no report with id {report_id!r}", 404)
    return jsonify({"report": report, "sections": engine().sections(report_id)})


@bp.post("/search")
def search() -> Response:
    body = json_body(SEARCH_REQUEST)
    filters = _filters(body)
    result = engine().search(body["query"], int(body.get("k", 8)), filters)
    return jsonify({"query": result.query, "results": [passage(engine(), h) for h in result.hits],
                    "took_ms": result.took_ms, "filters": result.filters, "timings": result.timings})


@bp.post("/ask")
def ask() -> Response:
    t0 = time.perf_counter()
    body = json_body(ASK_REQUEST)
    filters = _filters(body)
    reply, result = engine().ask(body["question"], int(body.get("k", 8)), filters)
    return jsonify({
        "question": body["question"], "answer": reply.text, "abstained": reply.abstained,
        "reason": reply.reason, "mode": reply.mode, "completeness": reply.completeness,
        "citations": [citation(engine(), c) for c in reply.citations],
        "passages": [passage(engine(), h) for h in result.hits],
        "took_ms": round((time.perf_counter() - t0) * 1000, 2), "filters": result.filters,
    })


bp.add_url_rule("/findings", view_func=findings_view.findings, methods=["GET"])
