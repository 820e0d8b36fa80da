"""The HTTP API against the contract: success shapes, every validation error, fail-closed filters,
abstention, and citations that quote the cited page exactly."""

import base64
import csv
import io
import json
import re
import time

import pypdf
import pytest
from jsonschema import Draft202012Validator

from service import schemas

from .conftest import assert_api_error


def valid(schema, body):
    errors = list(Draft202012Validator(schemas.standalone(schema)).iter_errors(body))
    assert not errors, errors[0]


def reports(client):
    return client.get("/api/reports").get_json()["reports"]


def report_of(client, force, year):
    return next(r for r in reports(client) if r["force"] == force and r["year"] == year)


def test_health_and_reports(client):
    health = client.get("/api/health").get_json()
    valid(schemas.HEALTH, health)
    assert health["status"] == "ok" and health["reports"] == 8 and health["chunks"] > 100
    listed = reports(client)
    valid(schemas.REPORTS, {"reports": listed})
    assert {r["force"] for r in listed} >= {"Northmoor Police", "Severn Vale Constabulary", "Brackenshire Police"}


def test_sections_in_reading_order_with_grades(client):
    report = report_of(client, "Northmoor Police", "2018/19")
    body = client.get(f"/api/reports/{report['id']}/sections").get_json()
    valid(schemas.SECTIONS, body)
    assert body["report"] == report
    starts = [s["page_start"] for s in body["sections"]]
    assert starts == sorted(starts)
    assert body["sections"][0]["level"] == 1
    assert any(s["grade"] for s in body["sections"])
    assert all(s["path"][-1] == s["title"] for s in body["sections"])


