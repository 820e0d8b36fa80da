"""The JSON API: each view parses its input, calls the engine, and shapes the contract's output."""

from __future__ import annotations

import time

from flask import Blueprint, Response, current_app, jsonify

from index.engine import Engine, parse_filters
from index.model import Filters

from . import findings as findings_view
from . import shapes
from .errors import ApiError
from .schemas import ASK_REQUEST, SEARCH_REQUEST
from .validate import json_body

bp = Blueprint("api", __name__, url_prefix="/api")


def engine() -> Engine:
    return current_app.extensions["reportqa"]


def _filters(body: dict) -> Filters:
    filters = parse_filters(body.get("filters"))
    for report_id in filters.values.get("report_id", []):
        if engine().report(report_id) is None:
            raise ApiError("unknown_report", f"no report with id {report_id!r}", 404)
    return filters


@bp.get("/health")
def health() -> Response:
    return jsonify(engine().health())


@bp.get("/reports")
def reports() -> Response:
    return jsonify({"reports": [shapes.report(r) for r in engine().reports()]})


@bp.get("/reports/<report_id>/sections")
def sections(report_id: str) -> Response:
    report = engine().report(report_id)
    if report is None:
        raise ApiError("unknown_report", f"no report with id {report_id!r}", 404)
    return jsonify({"report": shapes.report(report), "sections": [
        {"title": s.title, "level": s.level, "path": s.path, "page_start": s.page_start, "page_end": s.page_end,
         "grade": s.grade} for s in engine().sections(report_id)]})


@bp.post("/search")
def search() -> Response:
    body = json_body(SEARCH_REQUEST)
    result = engine().search(body["query"], int(body.get("k", 8)), _filters(body))
    return jsonify(shapes.search_json(engine(), result))


@bp.post("/ask")
def ask() -> Response:
    t0 = time.perf_counter()
    body = json_body(ASK_REQUEST)
    history = [turn["question"] for turn in body.get("history", [])]
    reply, result = engine().ask(body["question"], int(body.get("k", 8)), _filters(body), history)
    return jsonify(shapes.ask_json(engine(), reply, result, round((time.perf_counter() - t0) * 1000, 2)))


bp.add_url_rule("/findings", view_func=findings_view.findings, methods=["GET"])
