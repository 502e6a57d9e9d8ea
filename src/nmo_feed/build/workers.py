"""Run a function over many episodes, in worker processes when that pays.

Workers are forked after ``episodes.start`` set the site, so each task carries only its
episode, and each worker writes its episode's files itself: sending ~250 KB per episode back
to the parent would cost more than rendering in parallel saves. Results come back in task
order, so the build stays deterministic whatever the number of workers.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn, TypeVar

from ..errors import NmoFeedError
from .progress import Progress

if TYPE_CHECKING:
    from multiprocessing.pool import Pool as _Pool

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

    @staticmethod
    def _serial(function: Callable[[T], R], tasks: Sequence[T], progress: Progress) -> Iterator[R]:
        for task in tasks:
            yield function(task)
            progress.advance()

    def map(
        self, function: Callable[[T], R], tasks: Sequence[T], progress: Progress
    ) -> Iterator[R]:
        """``function`` over ``tasks``, results in task order, counted on ``progress``."""
        if self.jobs == 1 or len(tasks) < MIN_PARALLEL:
            yield from self._serial(function, tasks, progress)
            return
        # multiprocessing is imported only here: a rebuild of a few episodes never forks.
        import multiprocessing  # noqa: PLC0415

        if "fork" not in multiprocessing.get_all_start_methods():
            yield from self._serial(function, tasks, progress)
            return
        if self._pool is None:
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(self.jobs, initializer=_ignore_interrupts)
        # Chunks big enough to keep the queue cheap, small enough to balance the workers.
        chunk = max(1, min(16, len(tasks) // (self.jobs * 8)))
        for result in self._pool.imap(partial(_call, function), tasks, chunksize=chunk):
            if isinstance(result, _Failed):
                result.raise_again()
            yield result
            progress.advance()


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool. A worker that died of it would be
    # replaced by the pool and its tasks never answered, leaving the parent waiting.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass(frozen=True, slots=True)
class _Failed:
    """An exception raised in a worker, as plain text: not every exception can be pickled
    back to the parent, and one that cannot would leave the parent waiting forever."""

    message: str
    details: str
    expected: bool
    """An ``NmoFeedError`` (a problem to report, such as a template error), not a bug."""

    def raise_again(self) -> NoReturn:
        if self.expected:
            raise NmoFeedError(self.message)
        raise RuntimeError(f"{self.message} in a worker process:\n{self.details}")


def _call(function: Callable[[T], R], task: T) -> R | _Failed:
    try:
        return function(task)
    except NmoFeedError as error:
        return _Failed(str(error), "", True)
    except Exception as error:
        return _Failed(repr(error), traceback.format_exc(), False)