def test_pdf_served_and_unknown_ids_404(client):
    report = reports(client)[0]
    with client.get(f"/reports/{report['id']}/pdf") as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
    for bad in ("0" * 16, "nope", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2fCURRENT"):
        assert_api_error(client.get(f"/reports/{bad}/pdf"), 404)
    assert_api_error(client.get("/reports/../CURRENT/pdf"), 404)
    assert_api_error(client.get(f"/api/reports/{'f' * 16}/sections"), 404, "unknown_report")


def test_search_shape_and_filters_echoed(client):
    body = client.post("/api/search", json={"query": "areas for improvement vetting", "k": 5,
                                            "filters": {"force": "Northmoor"}}).get_json()
    valid(schemas.SEARCH_RESPONSE, body)
    assert 1 <= len(body["results"]) <= 5
    assert body["filters"] == {"force": ["Northmoor"]}
    assert {p["report"]["force"] for p in body["results"]} == {"Northmoor Police"}
    top = body["results"][0]
    assert top["url"] == f"/reports/{top['report']['id']}/pdf#page={top['page_start']}"
    assert [p["score"] for p in body["results"]] == sorted((p["score"] for p in body["results"]), reverse=True)


@pytest.mark.parametrize("filters", [
    {"force": "Northmoor Police", "kind": "cause_of_concern"},  # Northmoor has no cause of concern
    {"section": "No such section anywhere"},
    {"year": "1999"},
    {"force": ["Atlantis Constabulary"]},
])
def test_search_filters_fail_closed(client, filters):
    body = client.post("/api/search", json={"query": "cause of concern", "filters": filters}).get_json()
    assert body["results"] == []
    ask = client.post("/api/ask", json={"question": "What is the cause of concern?", "filters": filters}).get_json()
    assert ask["abstained"] is True and ask["answer"] is None and ask["citations"] == []


def test_search_filters_restrict_each_key(client):
    report = report_of(client, "Severn Vale Constabulary", "2017")
    cases = [({"report_id": report["id"]}, lambda p: p["report"]["id"] == report["id"]),
             ({"year": "2017"}, lambda p: p["report"]["year"] == "2017"),
             ({"kind": ["area_for_improvement"]}, lambda p: p["kind"] == "area_for_improvement"),
             ({"section": "investigating crime"}, lambda p: "investigating crime" in [s.lower() for s in p["section"]["path"]])]
    for filters, holds in cases:
        results = client.post("/api/search", json={"query": "investigation supervision", "k": 20,
                                                   "filters": filters}).get_json()["results"]
        assert results and all(holds(p) for p in results), filters


def _page_text(report_id, page, client):
    with client.get(f"/reports/{report_id}/pdf") as response:
        pdf = pypdf.PdfReader(io.BytesIO(response.data))
    return pdf.pages[page - 1].extract_text()


def _squash(text):
    # Line breaks may fall anywhere in a sentence; a line-end hyphen joins its word halves.
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", text)).strip()


def test_ask_cites_exact_quotes_on_their_pages(client):
    body = client.post("/api/ask", json={"question": "What areas for improvement did Northmoor Police get in 2017?"}).get_json()
    valid(schemas.ASK_RESPONSE, body)
    assert body["abstained"] is False and body["citations"]
    for n, cite in enumerate(body["citations"], 1):
        assert cite["n"] == n and f"[{n}]" in body["answer"]
        assert _squash(cite["quote"]) in _squash(_page_text(cite["report"]["id"], cite["page"], client)), cite


def test_ask_abstains_for_a_force_not_in_the_index(client):
    body = client.post("/api/ask", json={"question": "What percentage of 999 calls did Kent Police answer within 10 seconds?"}).get_json()
    valid(schemas.ASK_RESPONSE, body)
    assert body["abstained"] is True and body["answer"] is None and body["citations"] == []
    assert "Kent" in body["reason"]


LONG = "x" * 1001


@pytest.mark.parametrize("path, payload, status, code", [
    ("/api/search", {}, 422, "invalid_request"),
    ("/api/search", {"query": ""}, 422, "invalid_request"),
    ("/api/search", {"query": "   "}, 422, "invalid_request"),
    ("/api/search", {"query": LONG}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "k": 0}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "k": 51}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "k": "5"}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "k": True}, 422, "invalid_request"),
    ("/api/search", {"query": 5}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "filters": {"colour": "red"}}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "filters": {"force": 3}}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "filters": {"force": []}}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "filters": {"kind": "essay"}}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "filters": "force=Kent"}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "extra": 1}, 422, "invalid_request"),
    ("/api/search", {"query": "x", "filters": {"report_id": "0123456789abcdef"}}, 404, "unknown_report"),
    ("/api/search", ["query"], 422, "invalid_request"),
    ("/api/ask", {}, 422, "invalid_request"),
    ("/api/ask", {"question": ""}, 422, "invalid_request"),
    ("/api/ask", {"question": LONG}, 422, "invalid_request"),
    ("/api/ask", {"question": "x", "k": 99}, 422, "invalid_request"),
    ("/api/ask", {"question": "x", "filters": {"pillar": "x"}}, 422, "invalid_request"),
    ("/api/ask", {"question": "x", "filters": {"report_id": ["0123456789abcdef"]}}, 404, "unknown_report"),
])
def test_api_validation_errors(client, path, payload, status, code):
    body = assert_api_error(client.post(path, json=payload), status, code)
    if "k" in payload and status == 422 and isinstance(payload.get("k"), int) and not isinstance(payload["k"], bool):
        assert "between 1 and 50" in body["error"]["message"]
    if isinstance(payload, dict) and "colour" in str(payload):
        assert "colour" in body["error"]["message"]


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("post", "/api/search", {"data": "{not json", "content_type": "application/json"}, 400),
    ("post", "/api/search", {"data": "query=x", "content_type": "application/x-www-form-urlencoded"}, 400),
    ("get", "/api/search", {}, 405),
    ("delete", "/api/health", {}, 405),
    ("get", "/api/nothing-here", {}, 404),
    ("get", "/api/findings?kind=essay", {}, 422),
    ("get", "/api/findings?kind=", {}, 422),  # an empty kind is none of the kinds, not every one
    ("get", "/api/findings?colour=red", {}, 422),
    ("get", "/api/findings?format=xml", {}, 422),
])
def test_api_errors_keep_the_contract_shape(client, method, path, kwargs, status):
    assert_api_error(getattr(client, method)(path, **kwargs), status)


