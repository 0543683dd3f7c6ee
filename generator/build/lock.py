"""One build at a time per output folder and per cache: a lock beside the output folder
(`.<name>.lock`) and one in the cache folder (`lock`), which a build, a check (the cache only) and
each of the preview's rebuilds hold from their first look to their last write.

A second build that finds it held says which process holds it and waits. The lock is the
system's (flock), so a build that is killed lets go of it at once: the file it leaves behind
never blocks the next. (Two builds into one folder at once used to undo each other's
transaction and leave part of a site.)
"""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not guarded against each other
    fcntl = None


@contextmanager
def build_locks(output: Optional[Path], cache_folder: Optional[Path]) -> Iterator[None]:
    """Hold the cache's lock and the output's (each when there is one), in that order, while the
    block runs: one build at a time per cache and per output folder."""
    with ExitStack() as held:
        if cache_folder is not None:
            held.enter_context(_lock(cache_folder / "lock", f"using the cache {cache_folder}"))
        if output is not None:
            held.enter_context(output_lock(output))
        yield


def output_lock(output: Path):
    """Hold the output's lock (waiting for another build if one holds it) while the block runs. A
    build that leaves no output (it failed before writing, in a fresh folder) leaves no lock file."""
    return _lock(output.with_name(f".{output.name}.lock"), f"writing {output}", lambda: not output.exists())


@contextmanager
def _lock(path: Path, doing: str, leave_no_trace: Callable[[], bool] = lambda: False) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    handle = _held(path, doing)
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        if leave_no_trace():
            path.unlink(missing_ok=True)  # (still held: whoever waits on it will find it gone, and retry)
        else:
            handle.seek(0)
            handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _held(path: Path, doing: str):
    """The lock file, open and locked; the one at `path` still (a holder may remove it on leaving,
    after which a lock on the old file would guard nothing)."""
    said = False
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)  # (a failed first build's cache folder goes, lock and all)
        handle = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not said:
                handle.seek(0)
                holder = handle.read().strip()
                who = f"process {holder}" if holder.isdigit() else "another build"
                print(f"waiting for {who} to finish {doing} ...", file=sys.stderr, flush=True)
                said = True
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                return handle
        except FileNotFoundError:
            pass
        handle.close()  # removed or replaced while we waited: take the one there now
