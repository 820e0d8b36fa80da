"""Background ingestion jobs with pollable progress; one runs at a time, in submission order."""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .ingest import ingest
from .model import FileResult
from .store import Store

KEEP_FINISHED = 200  # finished jobs remembered for polling


@dataclass
class Job:
    id: str
    kind: str  # ingest | delete
    files: list[str]
    status: str = "queued"  # queued | running | done | failed
    done: int = 0
    total: int = 0
    results: list[dict] = field(default_factory=list)
    error: str | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None

    def public(self) -> dict:
        body = asdict(self)
        body["progress"] = round(self.done / self.total, 3) if self.total else (1.0 if self.status == "done" else 0.0)
        return body


class JobQueue:
    """Runs ingest and delete jobs against one index folder on a background thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, Callable[[Job], None]]] = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def submit_ingest(self, files: list[Path], sources: dict[Path, str]) -> Job:
        """Queue files for ingestion; they are removed once ingested (or found bad)."""
        job = Job(id=uuid.uuid4().hex[:12], kind="ingest", files=[sources.get(f, f.name) for f in files],
                  total=len(files))

        def run(job: Job) -> None:
            def progress(result: FileResult) -> None:
                job.done += 1
                job.results.append({**asdict(result), "path": sources.get(Path(result.path), result.path)})
            try:
                ingest(files, self.store, on_file=progress, sources=sources)
            finally:
                for f in files:
                    f.unlink(missing_ok=True)
        return self._submit(job, run)

    def submit_delete(self, report_id: str) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], kind="delete", files=[report_id], total=1)

        def run(job: Job) -> None:
            ingest([], self.store, drop_ids=[report_id])
            job.done = 1
        return self._submit(job, run)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _submit(self, job: Job, run: Callable[[Job], None]) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.finished]
            for old in sorted(finished, key=lambda j: j.finished)[:-KEEP_FINISHED]:
                del self._jobs[old.id]
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="reportqa-jobs", daemon=True)
                self._worker.start()
        self._queue.put((job, run))
        return job

    def _work(self) -> None:
        while True:
            job, run = self._queue.get()
            job.status, job.started = "running", time.time()
            try:
                run(job)
                job.status = "done"
            except Exception as exc:  # a failed job is reported to its poller, not lost in a thread
                job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
            job.finished = time.time()