def test_findings_json_csv_and_completeness(client):
    body = client.get("/api/findings?force=Northmoor&kind=area_for_improvement").get_json()
    valid(schemas.FINDINGS_RESPONSE, body)
    assert body["findings"] and all(f["report"]["force"] == "Northmoor Police" for f in body["findings"])
    assert body["completeness"]["reports_searched"] == 8
    first = body["findings"][0]
    assert first["url"] == f"/reports/{first['report']['id']}/pdf#page={first['page']}" and first["passage_id"]
    response = client.get("/api/findings?force=Northmoor&kind=area_for_improvement&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(body["findings"]) and rows[0]["kind"] == "area_for_improvement"


def test_openapi_describes_every_endpoint(client):
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/health", "/api/reports", "/api/reports/{report_id}/sections", "/reports/{report_id}/pdf",
                 "/api/search", "/api/ask", "/api/findings"):
        assert path in doc["paths"], path


def test_security_headers_and_no_debug(client, app):
    response = client.get("/api/health")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not app.debug


def test_unexpected_errors_are_json_without_a_stack_trace(hash_index, monkeypatch):
    from service.app import create_app

    app = create_app({"INDEX": str(hash_index)})
    engine = app.extensions["reportqa"]
    monkeypatch.setattr(engine, "search", lambda *a, **k: 1 / 0)
    response = app.test_client().post("/api/search", json={"query": "vetting"})
    body = assert_api_error(response, 500, "internal_error")
    assert "Traceback" not in response.get_data(as_text=True) and "ZeroDivision" not in body["error"]["message"]


# Each with the code point the refusal must name.
HOSTILE = [("\u0000", "U+0000"), ("a\u0000b", "U+0000"), ("\ud800", "U+D800"), ("x\udfff y", "U+DFFF"),
           ("\u0007bell", "U+0007"), ("\u001b[31m", "U+001B"), ("\u007f", "U+007F"), ("\u0085", "U+0085")]


@pytest.mark.parametrize("text, named", HOSTILE)
@pytest.mark.parametrize("path, body", [
    ("/api/search", lambda t: {"query": t}),
    ("/api/search", lambda t: {"query": f"vetting {t}"}),
    ("/api/ask", lambda t: {"question": t}),
    ("/api/search", lambda t: {"query": "x", "filters": {"force": t}}),
    ("/api/ask", lambda t: {"question": "x", "filters": {"section": ["Leadership", t]}}),
    ("/api/search", lambda t: {"query": "x", "filters": {t: "Northmoor"}}),
    ("/api/search", lambda t: {"query": "x", t: 1}),
])
def test_control_characters_and_lone_surrogates_are_refused(client, path, body, text, named):
    # json.dumps writes lone surrogates as \ud800 escapes, as any JSON client may send them.
    response = client.post(path, data=json.dumps(body(text)), content_type="application/json")
    assert named in assert_api_error(response, 422, "invalid_request")["error"]["message"]


@pytest.mark.parametrize("query", ["q=%00", "q=vetting%07", "force=%1b", "grade=Good%7f", "year=%c2%85",
                                   "cursor=%00", "%00=1"])
def test_control_characters_in_query_strings_are_refused(client, query):
    assert_api_error(client.get(f"/api/findings?{query}"), 422, "invalid_request")


def test_tabs_and_line_breaks_are_text(client):
    body = client.post("/api/search", json={"query": "vetting\tbacklog\r\nsupervision"}).get_json()
    assert body["results"]


