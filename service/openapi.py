"""/openapi.json: an OpenAPI 3.1 description of every endpoint, with every answer it can give, built
from the same schemas that validate the requests."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from index.model import FINDING_KINDS

from . import schemas as s

bp = Blueprint("openapi", __name__)

ERRORS = {400: "The body is not a JSON object", 401: "Missing or wrong admin token",
          403: "Corpus changes are disabled", 404: "Unknown id", 413: "The body is over the size limit",
          415: "The upload is not a PDF", 422: "Invalid field or parameter",
          503: "No index yet, or one an older version wrote"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(codes: tuple[int, ...]) -> dict:
    """Each error status an operation may answer with, all in the one error shape."""
    return {str(code): _json(s.ref("Error"), ERRORS[code]) for code in codes}


def _answers(ok: str, schema: str, errors: tuple[int, ...], description: str = "OK") -> dict:
    """An operation's responses: its success and its errors."""
    return {ok: _json(s.ref(schema), description), **_errors(errors)}


def _path_id(name: str, pattern: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": pattern}}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string", "maxLength": s.MAX_PARAM, "pattern": s.CLEAN}}


REPORT_ID = _path_id("report_id", s.REPORT_ID, "A report id, as GET /api/reports lists them")
FINDINGS_PARAMS = [_query(n, d) for n, d in (
    ("force", "Force name, with or without 'Police'; comma-separated for several"),
    ("organisation", "The inspected body (force, local authority, fire and rescue service ...), with or without "
                     "a suffix such as 'Police' or 'Council'; comma-separated for several; one the index does not "
                     "hold matches nothing"),
    ("year", "Inspection year as printed, e.g. 2018/19"),
    ("grade", "Grade of a judgment, e.g. Good"),
    ("carried_from", "Earlier inspection year the finding was first raised in"),
    ("report_id", "Report id; an unknown one is a 404"), ("source", "box, table, heading or text"),
    ("q", "Text the finding contains"))] + [
    _query("kind", "The kind of finding", {"type": "string", "enum": list(FINDING_KINDS)}),
    _query("format", "json (default): a page of findings; csv: every matching finding",
           {"type": "string", "enum": ["json", "csv"]}),
    _query("limit", f"Findings per page (JSON only), {s.FINDINGS_LIMIT} at most",
           {"type": "integer", "minimum": 1, "maximum": s.FINDINGS_LIMIT, "default": s.FINDINGS_LIMIT}),
    _query("cursor", "Where the page starts (JSON only): the previous page's next; leave out for the first page",
           {"type": "string", "maxLength": s.MAX_PARAM, "pattern": "^[A-Za-z0-9_-]*$"})]
UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"},
                            "description": "One or more PDFs, each a part named file"}}}}}}


def document() -> dict:
    """Build the OpenAPI document."""
    findings = _answers("200", "FindingsPage", (404, 422, 503))
    findings["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "reportqa", "version": "0.1.0",
                 "description": "Question answering over inspection reports, cited to report, section and page."},
        "paths": {
            "/api/health": {"get": {"operationId": "health", "summary": "Service status and index size",
                                    "responses": _answers("200", "Health", (503,))}},
            "/api/reports": {
                "get": {"operationId": "list_reports", "summary": "Every report in the index",
                        "responses": _answers("200", "Reports", (503,))},
                "post": {"operationId": "upload_reports",
                         "summary": "Upload PDFs to ingest (admin); runs as a background job",
                         "security": [{"admin": []}], "requestBody": UPLOAD,
                         "responses": _answers("202", "JobResponse", (401, 403, 413, 415, 422), "Job queued")}},
            "/api/reports/{report_id}/sections": {"get": {
                "operationId": "report_sections", "summary": "A report's sections in reading order",
                "parameters": [REPORT_ID], "responses": _answers("200", "ReportSections", (404, 503))}},
            "/reports/{report_id}/pdf": {"get": {
                "operationId": "report_pdf", "summary": "The report's PDF", "parameters": [REPORT_ID],
                "responses": {"200": {"description": "The PDF", "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}, **_errors((404, 503))}}},
            "/api/search": {"post": {
                "operationId": "search", "summary": "Passages that match a query, best first",
                "requestBody": {"required": True, "content": {"application/json": {"schema": s.ref("SearchRequest")}}},
                "responses": _answers("200", "SearchResponse", (400, 404, 413, 422, 503))}},
            "/api/ask": {"post": {
                "operationId": "ask",
                "summary": "An answer composed of report sentences, each cited; abstains when the reports do not say",
                "requestBody": {"required": True, "content": {"application/json": {"schema": s.ref("AskRequest")}}},
                "responses": _answers("200", "AskResponse", (400, 404, 413, 422, 503))}},
            "/api/findings": {"get": {
                "operationId": "list_findings",
                "summary": "The findings (graded judgments and the items each report asks to act on) matching "
                           "the filters, a page at a time in a stable order; next_url is the page after",
                "parameters": FINDINGS_PARAMS, "responses": findings}},
            "/api/reports/{report_id}": {"delete": {
                "operationId": "delete_report", "summary": "Remove a report (admin); runs as a background job",
                "parameters": [REPORT_ID], "security": [{"admin": []}],
                "responses": _answers("202", "JobResponse", (401, 403, 404, 503), "Job queued")}},
            "/api/jobs/{job_id}": {"get": {
                "operationId": "get_job",
                "summary": "Progress of a background job (admin); without the admin token every id is a 404",
                "parameters": [_path_id("job_id", s.JOB_ID, "The id an upload or delete answered with")],
                "security": [{"admin": []}], "responses": _answers("200", "JobResponse", (404,))}},
        },
        "components": {"schemas": s.COMPONENTS,
                       "securitySchemes": {"admin": {"type": "http", "scheme": "bearer",
                                                     "description": "The REPORTQA_ADMIN_TOKEN value"}}},
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document())
