"""Parse untrusted PDFs in a child process with memory, CPU and wall-clock limits.

A crafted PDF can make a parser loop (self-referencing objects), recurse deeply, or inflate a
small stream into gigabytes. The child process is capped and killed when it overruns, and the
file is reported as failed with the reason; the ingest carries on with the next file.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, ParamSpec, TypeVar

from .errors import BadPdf

PARSE_SECONDS = 120
PARSE_MEMORY_MB = 2048
PR_SET_PDEATHSIG = 1
P = ParamSpec("P")
T = TypeVar("T")


def _limit(memory_mb: int, cpu_seconds: int, parent: int) -> None:
    if sys.platform == "linux":
        # A SIGKILLed ingest cannot shut its pool down; without this the parser would outlive it.
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the line above took effect
            os._exit(1)
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


class ParseSandbox(Generic[P, T]):
    """A reusable parser process that runs fn; call it as fn. Use as a context manager.

    fn must be a module-level function: the child process imports it by name.
    """

    def __init__(self, fn: Callable[P, T], seconds: int = PARSE_SECONDS, memory_mb: int = PARSE_MEMORY_MB) -> None:
        self.fn = fn
        self.seconds = seconds
        self.memory_mb = memory_mb
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParseSandbox[P, T]:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: the child starts clean (no torch, no threads inherited from the parent).
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_limit,
                                             initargs=(self.memory_mb, self.seconds * 2, os.getpid()))
        return self._pool

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        future = self._executor().submit(self.fn, *args, **kwargs)
        try:
            return future.result(timeout=self.seconds)
        except TimeoutError:
            self._kill()
            raise BadPdf(f"parsing took longer than {self.seconds} s and was stopped") from None
        except (BrokenProcessPool, MemoryError):
            self._kill()
            raise BadPdf(f"parsing needed more than {self.memory_mb} MB of memory (or crashed) and was stopped") from None

    def _kill(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