@pytest.mark.parametrize("query, status, code", [
    ("report_id=nope", 404, "unknown_report"),
    (f"report_id={'0' * 16}", 404, "unknown_report"),
    ("limit=0", 422, "invalid_request"),
    ("limit=1001", 422, "invalid_request"),
    ("limit=ten", 422, "invalid_request"),
    ("limit=%C2%B2", 422, "invalid_request"),  # a superscript two: a digit to str.isdigit, not to int()
    ("limit=99999999999999999999", 422, "invalid_request"),
    ("cursor=nope", 422, "invalid_request"),
    ("format=csv&limit=5", 422, "invalid_request"),
    ("format=csv&cursor=abc", 422, "invalid_request"),
])
def test_findings_parameter_errors(client, query, status, code):
    assert_api_error(client.get(f"/api/findings?{query}"), status, code)


@pytest.mark.parametrize("key", [["\ud800", "", "x", 1], ["", "", "x", 2 ** 70], ["", "", "x", "1"], ["a", "b"], {}])
def test_findings_cursors_not_given_out_are_refused(client, key):
    cursor = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
    assert_api_error(client.get(f"/api/findings?cursor={cursor}"), 422, "invalid_request")


def _pages(client, url: str) -> list[dict]:
    pages = [client.get(url).get_json()]
    while pages[-1]["next_url"]:
        assert pages[-1]["next_url"].startswith("http://localhost/api/findings?")
        pages.append(client.get(pages[-1]["next_url"]).get_json())
    return pages


def test_findings_pages_keep_the_filters_and_count_them_all(client):
    whole = client.get("/api/findings?kind=area_for_improvement&force=Northmoor").get_json()
    assert whole["next"] is None and whole["next_url"] is None
    assert "This page" not in whole["completeness"]["note"]
    pages = _pages(client, "/api/findings?kind=area_for_improvement&force=Northmoor&limit=3")
    for page in pages:
        valid(schemas.FINDINGS_RESPONSE, page)
        assert page["completeness"]["findings"] == len(whole["findings"])
    notes = [p["completeness"]["note"] for p in pages]
    assert all(f"This page lists 3 of the {len(whole['findings'])}; next_url" in n for n in notes[:-1])
    assert f"This last page lists {len(pages[-1]['findings'])} of the {len(whole['findings'])}." in notes[-1]
    assert [len(p["findings"]) for p in pages[:-1]] == [3] * (len(pages) - 1) and 1 <= len(pages[-1]["findings"]) <= 3
    assert [f["id"] for p in pages for f in p["findings"]] == [f["id"] for f in whole["findings"]]
    assert "kind=area_for_improvement" in pages[0]["next_url"] and "limit=3" in pages[0]["next_url"]


def test_findings_pages_hold_their_place_when_reports_go(copy_index):
    from index.engine import jobs_for
    from service.app import create_app

    client = create_app({"INDEX": str(copy_index)}).test_client()
    everything = [(f["id"], f["report"]["id"]) for f in client.get("/api/findings").get_json()["findings"]]
    first = client.get("/api/findings?limit=30").get_json()
    gone = first["findings"][0]["report"]["id"]  # a report the first page has already shown
    queue = jobs_for(copy_index)
    job = queue.submit_delete(gone)
    while queue.get(job.id).status in ("queued", "running"):
        time.sleep(0.05)
    time.sleep(1.1)  # the engine looks for a new generation at most once a second
    rest = _pages(client, first["next_url"])
    assert rest[0]["completeness"]["findings"] < len(everything)
    # An offset would now skip as many findings as the deleted report had on the first page; the
    # cursor goes on from the last finding shown.
    assert [f["id"] for p in rest for f in p["findings"]] == [i for i, report in everything[30:] if report != gone]


def test_findings_csv_streams_every_matching_finding(client, monkeypatch):
    from service import findings

    monkeypatch.setattr(findings, "CSV_BATCH", 7)  # many batches, so the stream crosses pages
    everything = client.get("/api/findings?q=the").get_json()["findings"]
    assert len(everything) > 3 * 7
    response = client.get("/api/findings?q=the&format=csv")
    assert response.is_streamed and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["id"] for r in rows] == [f["id"] for f in everything]


