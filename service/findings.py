"""GET /api/findings: every finding matching the filters, as JSON or CSV, with a completeness note."""

from __future__ import annotations

import csv
import io

from flask import Response, current_app, jsonify, request

from index.model import FINDING_KINDS, Filters, FindingQuery

from . import shapes
from .errors import ApiError

LIST_PARAMS = ("force", "year", "kind", "grade", "carried_from", "report_id", "source")
PARAMS = set(LIST_PARAMS) | {"q", "format"}
MAX_PARAM = 500
CSV_COLUMNS = ["id", "kind", "text", "force", "year", "report_id", "report_title", "section", "page",
               "grade", "last_inspected", "carried_from", "progress", "passage_id", "url"]


def _values(name: str) -> list[str]:
    out = []
    for raw in request.args.getlist(name):
        out += [v.strip() for v in raw.split(",") if v.strip()]
    return out


def parse_query() -> tuple[FindingQuery, Filters, str]:
    """Read and check the query string; unknown parameters are an error, not ignored."""
    unknown = sorted(set(request.args) - PARAMS)
    if unknown:
        raise ApiError("invalid_request", f"unknown parameter {unknown[0]!r}; allowed: {', '.join(sorted(PARAMS))}", 422)
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise ApiError("invalid_request", "format must be json or csv", 422)
    bad = [k for k in _values("kind") if k not in FINDING_KINDS]
    if bad:
        raise ApiError("invalid_request", f"unknown kind {bad[0]!r}; allowed: {', '.join(FINDING_KINDS)}", 422)
    for name, value in request.args.items(multi=True):
        if len(value) > MAX_PARAM:
            raise ApiError("invalid_request", f"{name} is too long (at most {MAX_PARAM} characters)", 422)
    q = request.args.get("q", "").strip() or None
    scope = Filters({name: _values(name) for name in ("force", "year", "report_id") if _values(name)})
    query = FindingQuery(q=q, kind=_values("kind"), grade=_values("grade"), carried_from=_values("carried_from"),
                         source=_values("source"))
    return query, scope, fmt


def findings() -> Response:
    query, scope, fmt = parse_query()
    engine = current_app.extensions["reportqa"]
    rows = [shapes.finding(engine, f) for f in engine.findings(query, scope)]
    reports = engine.reports()
    if fmt == "csv":
        return Response(to_csv(rows), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=findings.csv"})
    searched = len(reports)
    return jsonify({"findings": rows, "completeness": {
        "reports_searched": searched, "findings": len(rows),
        "note": (f"All {searched} reports in the index were searched; every finding the extractor "
                 "recognised in them is listed, not a top-k sample.")}})


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start with these as formulas; report text must stay text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: list[dict]) -> str:
    """Write findings as CSV with one row per finding."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for f in rows:
        writer.writerow([_cell(v) for v in (
            f["id"], f["kind"], f["text"], f["report"]["force"], f["report"]["year"], f["report"]["id"],
            f["report"]["title"], " › ".join(f["section"]["path"]), f["page"], f["grade"],
            f["last_inspected"], f["carried_from"], f["progress"], f["passage_id"], f["url"])])
    return out.getvalue()
