"""JSON Schemas of requests and responses: they validate requests and make up /openapi.json.

Each schema is a component of the OpenAPI document under its name in COMPONENTS; schemas refer to
each other with ref(name), so a generated client gets one typed model per name.
"""

from __future__ import annotations

from index.model import FILTER_KEYS, FINDING_KINDS, KINDS

MAX_QUERY = 1000
MAX_K = 50
MAX_PARAM = 500
FINDINGS_LIMIT = 1000  # the default page and the largest: callers that never page still get up to this many

# Control characters other than tab and line breaks, and UTF-16 halves that pair with nothing: no
# report holds them, and the tokenizer and the databases refuse some of them.
FORBIDDEN = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ud800-\\udfff"
CLEAN = f"^[^{FORBIDDEN}]*$"  # any text without those characters, the empty string included
WORDS = f"^[^{FORBIDDEN}]*[^\\s{FORBIDDEN}][^{FORBIDDEN}]*$"  # the same, with something besides spaces
REPORT_ID = "^[0-9a-f]{16}$"
JOB_ID = "^[0-9a-f]{12}$"


def ref(name: str) -> dict:
    """Point at the component schema of that name."""
    return {"$ref": f"#/components/schemas/{name}"}


def _text(limit: int) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": limit, "pattern": WORDS}


_NAME = {"type": ["string", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}

_FILTER_TEXT = _text(200)
FILTERS = {"type": "object", "additionalProperties": False,
           "properties": {key: {"oneOf": [_FILTER_TEXT, {"type": "array", "minItems": 1, "maxItems": 50,
                                                         "items": _FILTER_TEXT}]} for key in FILTER_KEYS},
           "description": "Each value is a string or a list of strings; a list matches any of them."}
FILTERS["properties"]["kind"] = {"oneOf": [{"type": "string", "enum": list(KINDS)},
                                           {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(KINDS)}}]}
APPLIED_FILTERS = {"type": "object", "additionalProperties": _STRINGS,
                   "description": "The filters the request sent, each as a list of values."}


def _request(field: str) -> dict:
    return {"type": "object", "additionalProperties": False, "required": [field],
            "properties": {field: _text(MAX_QUERY),
                           "k": {"type": "integer", "minimum": 1, "maximum": MAX_K, "default": 8},
                           "filters": ref("Filters")}}


SEARCH_REQUEST = _request("query")
ASK_REQUEST = _request("question")
MAX_HISTORY = 20
ASK_REQUEST["properties"]["history"] = {
    "type": "array", "maxItems": MAX_HISTORY,
    "description": "The conversation so far, oldest first: a follow-up takes the body, year and area it does not name "
                   "from the questions before it.",
    "items": {"type": "object", "additionalProperties": False, "required": ["question"],
              "properties": {"question": _text(MAX_QUERY),
                             "answer": {"type": ["string", "null"], "maxLength": 50_000, "pattern": CLEAN}}}}

REPORT = {"type": "object", "required": ["id", "title", "force", "year", "pages", "organisation"],
          "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                         "force": _NAME, "year": _NAME, "pages": {"type": "integer"},
                         "organisation": {**_NAME, "description": "the inspected body as the report names it"},
                         "organisation_type": {**_NAME, "description": "police force, local authority, ..."},
                         "inspectorate": _NAME, "family": {**_NAME, "description": "the report family that read it"},
                         "inspected": {**_NAME, "description": "the inspection dates as printed"},
                         "published": {**_NAME, "description": "when the report was published, as printed, else "
                                       "the year of its copyright line; a question may name the report by this year"}}}
SECTION = {"type": "object", "required": ["title", "path"],
           "properties": {"title": {"type": "string"}, "path": _STRINGS}}
