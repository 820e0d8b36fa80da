"""Background upload and delete jobs with pollable progress, recorded on disk beside the index.

Jobs run one at a time, in submission order, on a background thread. Each is a JSON record,
jobs/<id>.json under the store's state folder, replaced atomically at every change, so a job can
be polled from any process and after a restart. The process that runs a job holds an flock on
jobs/<id>.lock from submission until the job ends; the system drops the lock when that process
dies. A queue that finds an unfinished job whose lock it can take was left by a dead process: it
resumes the job (both kinds can run twice: an ingest skips what is already in, a delete of what
is gone changes nothing), or marks it failed with the reason when it cannot.
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import re
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import IO

from .ingest import ingest
from .model import FileResult
from .store import Store

KEEP_FINISHED = 200  # finished jobs kept for polling
MAX_RESUMES = 2  # a job that keeps being cut short by restarts may be what kills the server
JOB_ID = re.compile(r"[0-9a-f]{12}")


@dataclass
class Job:
    id: str
    kind: str  # ingest | delete
    files: list[str]  # what callers see: each upload's name, or the report id to delete
    status: str = "queued"  # queued | running | done | failed
    done: int = 0
    total: int = 0
    results: list[dict] = field(default_factory=list)
    error: str | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    resumed: int = 0  # times the job was taken over after the process running it died
    paths: list[str] = field(default_factory=list)  # the spooled uploads, one per name in files

    def public(self) -> dict:
        body = asdict(self)
        del body["paths"]
        body["progress"] = round(self.done / self.total, 3) if self.total else (1.0 if self.status == "done" else 0.0)
        return body


class JobQueue:
    """Runs ingest and delete jobs against one index on a background thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = store.state_dir() / "jobs"
        self._active: dict[str, Job] = {}  # this process's queued and running jobs
        self._locks: dict[str, IO] = {}
        self._queue: queue.Queue[Job] = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._take_over()

    def uploads(self) -> Path:
        """The folder uploads are spooled to until their job has ingested them."""
        folder = self.store.state_dir() / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def submit_ingest(self, files: list[Path], sources: dict[Path, str]) -> Job:
        """Queue spooled files for ingestion; they are removed once ingested (or found bad)."""
        return self._submit(Job(id=_new_id(), kind="ingest", files=[sources.get(f, f.name) for f in files],
                                total=len(files), paths=[str(f) for f in files]))

    def submit_delete(self, report_id: str) -> Job:
        return self._submit(Job(id=_new_id(), kind="delete", files=[report_id], total=1))

    def get(self, job_id: str) -> Job | None:
        """The job with that id, whichever process ran it; None for an id never given out."""
        if not JOB_ID.fullmatch(job_id):
            return None
        with self._lock:
            if job_id in self._active:
                return self._active[job_id]
        return self._read(self.folder / f"{job_id}.json")

    def _submit(self, job: Job) -> Job:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._claim(job.id)  # before the record exists, so no other process ever sees it unowned
        self._enqueue(job)
        self._forget_old()
        return job

    def _enqueue(self, job: Job) -> None:
        with self._lock:
            self._active[job.id] = job
            self._save(job)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="reportqa-jobs", daemon=True)
                self._worker.start()
        self._queue.put(job)

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                job.status, job.started = "running", time.time()
                self._save(job)
                self._run(job)
                outcome = replace(job, status="done")
            except Exception as exc:  # a failed job is reported to its poller, not lost in a thread
                outcome = replace(job, status="failed", error=f"{type(exc).__name__}: {exc}")
            outcome.finished = time.time()
            try:
                self._finish(job, outcome)
            except OSError:
                # No room to record it: the job stays in memory, and this process answers for it.
                job.status, job.error, job.finished = outcome.status, outcome.error, outcome.finished

    def _run(self, job: Job) -> None:
        if job.kind == "delete":
            ingest([], self.store, drop_ids=job.files)
            job.done = 1
            return
        sources = {Path(p): name for p, name in zip(job.paths, job.files)}

        def progress(result: FileResult) -> None:
            job.done += 1
            job.results.append({**asdict(result), "path": sources.get(Path(result.path), result.path)})
            self._save(job)
        try:
            ingest(list(sources), self.store, on_file=progress, sources=sources)
        finally:
            for path in sources:
                path.unlink(missing_ok=True)

    def _finish(self, job: Job, outcome: Job) -> None:
        """Record the outcome, let the lock go, then answer for the job from its record: a poller
        sees it running until its record is final and its lock gone, and whoever takes the lock
        next reads the outcome."""
        self._save(outcome)
        self._release(job.id)
        with self._lock:
            self._active.pop(job.id, None)
            job.status, job.error, job.finished = outcome.status, outcome.error, outcome.finished

    def _take_over(self) -> None:
        """Resume, or fail with the reason, each unfinished job whose process has died."""
        for record in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            job = self._read(record)
            if job is None or job.status not in ("queued", "running") or not self._claim(job.id, wait=False):
                continue
            job = self._read(record)  # its owner may have finished it just before letting go
            if job is None or job.status not in ("queued", "running"):
                self._release(record.stem)
                continue
            lost = [name for p, name in zip(job.paths, job.files) if not Path(p).exists()]
            job.resumed += 1
            if job.resumed > MAX_RESUMES:
                job.status, job.error = "failed", f"the server stopped during this job {job.resumed} times; not tried again"
            elif lost:
                job.status, job.error = "failed", (f"the server stopped during this job and lost the upload of "
                                                   f"{', '.join(lost)}; upload it again")
            else:
                job.status, job.done, job.results, job.started = "queued", 0, [], None
                self._enqueue(job)
                continue
            for path in job.paths:
                Path(path).unlink(missing_ok=True)
            self._finish(job, replace(job, finished=time.time()))

    def _claim(self, job_id: str, wait: bool = True) -> bool:
        """Take the job's lock; without wait, say False at once when another process holds it
        (or, on an index this process may only read, when the lock cannot be made)."""
        try:
            handle = open(self.folder / f"{job_id}.lock", "a+")
        except OSError:
            if wait:
                raise
            return False
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.close()
            return False
        with self._lock:
            self._locks[job_id] = handle
        return True

    def _release(self, job_id: str) -> None:
        with self._lock:
            held = self._locks.pop(job_id, None)
        if held is not None:
            (self.folder / f"{job_id}.lock").unlink(missing_ok=True)
            held.close()

    def _save(self, job: Job) -> None:
        """Replace the job's record in one step: a reader sees the old record or the new, never half."""
        tmp = self.folder / f".{job.id}.{uuid.uuid4().hex[:6]}.tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump(asdict(job), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.folder / f"{job.id}.json")

    @staticmethod
    def _read(record: Path) -> Job | None:
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            return Job(**{f.name: data[f.name] for f in fields(Job) if f.name in data})
        except (OSError, ValueError, TypeError):
            return None

    def _forget_old(self) -> None:
        finished = [job for job in map(self._read, self.folder.glob("*.json")) if job is not None and job.finished]
        for job in sorted(finished, key=lambda j: j.finished)[:-KEEP_FINISHED]:
            (self.folder / f"{job.id}.json").unlink(missing_ok=True)


def _new_id() -> str:
    return uuid.uuid4().hex[:12]
