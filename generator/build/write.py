"""Write: the one place that touches the output folder.

A build writes the output as one transaction: only files whose bytes change are replaced (each
with an atomic rename), the file it replaces is kept aside first, and pages that no longer exist
are moved aside too. On success the kept files are dropped; on any failure (an exception, or a
build killed midway and found by the next one) they are put back, so the previous site is
restored byte for byte. Unchanged files are never rewritten, which keeps rebuilds of large sites
fast and leaves their modification times alone.

The output folder must be ours: we refuse dangerous places (/, home, the project, the sources,
the cache) and only ever write into a folder that is empty or carries our marker file.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Iterator, Optional, Sequence

import rcssmin
import rjsmin

from ..config import Config
from ..core.errors import ContentError, OutputError, Problem

MARKER = ".timeline-generator"
MARKER_TEXT = b"This folder is written by timeline-generator; `timeline build` replaces what it holds.\n"


def check_output_dir(config: Config, cache_dir: Path | None = None) -> Path:
    """The resolved output folder, or OutputError if writing there could harm anything."""
    output = config.output_dir.resolve()
    root = config.root.resolve()
    if output == Path(output.anchor) or output == Path.home().resolve():
        raise OutputError(f"output folder {output} is the file system root or your home folder; refused")
    if output == root or root.is_relative_to(output):
        raise OutputError(f"output folder {output} would contain the project; refused")
    protected = [config.content_dir, config.templates_dir, config.static_dir, config.seeds_dir]
    for source in protected + ([cache_dir] if cache_dir else []):
        source = source.resolve()
        if output.is_relative_to(source) or source.is_relative_to(output):
            raise OutputError(f"output folder {output} overlaps {source}; refused")
    if output.exists() and not output.is_dir():
        raise OutputError(f"output {output} exists and is not a folder; refused")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise OutputError(f"output folder {output} is not empty and was not written by timeline-generator; "
                          f"refused (empty it, or choose another with --output)")
    return output


class OutputTransaction:
    """Changes to the output folder that all happen, or none do. Use as a context manager."""

    def __init__(self, output: Path, inventory: Optional[set[str]] = None):
        """`inventory`: the files the output holds, if the caller has just listed them."""
        self.output = output
        self.inventory = inventory
        self.aside = output.with_name(f".{output.name}.transaction")
        self.kept: set[str] = set()
        self.changed = 0
        self._journal, self._journal_pid = None, 0
        # Worker processes forked while the transaction is open take turns at the disk: two
        # processes creating files in one folder at once contend in the kernel and each goes slower.
        self._disk = multiprocessing.get_context("fork").Lock() if hasattr(os, "fork") else None

    def __enter__(self) -> "OutputTransaction":
        if recover(self.output):
            self.inventory = None
        self.output.mkdir(parents=True, exist_ok=True)
        self.existing = self.inventory if self.inventory is not None else files_in(self.output)
        self.folders: set[str] = set()
        self.aside.mkdir()
        self.write(MARKER, MARKER_TEXT)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if self._journal:
            self._journal.close()
        if error is not None:
            recover(self.output)
        else:
            shutil.rmtree(self.aside)

    def target(self, relative: str) -> Path:
        """Where `relative` goes; refused unless it stays inside the output folder.

        The output holds no links (checked when the transaction starts) and we create every new
        folder ourselves, so a relative path without '..' cannot resolve outside it.
        """
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
            raise OutputError(f"refusing to write {relative!r}: it resolves outside the output folder")
        return self.output / relative

    def keep(self, relative: str) -> None:
        """Leave a file as it is (known to be current)."""
        self.kept.add(relative)

    def write(self, relative: str, data: Data) -> bool:
        """Put `data` at `relative`; False (and nothing written) if the file already holds it."""
        changed = self.put(relative, data)
        self.note(relative, changed)
        return changed

    def note(self, relative: str, changed: bool) -> None:
        """Count a file written by put(), perhaps in a worker process."""
        self.kept.add(relative)
        self.changed += changed

    def put(self, relative: str, data: Data) -> bool:
        """write() without the bookkeeping, so that worker processes can share the writing."""
        target = self.target(relative)
        existed = relative in self.existing
        if existed and target.stat().st_size == _size(data) and _holds(target.read_bytes(), data):
            return False  # (reading needs no turn at the disk: only creating and replacing contend)
        if self._disk is None:
            return self._replace(relative, target, existed, data)
        with self._disk:
            return self._replace(relative, target, existed, data)

    def _replace(self, relative: str, target: Path, existed: bool, data: Data) -> bool:
        self._log("replaced" if existed else "created", relative)  # the journal always goes first
        folder = relative.rpartition("/")[0]
        if folder and folder not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        if not existed:  # nothing to protect: a kill mid-write leaves a file the journal says to remove
            _write_file(target, data)
            return True
        temporary = target.with_name(f".{target.name}.tmp")
        _write_file(temporary, data)
        self._set_aside(relative, target, os.link)
        os.replace(temporary, target)
        return True

    def remove_others(self) -> list[str]:
        """Move aside every file this build did not write or keep; return their paths."""
        stale = sorted(self.existing - self.kept)
        for relative in stale:
            self._log("removed", relative)
            self._set_aside(relative, self.output / relative, os.replace)
        _remove_empty_folders(self.output, {(self.output / r).parent for r in stale})
        return stale

    def _set_aside(self, relative: str, target: Path, how) -> None:
        kept = self.aside / "files" / relative
        kept.parent.mkdir(parents=True, exist_ok=True)
        how(target, kept)

    def _log(self, action: str, relative: str) -> None:
        if self._journal_pid != os.getpid():  # each process keeps a journal of its own
            self._journal_pid = os.getpid()
            self._journal = open(self.aside / f"journal.{self._journal_pid}", "a", encoding="utf-8")
        self._journal.write(f"{action}\t{relative}\n")
        self._journal.flush()


def _write_file(path: Path, data: Data) -> None:
    """open, write, close and nothing else (Path.write_bytes also asks fstat and isatty): the
    writer's system calls are most of a cold build's system time."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        for block in _blocks(data):
            view = memoryview(block)
            while view:
                view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


