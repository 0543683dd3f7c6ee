"""Spreading per-item work over the cores: a forked pool whose workers inherit the parent's state.

The job can be any callable (a closure over the timeline, the renderer...): it is not pickled,
because forked workers already have it; only the items and the results cross between processes.
Small batches, single-core machines and systems without fork run the job in this process.
Results come back in the order of the items, so output never depends on scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 300  # items; below this a pool costs more than it saves
_job: Callable | None = None


def workers() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def _run_chunk(chunk: list) -> list:
    return [_job(item) for item in chunk]


def fork_map(job: Callable[[Item], Result], items: Sequence[Item], minimum: int = PARALLEL_FROM,
             ) -> Iterator[Result]:
    """job(item) for each item, in order; on every core when there are enough items."""
    global _job
    count = workers()
    if len(items) < minimum or count < 2:
        yield from map(job, items)
        return
    size = max(20, len(items) // (count * 16))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    _job = job
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            for results in pool.map(_run_chunk, chunks):
                yield from results
    finally:
        _job = None
