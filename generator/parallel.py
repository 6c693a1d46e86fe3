"""Jobs shared between this process and forked helpers: each process takes the next job nobody has taken.

Pages differ a lot in cost (a scorecard of a unit with a long history, an indicator page with a chart of
every unit), so the jobs are not split in advance: the helpers start taking them at once, this process
joins in when it is free (:meth:`Shared.finish`), and the results come back in the jobs' order. Helpers
are forked, so a job is any callable: it and the data it reads are inherited, not sent.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable

from .collector import collector_paused
from .outdir import die_with_parent

_given: tuple | None = None  # in a helper: the jobs and their counter, as the pool's initializer gave them


PARALLEL_FROM = 200  # fewer jobs than this are not worth starting a process for


def helpers_for(jobs: int, wanted: int | None = None) -> int:
    """How many helpers to fork for ``jobs`` jobs: one when there are two cores and enough jobs (or as
    asked with ``wanted``, or the ``DTI_WORKERS`` environment variable: the number of processes), none
    otherwise. Never more than one: each helper holds its own copy of what it touches."""
    if wanted is None and os.environ.get("DTI_WORKERS", "").isdigit():
        wanted = int(os.environ["DTI_WORKERS"])
    if wanted is not None:
        return min(2, max(1, wanted)) - 1
    if jobs < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(2, usable_cores()) - 1


def usable_cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _take(jobs: list[Callable], counter) -> list[tuple[int, object]]:
    done = []
    with collector_paused():
        while True:
            with counter.get_lock():
                i = counter.value
                counter.value += 1
            if i >= len(jobs):
                return done
            done.append((i, jobs[i]()))


def _start_helper(jobs: list[Callable], counter) -> None:
    """A helper's start: it dies with its parent and keeps the jobs and counter it was given (inherited
    through the fork, never sent: a job may be any callable)."""
    global _given
    die_with_parent()
    _given = (jobs, counter)


def _helper() -> list[tuple[int, object]]:
    jobs, counter = _given
    return _take(jobs, counter)


class Shared:
    """``jobs`` run by ``helpers`` forked processes from now on, and by this one from :meth:`finish`."""

    def __init__(self, jobs: list[Callable], helpers: int):
        self.jobs = jobs
        self.pool = None
        self.pending = []
        context = multiprocessing.get_context("fork") if helpers > 0 and "fork" in multiprocessing.get_all_start_methods() else None
        self.counter = (context or multiprocessing).Value("q", 0)
        if context is None or not jobs:
            return
        self.pool = context.Pool(helpers, initializer=_start_helper, initargs=(jobs, self.counter))
        self.pending = [self.pool.apply_async(_helper) for _ in range(helpers)]

    def finish(self) -> list:
        """Take jobs until none is left, wait for the helpers, and return every job's result in order.
        A job that failed in a helper raises its error here."""
        results = [None] * len(self.jobs)
        try:
            for i, result in _take(self.jobs, self.counter):
                results[i] = result
            for pending in self.pending:
                for i, result in pending.get():
                    results[i] = result
        finally:
            self.close()
        return results

    def close(self) -> None:
        """Stop the helpers (after :meth:`finish`, or when the build fails before it)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
