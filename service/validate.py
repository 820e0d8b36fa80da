"""Validate JSON request bodies against their schemas, with messages that name the field."""

from __future__ import annotations

from typing import Any

from flask import request
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .errors import ApiError

_validators: dict[int, Draft202012Validator] = {}


def json_body(schema: dict) -> dict[str, Any]:
    """Return the request's JSON object if it fits schema; else raise a 400/422 ApiError."""
    if not request.is_json:
        raise ApiError("invalid_json", "send a JSON object with Content-Type: application/json", 400)
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError("invalid_json", "the request body is not valid JSON", 400)
    validator = _validators.setdefault(id(schema), Draft202012Validator(schema))
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
