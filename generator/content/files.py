"""Finding the entry files under content/: all of them, or (for the preview server) the last
listing updated with the files a watcher reports as changed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..core.cache import MemoryCache
from ..core.errors import Problems


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
    folders = [(str(content), shown_prefix)]
    while folders:
        folder, shown_folder = folders.pop()
        for item in os.scandir(folder):
            shown_as = f"{shown_folder}/{item.name}"
            if item.name.startswith((".", "_")):
                continue
            if item.is_symlink() and not Path(item.path).resolve().is_relative_to(inside):
                problems.error(shown_as, 0, "", "is a link to a file outside content/; refused",
                               "copy the file into content/")
            elif item.is_dir():
                if not item.is_symlink():  # a link to a folder inside content/ would list its entries twice
                    folders.append((item.path, shown_as))
            elif not item.name.endswith(".md"):
                if shown_as != f"{shown_prefix}/parties.toml":
                    problems.warn(shown_as, 0, "", "is not an entry and is ignored",
                                  "entries are .md files; move other files out of content/")
            elif item.is_file():
                files.append((item.path, shown_as, item.stat()))
    return sorted(files, key=lambda found: found[1])


def listing_after(changed: set[str], cached: dict, content: Path, root: Path, context_key: str,
                   cache: MemoryCache) -> Optional[list[tuple[Optional[str], str, Any]]]:
    """The entry files as the last load saw them, updated with the changed ones; None when a
    change could affect more than those files (anything but an entry changed, or no last load)."""
    content, root = content.resolve(), root.resolve()
    if cache.failed_entries is None or not all(
            path.endswith(".md") and Path(path).resolve().is_relative_to(content) for path in changed):
        return None
    # No path for the unchanged files: only files that are read need one (None: root / shown_as).
    listing = {shown_as: (None, shown_as, _Stat(record[1], record[2]))
               for shown_as, record in cached.items() if record[0] == context_key}
    for path in {*(Path(p).resolve() for p in changed), *(root / f for f in cache.failed_entries)}:
        shown_as = path.relative_to(root).as_posix()
        if any(part.startswith((".", "_")) for part in path.relative_to(content).parts):
            continue
        listing.pop(shown_as, None)
        if path.is_file() and not path.is_symlink():
            listing[shown_as] = (str(path), shown_as, path.stat())
    return sorted(listing.values(), key=lambda found: found[1])


@dataclass(frozen=True)
class _Stat:
    st_mtime_ns: int
    st_size: int