@pytest.fixture(scope="module")
def two_families(tmp_path_factory):
    """A client of an index holding a police force (PEEL) and a fire and rescue service (generic family)."""
    from index.engine import ingest_files
    from service.app import create_app

    from .conftest import DATA

    root = tmp_path_factory.mktemp("two-families")
    results = ingest_files([DATA / "mini-bookmarks.pdf", DATA / "print-ligatures.pdf"], root, embedder="hash")
    assert all(r.status == "ok" for r in results), [r.line() for r in results]
    return create_app({"INDEX": str(root), "TESTING": True}).test_client()


def _bodies(findings):
    return {f["report"]["organisation"] for f in findings}


@pytest.mark.parametrize("param, bodies", [
    ("organisation=Fernhill Fire and Rescue Service", {"Fernhill Fire and Rescue Service"}),
    ("organisation=fernhill", {"Fernhill Fire and Rescue Service"}),
    ("organisation=Testshire", {"Testshire Police"}),
    ("organisation=Testshire Police, Fernhill", {"Testshire Police", "Fernhill Fire and Rescue Service"}),
    ("organisation=Testshire&organisation=Fernhill", {"Testshire Police", "Fernhill Fire and Rescue Service"}),
    ("force=Testshire", {"Testshire Police"}),
])
def test_findings_organisation_filter(two_families, param, bodies):
    body = two_families.get(f"/api/findings?{param}").get_json()
    valid(schemas.FINDINGS_RESPONSE, body)
    assert _bodies(body["findings"]) == bodies
    assert body["completeness"]["findings"] == len(body["findings"])


@pytest.mark.parametrize("param", ["organisation=Atlantis", "organisation=Fern",
                                   "organisation=Fernhill Fire&year=1999", "force=Atlantis Constabulary"])
def test_findings_unknown_organisation_is_an_empty_page(two_families, param):
    body = two_families.get(f"/api/findings?{param}").get_json()
    valid(schemas.FINDINGS_RESPONSE, body)
    assert body["findings"] == [] and body["completeness"]["findings"] == 0 and body["next_url"] is None
    csv_body = two_families.get(f"/api/findings?{param}&format=csv").get_data(as_text=True)
    assert csv_body.splitlines() == [",".join(findings_columns())]


def findings_columns():
    from service.findings import CSV_COLUMNS

    return CSV_COLUMNS


def test_fire_service_findings_carry_their_labels_in_json_and_csv(two_families):
    body = two_families.get("/api/findings?organisation=Fernhill").get_json()
    kinds = [f["kind"] for f in body["findings"]]
    assert kinds.count("judgment") == 7 and kinds.count("area_for_improvement") == 5
    items = [f for f in body["findings"] if f["kind"] == "area_for_improvement"]
    assert {f["label"] for f in items} == {"Areas for improvement", "Area for improvement"}
    report = body["findings"][0]["report"]
    assert (report["organisation"], report["organisation_type"], report["family"], report["force"]) == \
        ("Fernhill Fire and Rescue Service", "fire and rescue service", "generic", None)
    rows = list(csv.DictReader(io.StringIO(
        two_families.get("/api/findings?organisation=Fernhill&format=csv").get_data(as_text=True))))
    assert [r["id"] for r in rows] == [f["id"] for f in body["findings"]]
    assert {r["organisation"] for r in rows} == {"Fernhill Fire and Rescue Service"} and {r["force"] for r in rows} == {""}
    assert [r["label"] for r in rows] == [f["label"] or "" for f in body["findings"]]
    police = list(csv.DictReader(io.StringIO(
        two_families.get("/api/findings?organisation=Testshire&format=csv").get_data(as_text=True))))
    assert police and {(r["force"], r["organisation"]) for r in police} == {("Testshire Police", "Testshire Police")}


def test_openapi_declares_the_organisation_param_and_label(client):
    doc = client.get("/openapi.json").get_json()
    params = {p["name"] for p in doc["paths"]["/api/findings"]["get"]["parameters"]}
    assert {"organisation", "force"} <= params
    assert "label" in doc["components"]["schemas"]["Finding"]["properties"]
