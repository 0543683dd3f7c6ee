"""One build at a time per output folder: a lock beside the folder (`.<name>.lock`) that a build
(or each of the preview's rebuilds) holds from its first look at the output to its last write.

A second build that finds it held says which process holds it and waits. The lock is the
system's (flock), so a build that is killed lets go of it at once: the file it leaves behind
never blocks the next. (Two builds into one folder at once used to undo each other's
transaction and leave part of a site.)
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not guarded against each other
    fcntl = None


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the output's lock (waiting for another build if one holds it) while the block runs."""
    if fcntl is None:
        yield
        return
    path = output.with_name(f".{output.name}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            who = f"process {holder}" if holder.isdigit() else "another build"
            print(f"waiting for {who} to finish writing {output} ...", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
