"""Background jobs live on disk beside the index: any process can poll them, and a job whose server
died is taken over by the next one, resumed when its files are still there, else failed with the reason."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import asdict
from pathlib import Path

import pytest

from index.engine import JobQueue, jobs_for
from index.model import FileResult

from .conftest import DATA, ROOT, new_report

TOKEN = "restart-token"


def _wait(queue: JobQueue, job_id: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = queue.get(job_id)
        if job is not None and job.status in ("done", "failed"):
            return job.public()
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {queue.get(job_id)}")


def _spool(index: Path, source: Path, mark: str) -> Path:
    """A new upload waiting in the index's uploads folder: a report the index does not hold, its
    bytes made unique by a comment."""
    target = index / "uploads" / f"{uuid.uuid4().hex}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(new_report(source) + f"\n%{mark}\n".encode())
    return target


def _left_behind(index: Path, **fields) -> str:
    """Write the record of a job as a server that died mid-job leaves it: unfinished, its lock free."""
    job_id = uuid.uuid4().hex[:12]
    record = {"id": job_id, "kind": "ingest", "files": [], "status": "running", "done": 0, "total": 1,
              "results": [], "error": None, "created": time.time(), "started": time.time(), "finished": None,
              "resumed": 0, "paths": [], **fields}
    (index / "jobs").mkdir(parents=True, exist_ok=True)
    (index / "jobs" / f"{job_id}.json").write_text(json.dumps(record))
    return job_id


def _result(path: str) -> dict:
    return asdict(FileResult(path, "ok", report_id="0" * 16, chunks=3))


def test_jobs_are_read_back_by_another_queue(copy_index):
    first = jobs_for(copy_index)
    upload = _spool(copy_index, DATA / "mini-other.pdf", "read back")
    job = first.submit_ingest([upload], {upload: "upload:other.pdf"})
    assert (copy_index / "jobs" / f"{job.id}.json").is_file()
    done = _wait(first, job.id)
    assert done["status"] == "done" and done["results"][0]["status"] == "ok", done
    assert not upload.exists()
    assert jobs_for(copy_index).get(job.id).public() == done
    assert not list((copy_index / "jobs").glob("*.lock"))
    for bad in ("nope", "../CURRENT", "0" * 12, job.id.upper()):
        assert first.get(bad) is None


def test_jobs_left_running_are_resumed(copy_index):
    upload = _spool(copy_index, DATA / "mini-bookmarks.pdf", "resumed")
    stale = [_result("upload:stale.pdf")]  # a result whose generation was never published
    job_id = _left_behind(copy_index, files=["upload:mini.pdf"], paths=[str(upload)], done=1, results=stale)
    job = _wait(jobs_for(copy_index), job_id)
    assert job["status"] == "done" and job["resumed"] == 1 and job["done"] == 1, job
    assert [(r["path"], r["status"]) for r in job["results"]] == [("upload:mini.pdf", "ok")]
    assert not upload.exists()


def test_jobs_whose_uploads_are_gone_fail_with_the_reason(copy_index):
    job_id = _left_behind(copy_index, files=["upload:lost.pdf"], paths=[str(copy_index / "uploads" / "gone.pdf")])
    job = jobs_for(copy_index).get(job_id).public()
    assert job["status"] == "failed" and job["finished"] and job["resumed"] == 1, job
    assert "lost the upload of upload:lost.pdf" in job["error"] and "upload it again" in job["error"]


def test_jobs_cut_short_too_often_are_not_tried_again(copy_index):
    upload = _spool(copy_index, DATA / "mini-bookmarks.pdf", "poison")
    job_id = _left_behind(copy_index, files=["upload:poison.pdf"], paths=[str(upload)], resumed=2)
    job = jobs_for(copy_index).get(job_id).public()
    assert job["status"] == "failed" and "3 times" in job["error"], job
    assert not upload.exists()


def test_jobs_of_a_live_process_are_left_to_it(copy_index):
    job_id = _left_behind(copy_index, kind="delete", files=["f" * 16])
    with open(copy_index / "jobs" / f"{job_id}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as the process running it holds it
        assert jobs_for(copy_index).get(job_id).status == "running"
    resumed = _wait(jobs_for(copy_index), job_id)  # once that process is gone, the next queue takes it
    assert resumed["status"] == "done" and resumed["resumed"] == 1


# --- a real server, killed during a job ---------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(index: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "REPORTQA_ADMIN_TOKEN": TOKEN}
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "tests.cli", "serve", "--index", str(index), "--port", str(port)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            _call(port, "/api/health")
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"the server did not start: {log.read_text()[-3000:]}")


def _call(port: int, path: str, data: bytes | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                     headers={"Authorization": f"Bearer {TOKEN}", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _multipart(files: dict[str, bytes]) -> tuple[bytes, dict]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
             f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n" for name, data in files.items()]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_a_job_survives_its_server_being_killed(copy_index, tmp_path):
    log = tmp_path / "serve.log"
    port = _free_port()
    server = _serve(copy_index, port, log)
    try:
        before = {r["id"] for r in _call(port, "/api/reports")["reports"]}
        body, headers = _multipart({name: new_report(DATA / name) + b"\n%restart\n"
                                    for name in ("mini-bookmarks.pdf", "mini-other.pdf")})
        job = _call(port, "/api/reports", body, headers)["job"]
        deadline = time.monotonic() + 60
        while _call(port, f"/api/jobs/{job['id']}")["job"]["status"] == "queued" and time.monotonic() < deadline:
            time.sleep(0.02)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        record = json.loads((copy_index / "jobs" / f"{job['id']}.json").read_text())
        assert record["status"] in ("queued", "running"), "the job ended before the kill; nothing was interrupted"

        server = _serve(copy_index, port, log)
        deadline = time.monotonic() + 120
        while (found := _call(port, f"/api/jobs/{job['id']}")["job"])["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, found
            time.sleep(0.1)
        assert found["status"] == "done" and found["resumed"] == 1, found
        assert sorted((r["path"], r["status"]) for r in found["results"]) == [
            ("upload:mini-bookmarks.pdf", "ok"), ("upload:mini-other.pdf", "ok")]
        time.sleep(1.1)  # the engine looks for a new generation at most once a second
        after = {r["id"] for r in _call(port, "/api/reports")["reports"]}
        assert after - before == {r["report_id"] for r in found["results"]}
        with pytest.raises(urllib.error.HTTPError) as unknown:
            _call(port, f"/api/jobs/{job['id']}", headers={"Authorization": ""})
        assert unknown.value.code == 404
        unknown.value.close()
    finally:
        server.kill()
        server.wait(timeout=30)