# A file is bytes, or (a big export) its pieces in order: written as they are, never joined
# into one copy of tens of megabytes.
Data = bytes | Sequence[bytes | memoryview]
_BLOCK = 1 << 20


def _size(data: Data) -> int:
    return len(data) if isinstance(data, bytes) else sum(map(len, data))


def _holds(old: bytes, data: Data) -> bool:
    if isinstance(data, bytes):
        return old == data
    view, at = memoryview(old), 0
    for part in data:
        if view[at:at + len(part)] != part:
            return False
        at += len(part)
    return at == len(old)


def _blocks(data: Data) -> Iterator[bytes | memoryview]:
    """The data in writes of about a megabyte: one system call per piece would be thousands."""
    if isinstance(data, bytes):
        yield data
        return
    batch, size = [], 0
    for part in data:
        batch.append(part)
        size += len(part)
        if size >= _BLOCK:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def recover(output: Path) -> bool:
    """Undo an unfinished transaction on `output`, if there is one; True if there was."""
    aside = output.with_name(f".{output.name}.transaction")
    if not aside.is_dir():
        return False
    entries = []
    for journal in sorted(aside.glob("journal.*")):  # one per process; each path is in one of them
        entries += reversed(journal.read_text(encoding="utf-8").splitlines())
    for line in entries:
        action, _, relative = line.partition("\t")
        target, kept = output / relative, aside / "files" / relative
        if action in ("replaced", "removed") and kept.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(kept, target)
        elif action == "created" and target.is_file():
            target.unlink()
    touched = {(output / line.partition("\t")[2]).parent for line in entries}
    for folder in touched:
        for temporary in folder.glob(".*.tmp") if folder.is_dir() else []:
            temporary.unlink()
    _remove_empty_folders(output, touched)
    shutil.rmtree(aside)
    return True


def files_in(output: Path) -> set[str]:
    """Every file under output, as relative paths; a link anywhere in it is refused."""
    files = set()
    folders = [(str(output), "")]
    while folders:
        folder, prefix = folders.pop()
        for item in os.scandir(folder):
            if item.is_symlink():
                raise OutputError(f"the output folder holds a link, {item.path}; refused "
                                  "(links could lead writes outside it)")
            if item.is_dir():
                folders.append((item.path, f"{prefix}{item.name}/"))
            else:
                files.add(prefix + item.name)
    return files


def read_previous(output: Path, relative: str) -> Optional[bytes]:
    """A file as an earlier build left it in the output folder, if it is there (read only)."""
    try:
        return (output / relative).read_bytes() if (output / MARKER).is_file() else None
    except OSError:
        return None


def copy_static(transaction: OutputTransaction, layers: tuple[Path, ...], theme: Path) -> None:
    """Copy the static files into the output: the built-in theme's (the last layer, `theme`),
    replaced and added to by the site's. Regular files only; links are not followed out of their
    folder. Only the theme's own stylesheets and scripts are minified: a site's files (a vendor
    bundle, an override, a file in any encoding) are published byte for byte."""
    files: dict[str, tuple[Path, bool]] = {}
    for source in reversed(layers):
        inside = source.resolve()
        ours = inside == theme.resolve()
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            if path.is_file() and not path.name.startswith(".") and path.resolve().is_relative_to(inside):
                files[path.relative_to(source).as_posix()] = (path, ours)
    clashes = sorted(parent for relative in files for parent in map(str, PurePosixPath(relative).parents)
                     if parent in files)
    if clashes:  # a site's folder named like a file of the theme (or the reverse): one path cannot be both
        raise ContentError([Problem(f"static/{name}", 1, "", "is both a file and a folder of static files "
                                    "(the theme's and the site's)", "rename the site's folder or file")
                            for name in dict.fromkeys(clashes)])
    for relative, (path, ours) in sorted(files.items()):
        data = path.read_bytes()
        transaction.write(f"static/{relative}", minified(relative, data) if ours else data)


def minified(name: str, data: bytes) -> bytes:
    """One of the theme's stylesheets or scripts without its comments and spare white space
    (rcssmin and rjsmin: small, exact minifiers that never rename or reorder); other files as they
    are. The theme is read with its comments; readers download it without them."""
    if name.endswith(".css"):
        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8") + b"\n"
    if name.endswith(".js"):
        return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8") + b"\n"
    return data


def _remove_empty_folders(root: Path, folders: set[Path]) -> None:
    """Remove these folders, and then their parents, while they are empty (never root itself)."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != root and folder.is_relative_to(root) and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
