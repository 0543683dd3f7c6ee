"""`timeline import FILE`: what the file is decides what it becomes. A saved web page becomes an
article in seeds/ with its sidecar; a TimelineJS timeline (JSON or CSV) becomes draft entries."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional

from ..config import SLUG, Config
from ..core.errors import UsageError
from .import_page import import_page
from .import_timelinejs import import_timelinejs
from .new import choose_kind

PAGES = (".html", ".htm", ".xhtml")
TIMELINES = (".json", ".csv")


def import_file(config: Config, file: Path, url: str = "", name: str = "", into: Optional[Path] = None,
                kind: str = "", say: Callable[[str], None] = lambda line: None) -> list[Path]:
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    shown_as = os.path.relpath(file) if not file.is_absolute() else str(file)
    what = _what(file)
    if what == "page":
        if into is not None or kind:
            raise UsageError("--into and --kind are for TimelineJS timelines; a page becomes an article in seeds/")
        if name and not SLUG.fullmatch(name):
            raise UsageError(f"--name: '{name}' is not a file name of lowercase letters, digits and hyphens")
        return import_page(config, file, shown_as, url=url, name=name, say=say)
    if url or name:
        raise UsageError("--url and --name are for web pages; a timeline becomes draft entries in content/")
    fallback = "announcement" if "announcement" in config.kinds else next(iter(config.kinds))
    default = choose_kind(config, kind or fallback)
    return import_timelinejs(config, file, shown_as, into or config.content_dir, default, say=say)


def _what(file: Path) -> str:
    suffix = file.suffix.lower()
    if suffix in PAGES:
        return "page"
    if suffix in TIMELINES:
        return "timeline"
    start = file.read_bytes()[:1000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"{"):
        return "timeline"
    if start.startswith(b"<"):
        return "page"
    raise UsageError(f"{file}: cannot tell what this is; import takes a saved web page (.html) or a TimelineJS "
                     "timeline (.json, or the .csv of its spreadsheet)")
