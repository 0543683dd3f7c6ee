"""Finding the entry files under content/: all of them, or (for the preview server) the last
listing updated with the files a watcher reports as changed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from ..core.errors import Problems
from ..core.records import quick_pickle

RACY_NS = 1_000_000_000
PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # media files, named by entries, may sit in content/


def entry_files(content: Path, root: Path, problems: Problems) -> list[tuple[str, str, os.stat_result]]:
    """(path, path as shown, stat) for content/**/*.md, sorted; hidden and _underscored names skipped.

    A link that leads outside content/ is refused. Other files are warned about, since an entry
    saved as `x.MD` or `x.txt` would otherwise vanish from the site without a word.
    """
    if not content.is_dir():
        return []
    inside = content.resolve()
    shown_prefix = content.relative_to(root).as_posix() if content.is_relative_to(root) else content.as_posix()
    files = []
    folders = [(str(content), shown_prefix)]  # pictures may live beside entries: entries' media name them
    while folders:
        folder, shown_folder = folders.pop()
        for item in os.scandir(folder):
            shown_as = f"{shown_folder}/{item.name}"
            if item.name.startswith((".", "_")):
                continue
            if item.is_symlink() and not link_inside(item.path, inside, shown_as, "content/", problems):
                continue
            if item.is_dir():
                if not item.is_symlink():  # a link to a folder inside content/ would list its entries twice
                    folders.append((item.path, shown_as))
            elif not item.name.endswith(".md"):
                if shown_as != f"{shown_prefix}/parties.toml" and not item.name.lower().endswith(PICTURES):
                    problems.warn(shown_as, 0, "", "is not an entry and is ignored",
                                  "entries are .md files; move other files out of content/")
            elif item.is_file():
                files.append((item.path, shown_as, item.stat()))
    return sorted(files, key=lambda found: found[1])


def link_inside(path: str, inside: Path, shown_as: str, folder: str, problems: Problems) -> bool:
    """Whether a link found in a source folder may be followed: only to a file or folder inside
    that folder. A link out of it, to nothing, or in a loop is an error (a merged pull request must
    not be able to publish the build machine's files)."""
    try:
        target = Path(path).resolve(strict=True)
    except FileNotFoundError:
        problems.error(shown_as, 1, "", "is a link to nothing (its target does not exist)",
                       "remove the link, or copy the file here")
        return False
    except (RuntimeError, OSError):  # RuntimeError: a loop (Python 3.11); OSError: ELOOP and its kin
        problems.error(shown_as, 1, "", "is a link that leads round in a loop", "remove the link")
        return False
    if not target.is_relative_to(inside):
        problems.error(shown_as, 1, "", f"is a link to a file outside {folder}; refused",
                       f"copy the file into {folder}")
        return False
    return True


def refuse_links_out(folder: Path, shown: str, problems: Problems) -> None:
    """Every link anywhere in a source folder (templates/, static/, locales/, admin/) must lead to
    a file or folder inside it: link_inside's rule for content/ and seeds/, for the folders read
    whole. (A template linked to /etc/passwd put that file in every event page.)"""
    if not folder.is_dir() or folder.is_symlink():
        return
    inside = folder.resolve()
    for parent, folders, files in os.walk(folder):  # links to folders are listed, not followed
        for name in sorted(folders + files):
            path = Path(parent) / name
            if path.is_symlink():
                link_inside(str(path), inside, f"{shown}{path.relative_to(folder).as_posix()}", shown, problems)


def listing_after(changed: set[str], known: Mapping[str, Stamp], failed: Optional[set[str]], content: Path,
                  root: Path) -> Optional[list[tuple[Optional[str], str, Any]]]:
    """The files of content/ as the last load left them (`known`: the ones it read, with their
    stamps; `failed`: the ones it could not read), updated with the changed ones; None when a
    change could affect more than those files (anything but an entry or translation changed, or no
    last load in this process)."""
    content, root = content.resolve(), root.resolve()
    if failed is None or not all(
            path.endswith(".md") and Path(path).resolve().is_relative_to(content) for path in changed):
        return None
    # No path for the unchanged files: only files that are read need one (None: root / shown_as).
    listing = {shown_as: (None, shown_as, recorded) for shown_as, recorded in known.items()}
    for path in {*(Path(p).resolve() for p in changed), *(root / f for f in failed)}:
        shown_as = path.relative_to(root).as_posix()
        if any(part.startswith((".", "_")) for part in path.relative_to(content).parts):
            continue
        listing.pop(shown_as, None)
        if path.is_file() and not path.is_symlink():
            listing[shown_as] = (str(path), shown_as, path.stat())
    return sorted(listing.values(), key=lambda found: found[1])


@quick_pickle
@dataclass(frozen=True, slots=True)
class Stamp:
    """What says an entry file is the one the cache read: size, mtime, and what no copy tool can
    set back (`cp -p`, `rsync -t` and tar keep size and mtime): the inode change time and the
    inode. `taken`: when it was recorded (see `trusted`)."""

    size: int
    mtime: int
    ctime: int
    inode: int
    taken: int = field(default=0, compare=False)


def stamp(stat: Any, taken: int = 0) -> Stamp:
    """The stamp of a stat result (or the one a listing kept from the cache)."""
    if isinstance(stat, Stamp):
        return stat
    return Stamp(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, taken)


def trusted(recorded: Stamp, now: int) -> bool:
    """A stamp taken within a second of the file's last change may not have seen the last write
    (the clock behind ctime ticks coarsely): such a file is read again, as git does with 'racily
    clean' entries."""
    return recorded.taken - recorded.ctime > RACY_NS and now > recorded.taken
