"""Run a function over many episodes, in worker processes when that pays.

Workers are forked after ``episodes.start`` set the site, so each task carries only its
episode, and each worker writes its episode's files itself: sending ~250 KB per episode back
to the parent would cost more than rendering in parallel saves. Results come back in task
order, so the build stays deterministic whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import Pool as _Pool
from types import TracebackType
from typing import TypeVar

from .progress import Progress

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 24
"""Fewer tasks than this run in the parent: forking would cost more than it saves."""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Pool:
    """Worker processes, started on first use and stopped on leaving the ``with`` block."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: _Pool | None = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            if error is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()

    def map(
        self, function: Callable[[T], R], tasks: Sequence[T], progress: Progress
    ) -> Iterator[R]:
        """``function`` over ``tasks``, results in task order, counted on ``progress``."""
        if self.jobs == 1 or len(tasks) < MIN_PARALLEL or not _can_fork():
            for task in tasks:
                yield function(task)
                progress.advance()
            return
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
        # Chunks big enough to keep the queue cheap, small enough to balance the workers.
        chunk = max(1, min(16, len(tasks) // (self.jobs * 8)))
        for result in self._pool.imap(function, tasks, chunksize=chunk):
            yield result
            progress.advance()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
