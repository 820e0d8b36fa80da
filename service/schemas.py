"""JSON Schemas of requests and responses: they validate requests and make up /openapi.json."""

from __future__ import annotations

from index.model import FILTER_KEYS, KINDS

MAX_QUERY = 1000
MAX_K = 50

_TEXT = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"}
_STRINGS = {"oneOf": [_TEXT, {"type": "array", "minItems": 1, "maxItems": 50, "items": _TEXT}]}
FILTERS = {"type": "object", "additionalProperties": False,
           "properties": {key: _STRINGS for key in FILTER_KEYS},
           "description": "Each value is a string or a list of strings; a list matches any of them."}
FILTERS["properties"]["kind"] = {"oneOf": [{"type": "string", "enum": list(KINDS)},
                                           {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(KINDS)}}]}


def _request(field: str) -> dict:
    return {"type": "object", "additionalProperties": False, "required": [field],
            "properties": {field: {"type": "string", "minLength": 1, "maxLength": MAX_QUERY, "pattern": r"\S"},
                           "k": {"type": "integer", "minimum": 1, "maximum": MAX_K, "default": 8},
                           "filters": FILTERS}}


SEARCH_REQUEST = _request("query")
ASK_REQUEST = _request("question")
MAX_HISTORY = 20
ASK_REQUEST["properties"]["history"] = {
    "type": "array", "maxItems": MAX_HISTORY,
    "description": "The conversation so far, oldest first: a follow-up takes the body, year and area it does not name "
                   "from the questions before it.",
    "items": {"type": "object", "additionalProperties": False, "required": ["question"],
              "properties": {"question": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY},
                             "answer": {"type": ["string", "null"], "maxLength": 50_000}}}}

_NAME = {"type": ["string", "null"]}
REPORT = {"type": "object", "required": ["id", "title", "force", "year", "pages", "organisation"],
          "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                         "force": _NAME, "year": _NAME, "pages": {"type": "integer"},
                         "organisation": {**_NAME, "description": "the inspected body as the report names it"},
                         "organisation_type": {**_NAME, "description": "police force, local authority, ..."},
                         "inspectorate": _NAME, "family": {**_NAME, "description": "the report family that read it"},
                         "inspected": {**_NAME, "description": "the inspection dates as printed"}}}
SECTION = {"type": "object", "required": ["title", "path"],
           "properties": {"title": {"type": "string"}, "path": {"type": "array", "items": {"type": "string"}}}}
PASSAGE = {"type": "object",
           "required": ["id", "text", "score", "report", "section", "page_start", "page_end", "kind", "url"],
           "properties": {"id": {"type": "string"}, "text": {"type": "string"}, "score": {"type": "number"},
                          "report": REPORT, "section": SECTION, "page_start": {"type": "integer"},
                          "page_end": {"type": "integer"}, "kind": {"type": "string", "enum": list(KINDS)},
                          "url": {"type": "string"}, "signals": {"type": "object"}}}
SEARCH_RESPONSE = {"type": "object", "required": ["query", "results", "took_ms"],
                   "properties": {"query": {"type": "string"}, "results": {"type": "array", "items": PASSAGE},
                                  "took_ms": {"type": "number"}, "filters": {"type": "object"},
                                  "timings": {"type": "object"}}}
CITATION = {"type": "object", "required": ["n", "passage_id", "report", "section", "page", "quote"],
            "properties": {"n": {"type": "integer"}, "passage_id": {"type": "string"}, "report": REPORT,
                           "section": SECTION, "page": {"type": "integer"}, "quote": {"type": "string"},
                           "url": {"type": "string"},
                           "page_end": {"type": ["integer", "null"],
                                        "description": "the last page the quote may run onto, when it crosses a page break"}}}
ASK_RESPONSE = {"type": "object", "required": ["question", "answer", "abstained", "citations", "passages", "took_ms"],
                "properties": {"question": {"type": "string"}, "answer": {"type": ["string", "null"]},
                               "abstained": {"type": "boolean"}, "reason": {"type": ["string", "null"]},
                               "citations": {"type": "array", "items": CITATION},
                               "passages": {"type": "array", "items": PASSAGE}, "took_ms": {"type": "number"},
                               "filters": {"type": "object"}, "mode": {"type": "string"},
                               "completeness": {"type": ["string", "null"]},
                               "assumed": {"type": "object", "description": "what a follow-up took from the questions "
                                           "before it: force, organisation, year (filter values) and area",
                                           "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}
FINDING = {"type": "object",
           "required": ["id", "kind", "text", "report", "section", "page", "grade", "last_inspected", "carried_from"],
           "properties": {"id": {"type": "string"}, "kind": {"type": "string"}, "text": {"type": "string"},
                          "report": REPORT, "section": SECTION, "page": {"type": "integer"},
                          "grade": {"type": ["string", "null"]}, "last_inspected": {"type": ["string", "null"]},
                          "carried_from": {"type": ["string", "null"]}, "progress": {"type": ["string", "null"]},
                          "evidence": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]},
                          "linked_to": {"type": ["string", "null"]}, "mentions": {"type": "array"},
                          "passage_id": {"type": ["string", "null"]}, "url": {"type": "string"}}}
FINDINGS_RESPONSE = {"type": "object", "required": ["findings"],
                     "properties": {"findings": {"type": "array", "items": FINDING},
                                    "completeness": {"type": "object"}}}
ERROR = {"type": "object", "required": ["error"],
         "properties": {"error": {"type": "object", "required": ["code", "message"],
                                  "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
HEALTH = {"type": "object", "required": ["status", "reports", "chunks"],
          "properties": {"status": {"type": "string"}, "reports": {"type": "integer"}, "chunks": {"type": "integer"}}}
REPORTS = {"type": "object", "required": ["reports"], "properties": {"reports": {"type": "array", "items": REPORT}}}
SECTIONS = {"type": "object", "required": ["report", "sections"],
            "properties": {"report": REPORT, "sections": {"type": "array", "items": {
                "type": "object", "required": ["title", "level", "path", "page_start", "page_end", "grade"],
                "properties": {"title": {"type": "string"}, "level": {"type": "integer"},
                               "path": {"type": "array", "items": {"type": "string"}},
                               "page_start": {"type": "integer"}, "page_end": {"type": "integer"},
                               "grade": {"type": ["string", "null"]}}}}}}
JOB_RESPONSE = {"type": "object", "required": ["job"], "properties": {"job": {
    "type": "object", "required": ["id", "kind", "status", "done", "total", "progress"],
    "properties": {"id": {"type": "string"}, "kind": {"type": "string"},
                   "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
                   "done": {"type": "integer"}, "total": {"type": "integer"}, "progress": {"type": "number"},
                   "results": {"type": "array"}, "error": {"type": ["string", "null"]}}}}}
