"""Fuzz the API from its own OpenAPI document with schemathesis: no 5xx, answers that match the
spec, and input the spec forbids refused with a 4xx."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from service.openapi import document

# Enough to reach every branch of the request schemas; small enough to keep CI near a minute.
MAX_EXAMPLES = 40
TOKEN = "fuzz-token"
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Operations that accept some input their documented schema forbids; each entry is a bug to fix in the
# service (or the spec). strict: the test fails once it is fixed, so the entry gets removed.

# Loaded from the document the app serves (test_served_spec_is_the_fuzzed_one checks they are equal)
# rather than through schemathesis.pytest.from_fixture, whose loader reads request.node._nodeid, which
# pytest 9.2 no longer has. Each call passes app=, so cases still run in-process through WSGI.
schema = schemathesis.openapi.from_dict(document())
# Valid and invalid inputs both: bad input must come back as a documented 4xx, never a 5xx.
schema.config.generation.update(modes=list(schemathesis.GenerationMode), max_examples=MAX_EXAMPLES,
                                deterministic=True)
fuzz_settings = settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_app(hash_index: Path, tmp_path_factory) -> Flask:
    """The app on a private copy of the hash index, with admin endpoints enabled past their 403."""
    from service.app import create_app

    root = tmp_path_factory.mktemp("fuzz") / "index"
    shutil.copytree(hash_index, root)
    return create_app({"INDEX": str(root), "TESTING": True, "ADMIN_TOKEN": TOKEN})


def _call(case, app: Flask):
    # The token reaches upload/delete/jobs validation; test_admin.py covers missing and wrong tokens.
    return case.call(app=app, headers={"Authorization": f"Bearer {TOKEN}"})


@schema.parametrize()
@fuzz_settings
def test_api_conforms_to_its_spec(case, fuzz_app) -> None:
    case.validate_response(_call(case, fuzz_app), checks=CONFORMANCE)


@schema.parametrize()
@fuzz_settings
def test_api_refuses_input_its_spec_forbids(case, fuzz_app) -> None:
    case.validate_response(_call(case, fuzz_app), checks=[negative_data_rejection])


# Operations that take text, fuzzed with valid input and then given text no report holds: the
# issue's own "\u0000\ud800" in JSON bodies; control characters in query strings, where a lone
# surrogate cannot travel (a URL carries UTF-8 bytes, which decode to U+FFFD instead).
BODY_TEXT = "\u0000\ud800"
QUERY_TEXT = "\u0000\u001b\u0085"
texts = schemathesis.openapi.from_dict(document()).include(operation_id=["search", "ask", "list_findings"])
texts.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE], max_examples=MAX_EXAMPLES,
                               deterministic=True)


def _plant(value, text: str):
    """value with text added to every string in it, object keys left alone."""
    if isinstance(value, str):
        return value + text
    if isinstance(value, list):
        return [_plant(v, text) for v in value]
    if isinstance(value, dict):
        return {k: _plant(v, text) for k, v in value.items()}
    return value


@texts.parametrize()
@fuzz_settings
def test_api_refuses_control_characters_and_lone_surrogates(case, fuzz_app) -> None:
    # Sent past the case, whose own re-validation of an edited body cannot hold a lone surrogate.
    body = _plant(case.body, BODY_TEXT) if isinstance(case.body, dict) else None
    query = _plant({**(case.query or {}), "q": "vetting"}, QUERY_TEXT) if body is None else case.query
    response = fuzz_app.test_client().open(case.formatted_path, method=case.method, query_string=query,
                                           data=None if body is None else json.dumps(body),
                                           content_type="application/json")
    case.validate_response(response, checks=CONFORMANCE)
    assert response.status_code == 422, (body, query, response.text)


def test_served_spec_is_the_fuzzed_one(client) -> None:
    assert client.get("/openapi.json").get_json() == document()


def test_spec_is_valid_openapi() -> None:
    schema.validate()  # against the OpenAPI 3.1 meta schema that schemathesis bundles
    assert schema.raw_schema["openapi"].startswith("3.1")


def test_spec_embeds_valid_json_schemas() -> None:
    # The OpenAPI meta schema does not look inside schema objects; 3.1's dialect is JSON Schema 2020-12.
    spec = document()
    found = list(spec["components"]["schemas"].values())
    for methods in spec["paths"].values():
        for operation in methods.values():
            found += [p["schema"] for p in operation.get("parameters", [])]
            bodies = operation.get("requestBody", {}).get("content", {}).values()
            answers = [c for r in operation["responses"].values() for c in r.get("content", {}).values()]
            found += [media["schema"] for media in [*bodies, *answers]]
    assert len(found) > 20
    for embedded in found:
        Draft202012Validator.check_schema(embedded)
