"""Scripts as users: a client generated from the served /openapi.json by openapi-python-client has a
typed result for every JSON operation, and every field the server sends is one the document declares."""

from __future__ import annotations

import importlib
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

from .conftest import DATA, new_report
from .servers import live_server

TOKEN = "client-token"
# The one thing the generator may not turn into code: a response that is not JSON.
PDF_WARNING = "WARNING parsing GET /reports/{report_id}/pdf within default."


@pytest.fixture(scope="module")
def served(hash_index, tmp_path_factory):
    from service.app import create_app

    root = tmp_path_factory.mktemp("client") / "index"
    shutil.copytree(hash_index, root)
    with live_server(create_app({"INDEX": str(root), "TESTING": True, "ADMIN_TOKEN": TOKEN})) as url:
        yield url


@pytest.fixture(scope="module")
def generated(served, tmp_path_factory):
    """The generated package, imported; and the generator's output."""
    out = tmp_path_factory.mktemp("generated")
    (out / "config.yaml").write_text("post_hooks: []\npackage_name_override: reportqa_client\n")
    run = subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--url", f"{served}/openapi.json",
                          "--meta", "none", "--config", "config.yaml"], cwd=out, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("reportqa_client"), run.stdout + run.stderr
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == "reportqa_client"]:
            del sys.modules[name]


def undeclared(value, where: str = "") -> list[str]:
    """Fields the server sent that the document does not declare, anywhere in a parsed result."""
    if attrs.has(type(value)):
        declared = [f.name for f in attrs.fields(type(value)) if f.name != "additional_properties"]
        # A model with no declared fields is a declared map (scores by name, filters by key).
        found = [f"{where}.{key}" for key in value.additional_properties] if declared else []
        for name in declared:
            found += undeclared(getattr(value, name), f"{where}.{name}")
        return found
    if isinstance(value, list):
        return [miss for n, item in enumerate(value) for miss in undeclared(item, f"{where}[{n}]")]
    return []


def typed(response, model, status: int = 200):
    """The parsed result of a call: of the model's class, with nothing undeclared in it."""
    assert response.status_code == status, response.content
    assert isinstance(response.parsed, model), type(response.parsed)
    assert undeclared(response.parsed) == [], undeclared(response.parsed)
    return response.parsed


def test_generator_warns_of_nothing_but_the_pdf(generated):
    _, output = generated
    warnings = [line for line in output.splitlines() if re.match(r"(WARNING|ERROR)\b", line)]
    assert warnings == [PDF_WARNING], output
    assert "Unsupported content_type application/pdf" in output


def test_generated_client_reads_every_json_operation(generated, served):
    package, _ = generated
    api = importlib.import_module("reportqa_client.api.default")
    m = importlib.import_module("reportqa_client.models")
    types = importlib.import_module("reportqa_client.types")
    ops = {name: importlib.import_module(f"reportqa_client.api.default.{name}") for name in (
        "health", "list_reports", "report_sections", "report_pdf", "search", "ask", "list_findings",
        "upload_reports", "get_job", "delete_report")}
    assert set(ops) == {p.stem for p in Path(api.__file__).parent.glob("*.py")} - {"__init__"}, "an operation is untested"
    client = package.Client(base_url=served, raise_on_unexpected_status=True)
    admin = package.AuthenticatedClient(base_url=served, token=TOKEN, raise_on_unexpected_status=True)

    assert typed(ops["health"].sync_detailed(client=client), m.Health).status == "ok"
    reports = typed(ops["list_reports"].sync_detailed(client=client), m.Reports).reports
    first = reports[0]
    sections = typed(ops["report_sections"].sync_detailed(first.id, client=client), m.ReportSections)
    assert sections.report.id == first.id and sections.sections[0].level == 1
    missing = typed(ops["report_sections"].sync_detailed("0" * 16, client=client), m.Error, 404)
    assert missing.error.code == "unknown_report"
    # The generated client has no parser for the PDF, so it is not an "unexpected" status to it.
    pdf = ops["report_pdf"].sync_detailed(first.id, client=package.Client(base_url=served))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")

    found = typed(ops["search"].sync_detailed(client=client, body=m.SearchRequest(
        query="vetting backlog", k=3, filters=m.Filters(force="Northmoor"))), m.SearchResponse)
    assert 1 <= len(found.results) <= 3 and found.results[0].report.force == "Northmoor Police"
    assert found.filters.additional_properties == {"force": ["Northmoor"]}
    answer = typed(ops["ask"].sync_detailed(client=client, body=m.AskRequest(
        question="Which areas for improvement did Brackenshire Police get in 2018/19?")), m.AskResponse)
    assert not answer.abstained and answer.citations[0].report.force == "Brackenshire Police"
    refused = typed(ops["search"].sync_detailed(client=client, body=m.SearchRequest(query="x", k=99)), m.Error, 422)
    assert "between 1 and 50" in refused.error.message

    pages, cursor = [], types.UNSET
    while True:
        page = typed(ops["list_findings"].sync_detailed(client=client, limit=40, cursor=cursor), m.FindingsPage)
        pages.append(page)
        if page.next_ is None:
            break
        cursor = page.next_
    ids = [f.id for page in pages for f in page.findings]
    assert len(pages) > 2 and len(ids) == len(set(ids)) == pages[0].completeness.findings

    pdf_bytes = new_report(DATA / "mini-other.pdf")
    queued = typed(ops["upload_reports"].sync_detailed(client=admin, body=m.UploadReportsBody(file=[types.File(
        payload=io.BytesIO(pdf_bytes), file_name="other.pdf", mime_type="application/pdf")])), m.JobResponse, 202)
    job = _finished(ops["get_job"], admin, queued.job.id, m)
    assert job.status == m.JobStatus.DONE and job.results[0].status == m.FileResultStatus.OK
    removed = typed(ops["delete_report"].sync_detailed(job.results[0].report_id, client=admin), m.JobResponse, 202)
    assert _finished(ops["get_job"], admin, removed.job.id, m).status == m.JobStatus.DONE
    hidden = typed(ops["get_job"].sync_detailed(removed.job.id, client=client), m.Error, 404)
    assert hidden.error.code == "unknown_job"


def _finished(get_job, admin, job_id: str, m):
    for _ in range(600):
        job = typed(get_job.sync_detailed(job_id, client=admin), m.JobResponse).job
        if job.status in (m.JobStatus.DONE, m.JobStatus.FAILED):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")