SCORES = {"type": "object", "additionalProperties": {"type": "number"}}
PASSAGE = {"type": "object",
           "required": ["id", "text", "score", "report", "section", "page_start", "page_end", "kind", "url"],
           "properties": {"id": {"type": "string"}, "text": {"type": "string"}, "score": {"type": "number"},
                          "report": ref("Report"), "section": ref("Section"), "page_start": {"type": "integer"},
                          "page_end": {"type": "integer"}, "kind": {"type": "string", "enum": list(KINDS)},
                          "url": {"type": "string"},
                          "signals": {**ref("Scores"), "description": "the scores it was ranked by (dense, sentence, keyword, ...)"}}}
SEARCH_RESPONSE = {"type": "object", "required": ["query", "results", "took_ms"],
                   "properties": {"query": {"type": "string"}, "results": {"type": "array", "items": ref("Passage")},
                                  "took_ms": {"type": "number"}, "filters": ref("AppliedFilters"),
                                  "timings": {**ref("Scores"), "description": "milliseconds per stage"}}}
CITATION = {"type": "object", "required": ["n", "passage_id", "report", "section", "page", "quote"],
            "properties": {"n": {"type": "integer"}, "passage_id": {"type": "string"}, "report": ref("Report"),
                           "section": ref("Section"), "page": {"type": "integer"}, "quote": {"type": "string"},
                           "url": {"type": "string"},
                           "page_end": {"type": ["integer", "null"],
                                        "description": "the last page the quote may run onto, when it crosses a page break"}}}
ASK_RESPONSE = {"type": "object", "required": ["question", "answer", "abstained", "citations", "passages", "took_ms"],
                "properties": {"question": {"type": "string"}, "answer": {"type": ["string", "null"]},
                               "abstained": {"type": "boolean"}, "reason": {"type": ["string", "null"]},
                               "citations": {"type": "array", "items": ref("Citation")},
                               "passages": {"type": "array", "items": ref("Passage")}, "took_ms": {"type": "number"},
                               "filters": ref("AppliedFilters"),
                               "mode": {"type": "string", "enum": ["extractive", "findings"]},
                               "completeness": {"type": ["string", "null"]},
                               "assumed": {"type": "object", "additionalProperties": _STRINGS,
                                           "description": "what a follow-up took from the questions before it: "
                                                          "force, organisation, year (filter values) and area"}}}
MENTION = {"type": "object", "required": ["page", "quote", "chunk_id"],
           "properties": {"page": {"type": "integer"}, "quote": {"type": "string"}, "chunk_id": _NAME}}
FINDING = {"type": "object",
           "required": ["id", "kind", "text", "report", "section", "page", "grade", "last_inspected", "carried_from"],
           "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": list(FINDING_KINDS)},
                          "label": {**_NAME, "description": "the report's own name for the item, e.g. What needs to improve?"},
                          "text": {"type": "string"}, "report": ref("Report"), "section": ref("Section"),
                          "page": {"type": "integer"}, "grade": _NAME, "last_inspected": _NAME, "carried_from": _NAME,
                          "progress": _NAME, "evidence": _NAME, "source": _NAME, "linked_to": _NAME,
                          "mentions": {"type": "array", "items": ref("Mention")},
                          "passage_id": _NAME, "url": {"type": "string"}}}
COMPLETENESS = {"type": "object", "required": ["reports_searched", "findings", "note"],
                "properties": {"reports_searched": {"type": "integer"},
                               "findings": {"type": "integer", "description": "how many findings match, on all pages"},
                               "note": {"type": "string"}}}
FINDINGS_RESPONSE = {"type": "object", "required": ["findings", "completeness", "next", "next_url"],
                     "properties": {"findings": {"type": "array", "items": ref("Finding")},
                                    "completeness": ref("Completeness"),
                                    "next": {**_NAME, "description": "the cursor of the next page; null on the last"},
                                    "next_url": {**_NAME, "description": "this query's next page; null on the last"}}}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": ref("ErrorDetail")}}
