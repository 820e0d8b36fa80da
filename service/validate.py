"""Validate what requests carry: JSON bodies against their schemas, and every text a request sends
(body strings, query parameters) for characters no report holds, with messages that name the field."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, request
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .errors import ApiError
from .schemas import FORBIDDEN, standalone

_validators: dict[int, Draft202012Validator] = {}
_FORBIDDEN = re.compile(f"[{FORBIDDEN}]")


def check_text(where: str, text: str) -> None:
    """Refuse text holding a control character (other than tab and line breaks) or a lone surrogate."""
    found = _FORBIDDEN.search(text)
    if found:
        kind = "an unpaired surrogate" if 0xD800 <= ord(found[0]) <= 0xDFFF else "a control character"
        raise ApiError("invalid_request", f"{where} contains {kind} (U+{ord(found[0]):04X}); send plain text", 422)


def check_json(where: str, value: Any) -> None:
    """check_text every string in a parsed JSON value, object keys included."""
    if isinstance(value, str):
        check_text(where, value)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            check_json(f"{where}.{n}", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(f"{where} (a key)", key)
            check_json(f"{where}.{key}" if where != "body" else key, item)


def init_app(app: Flask) -> None:
    """Check the query string of every request that reached a view, whichever view it is."""

    @app.before_request
    def clean_query() -> None:
        if request.routing_exception is not None:
            return  # unknown paths and methods keep their 404 and 405
        for name, value in request.args.items(multi=True):
            check_text("a query parameter name", name)
            check_text(name, value)


def json_body(schema: dict) -> dict[str, Any]:
    """Return the request's JSON object if it fits schema; else raise a 400/422 ApiError."""
    if not request.is_json:
        raise ApiError("invalid_json", "send a JSON object with Content-Type: application/json", 400)
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError("invalid_json", "the request body is not valid JSON", 400)
    check_json("body", body)
    validator = _validators.setdefault(id(schema), Draft202012Validator(standalone(schema)))
    error = best_match(validator.iter_errors(body))
    if error is not None:
        raise ApiError("invalid_request", describe(error), 422)
    return body


def describe(error: ValidationError) -> str:
    """Say what is wrong in words that name the field and what it accepts."""
    where = ".".join(str(p) for p in error.absolute_path) or "body"
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a field"
        return f"{missing} is required"
    if kind in ("minimum", "maximum") and "minimum" in schema and "maximum" in schema:
        return f"{where} must be between {schema['minimum']} and {schema['maximum']}"
    if kind == "maxLength":
        return f"{where} is too long (at most {schema['maxLength']} characters)"
    if kind in ("minLength", "pattern"):
        return f"{where} must not be empty"
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        allowed = ", ".join(schema.get("properties", {}))
        label = "filter" if where.endswith("filters") else "field"
        return f"unknown {label} {extra[0]!r}; allowed: {allowed}" if extra else error.message
    if kind == "type":
        return f"{where} must be of type {schema.get('type')}"
    if kind == "enum":
        return f"{where} must be one of: {', '.join(map(str, schema['enum']))}"
    if kind == "oneOf":
        return f"{where} must be a non-empty string or a list of non-empty strings"
    return f"{where}: {error.message}"
