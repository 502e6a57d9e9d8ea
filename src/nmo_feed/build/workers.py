"""Run a context's method over many episodes, in worker processes when that pays.

A ``Pool`` is made with the context its tasks read (the build's ``tasks.Worker``: the show,
the renderers), and worker processes are forked from the parent after it was made, so they
inherit it and each task carries only its episode. Each worker writes its episode's files
itself: sending ~250 KB per episode back to the parent would cost more than rendering in
parallel saves. Results come back in task order, so the build stays deterministic whatever
the number of workers.
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

_inherited: object = None
"""The pool's context, as a forked worker process inherits it: the one thing handed from the
parent to its workers outside the tasks (the context's renderers cannot be pickled)."""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Pool:
    """Worker processes for the methods of ``context``, started on first use and stopped on
    leaving the ``with`` block. Fewer than ``min_parallel`` tasks run in this process."""

    def __init__(self, jobs: int, context: object, *, min_parallel: int = 1) -> None:
        self.jobs = max(1, jobs)
        self.context = context
        self.min_parallel = min_parallel
        self._pool: _Pool | None = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error is None:
            self.stop()
        elif self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def stop(self) -> None:
        """Let the workers finish and end them, before the ``with`` block ends: the feeds
        and the search index are made in this process after the last ``map``, and idle
        workers would hold their memory through it (~100 MiB of a build's peak at 4,000
        episodes). A later ``map`` starts new ones."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.close()
            pool.join()

    def _serial(self, method: str, tasks: Sequence[T], progress: Progress) -> Iterator[R]:
        function: Callable[[T], R] = getattr(self.context, method)
        for task in tasks:
            yield function(task)
            progress.advance()

    def forks(self, count: int) -> bool:
        """Whether ``map`` over ``count`` tasks may fork worker processes."""
        return self.jobs > 1 and count >= self.min_parallel

    def map(self, method: str, tasks: Sequence[T], progress: Progress) -> Iterator[R]:
        """The context's ``method`` over ``tasks``, results in task order, counted on
        ``progress``."""
        if not self.forks(len(tasks)):
            yield from self._serial(method, tasks, progress)
            return
        # multiprocessing is imported only here: a rebuild of a few episodes never forks.
        import multiprocessing  # noqa: PLC0415

        if "fork" not in multiprocessing.get_all_start_methods():
            yield from self._serial(method, tasks, progress)
            return
        if self._pool is None:
            global _inherited
            _inherited = self.context  # what the workers forked next inherit
            fork = multiprocessing.get_context("fork")
            self._pool = fork.Pool(self.jobs, initializer=_ignore_interrupts)
        # Chunks big enough to keep the queue cheap, small enough to balance the workers.
        chunk = max(1, min(16, len(tasks) // (self.jobs * 8)))
        for result in self._pool.imap(partial(_call, method), tasks, chunksize=chunk):
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


def _call(method: str, task: T) -> R | _Failed:
    try:
        function: Callable[[T], R] = getattr(_inherited, method)
        return function(task)
    except NmoFeedError as error:
        return _Failed(str(error), "", True)
    except Exception as error:
        return _Failed(repr(error), traceback.format_exc(), False)
