"""A build with nothing to do, found without doing it.

A warm build reads every entry back from the cache and keys every page before it learns that no
page changed: about 2 s at 10,000 entries. This finds the same answer from file times alone. The
build that wrote an output keeps a stamp of what it read: every file under the site's root but the
output, the cache and hidden names (entries, translations, articles, pictures, templates, static
files, catalogs, timeline.toml), the tool's own files (its code, theme and catalogs), today's date
and the options; and the modification time of every folder of the output as it left it (a file
added, removed or renamed anywhere in the output changes its folder's time), with the files it
left there. When the next build finds all of them alike, it writes nothing and reports what the
last one found. When only the inputs differ, it still need not list the output to know its files.

A file changed within a second of the stamp could change again without its time moving (a file
system's clock ticks coarsely), so such a stamp's inputs are not kept: the next build works.
The preview server never uses this (its watcher names what changed), nor `check`, nor --no-cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..config import Config
from ..core.cache import CACHE_DIR, CODE_KEY, MemoryCache
from ..core.errors import Problem

TRUSTED_AFTER_NS = 1_000_000_000  # a file's time is trusted once it is this much older than the stamp
PACKAGE = Path(__file__).resolve().parent.parent  # the tool's own files: its theme, catalogs, fonts
RECORD = "unchanged"  # the cache map holding the last stamp, by output folder


@dataclass(frozen=True)
class LastBuild:
    """What a build that found nothing to do reports: what the last one did."""

    entries: int
    pages: int
    warnings: list[Problem]


class Stamp:
    """What a build read, taken before it reads anything (an edit made while it runs then differs
    from the stamp, and the next build sees it)."""

    def __init__(self, config: Config, output: Path, today: dt.date, options: Iterable[object]) -> None:
        self.output, self.taken = output, time.time_ns()
        self._kept: Optional[dict] = None  # the last build's record
        self._times: Optional[str] = None  # of the output's folders now
        skipped = {output.resolve(), (config.root / CACHE_DIR).resolve()}
        digest = hashlib.sha1(repr((CODE_KEY, repr(config), today, tuple(options))).encode())
        newest = 0
        for tree in (config.root, PACKAGE):
            for shown, stat in _files(tree, skipped):
                digest.update(f"{shown}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\x1f{stat.st_ctime_ns}\x1e".encode(
                    "utf-8", "surrogatepass"))
                newest = max(newest, stat.st_mtime_ns, stat.st_ctime_ns)
        self.inputs = digest.hexdigest()
        self.trusted = newest < self.taken - TRUSTED_AFTER_NS

    def last_build(self, cache: MemoryCache) -> Optional[LastBuild]:
        """What the last build into this output reported, if it read the same inputs and left the
        output's folders as they are now; else None (the build works)."""
        record = self._record(cache)
        return record["done"] if record.get("inputs") == self.inputs and self._output_as_left(record) else None

    def files_left(self, cache: MemoryCache) -> Optional[set[str]]:
        """The files the last build left in the output, if its folders are as it left them (so no
        build needs to list 20,000 files to learn that nothing was removed)."""
        record = self._record(cache)
        return set(record["files"]) if self._output_as_left(record) else None

    def keep(self, cache: MemoryCache, files: Iterable[str], done: LastBuild) -> None:
        """Record the stamp after a build that wrote the output and left `files` in it (without its
        inputs when they cannot be trusted: the next build then works, but need not list the output)."""
        folders = sorted({""} | _folders(files))
        cache.put_map(_record_name(self.output), {
            "inputs": self.inputs if self.trusted else None, "folders": folders,
            "times": _folder_times(self.output, folders), "files": sorted(files), "done": done})

    def _record(self, cache: MemoryCache) -> dict:
        if self._kept is None:
            self._kept = cache.get_map(_record_name(self.output))
        return self._kept

    def _output_as_left(self, record: dict) -> bool:
        if "times" not in record:
            return False
        if self._times is None:
            self._times = _folder_times(self.output, record["folders"])
        return self._times == record["times"]


def _record_name(output: Path) -> str:
    return f"{RECORD}:{output}"


def _files(tree: Path, skipped: set[Path]) -> Iterable[tuple[str, os.stat_result]]:
    """(path within `tree`, stat) of every file under it, following links (an input's target is an
    input), but none in `skipped` folders, hidden names or byte-code caches."""
    seen: set[tuple[int, int]] = set()
    folders = [(str(tree), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            items = list(os.scandir(folder))
        except OSError:
            continue
        for item in items:
            if item.name.startswith(".") or item.name == "__pycache__":
                continue
            try:
                stat = item.stat()
            except OSError:  # a link to nothing: the build reports it, and the stamp still names it
                yield f"{prefix}{item.name}", os.stat_result((0,) * 10)
                continue
            if item.is_dir():
                if (stat.st_dev, stat.st_ino) not in seen and Path(item.path).resolve() not in skipped:
                    seen.add((stat.st_dev, stat.st_ino))
                    folders.append((item.path, f"{prefix}{item.name}/"))
            else:
                yield f"{prefix}{item.name}", stat


def _folders(files: Iterable[str]) -> set[str]:
    """Every folder that holds the files, however far up (a folder holding only folders too)."""
    parents = set()
    for path in files:
        folder = path.rpartition("/")[0]
        while folder and folder not in parents:
            parents.add(folder)
            folder = folder.rpartition("/")[0]
    return parents


def _folder_times(output: Path, folders: list[str]) -> Optional[str]:
    """A digest of the folders' modification times; None if one is gone."""
    digest = hashlib.sha1()
    base = str(output)
    try:
        for folder in folders:
            digest.update(b"%d\x1f" % os.stat(f"{base}/{folder}" if folder else base).st_mtime_ns)
    except OSError:
        return None
    return digest.hexdigest()


class _NoStamp(Stamp):
    """A build that is not known by a stamp: it always works, and keeps none."""

    def __init__(self) -> None:
        pass

    def last_build(self, cache: MemoryCache) -> None:
        return None

    def files_left(self, cache: MemoryCache) -> None:
        return None

    def keep(self, cache: MemoryCache, files: Iterable[str], done: LastBuild) -> None:
        pass


NO_STAMP = _NoStamp()
