"""GET /api/findings: the findings matching the filters, a page at a time as JSON (with a completeness
note and the next page's link) or all of them as streamed CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Response, current_app, jsonify, request

from index.engine import Engine
from index.model import FINDING_KINDS, Filters, Finding, FindingQuery

from . import shapes
from .errors import ApiError
from .schemas import FINDINGS_LIMIT, MAX_PARAM

LIST_PARAMS = ("force", "organisation", "year", "kind", "grade", "carried_from", "report_id", "source")
PARAMS = set(LIST_PARAMS) | {"q", "format", "limit", "cursor"}
CSV_BATCH = 500  # findings read from the store at a time while the CSV streams
CSV_COLUMNS = ["id", "kind", "label", "text", "force", "organisation", "year", "report_id", "report_title", "section",
               "page", "grade", "last_inspected", "carried_from", "progress", "passage_id", "url"]


@dataclass
class Asked:
    """What a findings request asks for, checked."""

    query: FindingQuery
    scope: Filters  # the report-level filters: force, organisation, year, report_id
    fmt: str  # json | csv
    limit: int
    cursor: str | None


def _values(name: str) -> list[str]:
    out = []
    for raw in request.args.getlist(name):
        out += [v.strip() for v in raw.split(",") if v.strip()]
    return out


def _limit() -> int:
    raw = request.args.get("limit")
    if raw is None:
        return FINDINGS_LIMIT
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= FINDINGS_LIMIT:
        raise ApiError("invalid_request", f"limit must be between 1 and {FINDINGS_LIMIT}", 422)
    return int(raw)


def parse_query(engine: Engine) -> Asked:
    """Read and check the query string; unknown parameters and unknown report ids are errors, not ignored."""
    unknown = sorted(set(request.args) - PARAMS)
    if unknown:
        raise ApiError("invalid_request", f"unknown parameter {unknown[0]!r}; allowed: {', '.join(sorted(PARAMS))}", 422)
    for name, value in request.args.items(multi=True):
        if len(value) > MAX_PARAM:
            raise ApiError("invalid_request", f"{name} is too long (at most {MAX_PARAM} characters)", 422)
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise ApiError("invalid_request", "format must be json or csv", 422)
    if fmt == "csv" and {"limit", "cursor"} & set(request.args):
        raise ApiError("invalid_request", "limit and cursor page the JSON; the CSV is always every matching finding", 422)
    limit, cursor = _limit(), request.args.get("cursor") or None
    # Every kind given, empty ones too: "kind=" is none of the kinds, not all of them.
    bad = [k.strip() for raw in request.args.getlist("kind") for k in raw.split(",") if k.strip() not in FINDING_KINDS]
    if bad:
        raise ApiError("invalid_request", f"unknown kind {bad[0]!r}; allowed: {', '.join(FINDING_KINDS)}", 422)
    for report_id in _values("report_id"):
        if engine.report(report_id) is None:
            raise ApiError("unknown_report", f"no report with id {report_id!r}", 404)
    q = request.args.get("q", "").strip() or None
    scope = Filters({name: _values(name) for name in ("force", "organisation", "year", "report_id") if _values(name)})
    query = FindingQuery(q=q, kind=_values("kind"), grade=_values("grade"), carried_from=_values("carried_from"),
                         source=_values("source"))
    return Asked(query, scope, fmt, limit, cursor)


def findings() -> Response:
    engine = current_app.extensions["reportqa"]
    asked = parse_query(engine)
    if asked.fmt == "csv":
        return Response(to_csv(engine, asked), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=findings.csv"})
    page = engine.finding_page(asked.query, asked.scope, asked.limit, asked.cursor)
    searched = len(engine.reports())
    note = (f"All {searched} reports in the index were searched; every finding the extractor recognised in them "
            "is listed, not a top-k sample.")
    if page.next:
        note += f" This page lists {len(page.findings)} of the {page.total}; next_url gives the page after it."
    elif asked.cursor:
        note += f" This last page lists {len(page.findings)} of the {page.total}."
    return jsonify({"findings": [shapes.finding(engine, f) for f in page.findings],
                    "completeness": {"reports_searched": searched, "findings": page.total, "note": note},
                    "next": page.next, "next_url": _next_url(page.next)})


def _next_url(cursor: str | None) -> str | None:
    """This request's address with the cursor of the page after it."""
    if cursor is None:
        return None
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    return f"{request.base_url}?{urlencode(kept + [('cursor', cursor)])}"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start with these as formulas; report text must stay text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(engine: Engine, findings: list[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for finding in findings:
        f = shapes.finding(engine, finding)
        writer.writerow([_cell(v) for v in (
            f["id"], f["kind"], f["label"], f["text"], f["report"]["force"], f["report"]["organisation"],
            f["report"]["year"], f["report"]["id"],
            f["report"]["title"], " › ".join(f["section"]["path"]), f["page"], f["grade"],
            f["last_inspected"], f["carried_from"], f["progress"], f["passage_id"], f["url"])])
    return out.getvalue()


def to_csv(engine: Engine, asked: Asked) -> Iterator[str]:
    """Every matching finding as CSV, one row each, read and sent a batch at a time."""
    # The first batch is read before the response starts, so a failure still gets its error status.
    page = engine.finding_page(asked.query, asked.scope, CSV_BATCH)

    def stream(page) -> Iterator[str]:
        yield ",".join(CSV_COLUMNS) + "\r\n"
        while True:
            yield _csv_rows(engine, page.findings)
            if page.next is None:
                return
            page = engine.finding_page(asked.query, asked.scope, CSV_BATCH, page.next)

    return stream(page)