ERROR_DETAIL = {"type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
HEALTH = {"type": "object", "required": ["status", "reports", "chunks"],
          "properties": {"status": {"type": "string"}, "reports": {"type": "integer"}, "chunks": {"type": "integer"},
                         "generation": {"type": "string", "description": "the index generation being served"}}}
REPORTS = {"type": "object", "required": ["reports"], "properties": {"reports": {"type": "array", "items": ref("Report")}}}
REPORT_SECTION = {"type": "object", "required": ["title", "level", "path", "page_start", "page_end", "grade"],
                  "properties": {"title": {"type": "string"}, "level": {"type": "integer"}, "path": _STRINGS,
                                 "page_start": {"type": "integer"}, "page_end": {"type": "integer"}, "grade": _NAME}}
SECTIONS = {"type": "object", "required": ["report", "sections"],
            "properties": {"report": ref("Report"), "sections": {"type": "array", "items": ref("ReportSection")}}}
FILE_RESULT = {"type": "object", "required": ["path", "status", "reason", "report_id", "chunks", "replaced"],
               "properties": {"path": {"type": "string"}, "status": {"type": "string", "enum": ["ok", "skipped", "failed"]},
                              "reason": _NAME, "report_id": _NAME, "chunks": {"type": "integer"},
                              "replaced": {**_NAME, "description": "the earlier version of this file, now removed"}}}
_TIME = {"type": ["number", "null"], "description": "seconds since the epoch"}
JOB = {"type": "object",
       "required": ["id", "kind", "files", "status", "done", "total", "progress", "results", "error", "created",
                    "started", "finished", "resumed"],
       "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["ingest", "delete"]},
                      "files": {**_STRINGS, "description": "the uploads' names, or the report id to delete"},
                      "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
                      "done": {"type": "integer"}, "total": {"type": "integer"}, "progress": {"type": "number"},
                      "results": {"type": "array", "items": ref("FileResult")}, "error": _NAME,
                      "created": {"type": "number"}, "started": _TIME, "finished": _TIME,
                      "resumed": {"type": "integer", "description": "times the job was restarted after the server was"}}}
JOB_RESPONSE = {"type": "object", "required": ["job"], "properties": {"job": ref("Job")}}

# One line of a gold question file for `reportqa eval` (docs/gold-format.md); what the scorer reads.
GOLD_QUESTION = {"type": "object", "required": ["id", "question"],
                 "properties": {"id": {"type": ["string", "integer"]}, "question": {"type": "string", "minLength": 1},
                                "evidence": _STRINGS, "evidence_pages": {"type": "array", "items": {"type": "integer"}},
                                "answer": {"type": "string"}, "facts": {"type": "array", "items": _STRINGS},
                                "forbidden": _STRINGS, "type": {"type": "string"}, "difficulty": {"type": "string"}}}

COMPONENTS = {
    "Error": ERROR, "ErrorDetail": ERROR_DETAIL, "Health": HEALTH, "Report": REPORT, "Reports": REPORTS,
    "Section": SECTION, "ReportSection": REPORT_SECTION, "ReportSections": SECTIONS, "Filters": FILTERS,
    "AppliedFilters": APPLIED_FILTERS, "Scores": SCORES, "SearchRequest": SEARCH_REQUEST,
    "SearchResponse": SEARCH_RESPONSE, "Passage": PASSAGE, "AskRequest": ASK_REQUEST, "AskResponse": ASK_RESPONSE,
    "Citation": CITATION, "Finding": FINDING, "Mention": MENTION, "Completeness": COMPLETENESS,
    "FindingsPage": FINDINGS_RESPONSE, "FileResult": FILE_RESULT, "Job": JOB, "JobResponse": JOB_RESPONSE,
}


def standalone(schema: dict) -> dict:
    """The schema with every component beside it, so its refs resolve for a plain JSON Schema validator."""
    return {**schema, "components": {"schemas": COMPONENTS}}
