"""/openapi.json: an OpenAPI 3.1 description of every endpoint, built from the request schemas."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from index.model import FINDING_KINDS

from . import schemas as s

bp = Blueprint("openapi", __name__)


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {str(code): _json({"$ref": "#/components/schemas/Error"}, text) for code, text in (
    (400, "Malformed request"), (404, "Unknown id"), (422, "Invalid field or parameter"),
    (503, "No index yet"))}


ADMIN_ERRORS = {"401": _json({"$ref": "#/components/schemas/Error"}, "Missing or wrong admin token"),
                "403": _json({"$ref": "#/components/schemas/Error"}, "Corpus changes are disabled")}


def _query_param(name: str, description: str, enum: list[str] | None = None) -> dict:
    schema = {"type": "string", "enum": enum} if enum else {"type": "string", "maxLength": 500}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def document() -> dict:
    """Build the OpenAPI document."""
    report_id = {"name": "report_id", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "reportqa", "version": "0.1.0",
                 "description": "Question answering over inspection reports, cited to report, section and page."},
        "paths": {
            "/api/health": {"get": {"summary": "Service status and index size",
                                    "responses": {"200": _json(s.HEALTH), "503": ERRORS["503"]}}},
            "/api/reports": {
                "get": {"summary": "Every report in the index", "responses": {"200": _json(s.REPORTS)}},
                "post": {"summary": "Upload PDFs to ingest (admin); runs as a background job",
                         "security": [{"admin": []}],
                         "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                             "type": "object", "required": ["file"],
                             "properties": {"file": {"type": "string", "format": "binary"}}}}}},
                         "responses": {"202": _json(s.JOB_RESPONSE, "Job queued"), **ADMIN_ERRORS,
                                       "413": _json({"$ref": "#/components/schemas/Error"}, "Upload too large"),
                                       "415": _json({"$ref": "#/components/schemas/Error"}, "Not a PDF"),
                                       "422": ERRORS["422"]}}},
            "/api/reports/{report_id}/sections": {"get": {
                "summary": "A report's sections in reading order", "parameters": [report_id],
                "responses": {"200": _json(s.SECTIONS), "404": ERRORS["404"]}}},
            "/reports/{report_id}/pdf": {"get": {
                "summary": "The report's PDF", "parameters": [report_id],
                "responses": {"200": {"description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                              "404": ERRORS["404"]}}},
            "/api/search": {"post": {
                "summary": "Passages that match a query, best first",
                "requestBody": {"required": True, "content": {"application/json": {"schema": s.SEARCH_REQUEST}}},
                "responses": {"200": _json(s.SEARCH_RESPONSE), **{c: ERRORS[c] for c in ("400", "404", "422")}}}},
            "/api/ask": {"post": {
                "summary": "An answer composed of report sentences, each cited; abstains when the reports do not say",
                "requestBody": {"required": True, "content": {"application/json": {"schema": s.ASK_REQUEST}}},
                "responses": {"200": _json(s.ASK_RESPONSE), **{c: ERRORS[c] for c in ("400", "404", "422")}}}},
            "/api/findings": {"get": {
                "summary": "Every finding (graded judgments and the items each report asks to act on) matching the filters",
                "parameters": [_query_param(n, d) for n, d in (
                    ("force", "Force name, with or without 'Police'; comma-separated for several"),
                    ("year", "Inspection year as printed, e.g. 2018/19"),
                    ("grade", "Grade of a judgment, e.g. Good"),
                    ("carried_from", "Earlier inspection year the finding was first raised in"),
                    ("report_id", "Report id"), ("source", "box, table, heading or text"),
                    ("q", "Text the finding contains"))] + [
                    _query_param("kind", "The kind of finding", list(FINDING_KINDS)),
                    _query_param("format", "json (default) or csv", ["json", "csv"])],
                "responses": {"200": {"description": "Findings", "content": {
                    "application/json": {"schema": s.FINDINGS_RESPONSE}, "text/csv": {"schema": {"type": "string"}}}},
                    "422": ERRORS["422"]}}},
            "/api/reports/{report_id}": {"delete": {
                "summary": "Remove a report (admin); runs as a background job", "parameters": [report_id],
                "security": [{"admin": []}],
                "responses": {"202": _json(s.JOB_RESPONSE, "Job queued"), **ADMIN_ERRORS, "404": ERRORS["404"]}}},
            "/api/jobs/{job_id}": {"get": {
                "summary": "Progress of a background job (admin)",
                "parameters": [{"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "security": [{"admin": []}],
                "responses": {"200": _json(s.JOB_RESPONSE), **ADMIN_ERRORS, "404": ERRORS["404"]}}},
        },
        "components": {"schemas": {"Error": s.ERROR},
                       "securitySchemes": {"admin": {"type": "http", "scheme": "bearer",
                                                     "description": "The REPORTQA_ADMIN_TOKEN value"}}},
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document())
