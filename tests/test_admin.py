"""Upload and delete: admin token required, size and content checked, ingestion in the
background with progress, and queries answered throughout."""

import io
import time

import pytest

from service.app import create_app

from .conftest import DATA, assert_api_error

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def admin_client(writable_index):
    app = create_app({"INDEX": writable_index, "ADMIN_TOKEN": TOKEN, "MAX_UPLOAD_MB": 1})
    return app.test_client()


def _upload(client, name, data, headers=AUTH):
    return client.post("/api/reports", headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name)})


def _wait(client, job_id):
    for _ in range(600):
        job = client.get(f"/api/jobs/{job_id}", headers=AUTH).get_json()["job"]
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def test_admin_disabled_without_a_configured_token(client):
    assert_api_error(_upload(client, "a.pdf", b"%PDF-1.4", headers={}), 403, "admin_disabled")
    assert_api_error(client.delete(f"/api/reports/{'a' * 16}"), 403, "admin_disabled")
    # A job is an id like any other: without the token there is none to see.
    assert_api_error(client.get("/api/jobs/whatever"), 404, "unknown_job")


def test_admin_wrong_or_missing_token_is_401(admin_client):
    assert_api_error(_upload(admin_client, "a.pdf", b"%PDF-1.4", headers={}), 401, "unauthorized")
    assert_api_error(_upload(admin_client, "a.pdf", b"%PDF-1.4", headers={"Authorization": "Bearer nope"}), 401)


def test_admin_upload_checks_bytes_and_size(admin_client):
    png_named_pdf = (DATA / "not-a-pdf.pdf").read_bytes()
    assert_api_error(_upload(admin_client, "report.pdf", png_named_pdf), 415, "not_a_pdf")
    assert_api_error(_upload(admin_client, "report.pdf", b""), 415, "not_a_pdf")
    # A raw multipart body: the test client would spool a large form to a file it never closes.
    body = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n%PDF-1.4\n"
            + b"0" * (2 << 20) + b"\r\n--b--\r\n")
    big = admin_client.post("/api/reports", headers=AUTH, data=body, content_type="multipart/form-data; boundary=b")
    assert_api_error(big, 413, "payload_too_large")
    assert_api_error(admin_client.post("/api/reports", headers=AUTH, data={}), 422)


def test_admin_upload_ingests_in_background_and_delete_removes(admin_client):
    before = {r["id"] for r in admin_client.get("/api/reports").get_json()["reports"]}
    pdf = (DATA / "xss.pdf").read_bytes()  # a report the index does not hold yet
    response = _upload(admin_client, "testshire.pdf", pdf)
    assert response.status_code == 202, response.get_json()
    job = response.get_json()["job"]
    assert job["status"] in ("queued", "running") and job["total"] == 1
    answered = 0
    while admin_client.get(f"/api/jobs/{job['id']}", headers=AUTH).get_json()["job"]["status"] in ("queued", "running"):
        # Queries keep being answered while the job ingests.
        assert admin_client.post("/api/search", json={"query": "vetting"}).status_code == 200
        answered += 1
    job = _wait(admin_client, job["id"])
    assert job["status"] == "done" and job["progress"] == 1.0 and job["results"][0]["status"] == "ok"
    assert job["results"][0]["path"] == "upload:testshire.pdf"
    time.sleep(1.1)  # the engine looks for a new generation at most once a second
    after = {r["id"] for r in admin_client.get("/api/reports").get_json()["reports"]}
    (new,) = after - before
    with admin_client.get(f"/reports/{new}/pdf") as pdf:
        assert pdf.status_code == 200
    deleted = admin_client.delete(f"/api/reports/{new}", headers=AUTH)
    assert deleted.status_code == 202
    assert _wait(admin_client, deleted.get_json()["job"]["id"])["status"] == "done"
    time.sleep(1.1)
    assert {r["id"] for r in admin_client.get("/api/reports").get_json()["reports"]} == before
    assert_api_error(admin_client.delete(f"/api/reports/{new}", headers=AUTH), 404, "unknown_report")
    assert_api_error(admin_client.get("/api/jobs/nope", headers=AUTH), 404, "unknown_job")
    # Without the token a real job answers as an unknown one does: ids leak nothing.
    for headers in ({}, {"Authorization": "Bearer nope"}):
        hidden = assert_api_error(admin_client.get(f"/api/jobs/{job['id']}", headers=headers), 404, "unknown_job")
        unknown = assert_api_error(admin_client.get(f"/api/jobs/{'0' * 12}", headers=headers), 404, "unknown_job")
        assert hidden["error"]["message"].replace(job["id"], "0" * 12) == unknown["error"]["message"]
