"""Copies of the built-in theme's files in a site, and whether they have fallen behind.

`timeline theme copy NAME` puts a theme file into the site to edit, stamped on its first line
with the version it came from and a digest of the original. `check` and `build` then warn when
the theme's file has changed since (a newer version of the tool): an override that silently
misses a fix is the usual way a customised site rots.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .. import __version__
from ..config import THEME, Config
from ..core.errors import Problems, UsageError

_COMMENTS = {".html": ("{# ", " #}"), ".css": ("/* ", " */"), ".js": ("/* ", " */"), ".svg": ("<!-- ", " -->")}
_STAMP = re.compile(r"copied from timeline-generator (\S+) theme/(\S+) sha256:([0-9a-f]{64})")


def theme_file(name: str) -> tuple[Path, str]:
    """(the theme's file, where a site's copy goes) for 'event.html' or 'static/style.css'."""
    relative = name.strip().lstrip("/").removeprefix("templates/").removeprefix("theme/")
    folder, inner = ("static", relative.removeprefix("static/")) if relative.startswith("static/") \
        else ("templates", relative)
    source = THEME / folder / inner
    if ".." in Path(inner).parts or not source.is_file():
        known = sorted(p.relative_to(THEME / "templates").as_posix() for p in (THEME / "templates").rglob("*.html"))
        known += sorted("static/" + p.relative_to(THEME / "static").as_posix()
                        for p in (THEME / "static").rglob("*") if p.is_file())
        raise UsageError(f"theme copy: the theme has no '{name}' (one of: {', '.join(known)})")
    return source, f"{folder}/{inner}"


def copy_theme_files(config: Config, names: list[str]) -> list[str]:
    """Copy these theme files into the site, stamped; never overwrite. Returns the paths written."""
    planned = list(dict(theme_file(name)[::-1] for name in names).items())  # each once, all checked first
    for relative, _ in planned:
        target = config.root / relative
        if target.is_symlink() and not target.exists():
            raise UsageError(f"theme copy: {relative} is a link to nothing; remove it first (nothing was written)")
        if target.exists():
            raise UsageError(f"theme copy: {relative} exists already; not overwritten (nothing was written)")
        folder = next((p for p in [*reversed(target.relative_to(config.root).parents)][1:]
                       if (config.root / p).exists() and not (config.root / p).is_dir()), None)
        if folder is not None:
            raise UsageError(f"theme copy: {folder.as_posix()} is a file, where a folder must be (nothing was written)")
    written: list[Path] = []
    try:
        for relative, source in planned:
            target = config.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                written.append(target)
                handle.write(_stamp(source, relative) + source.read_text(encoding="utf-8"))
    except BaseException:
        for target in written:  # all or nothing
            target.unlink(missing_ok=True)
        raise
    return [relative for relative, _ in planned]


def _stamp(source: Path, relative: str) -> str:
    start, end = _COMMENTS.get(source.suffix, ("# ", ""))
    inner = relative.removeprefix("templates/")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    return f"{start}copied from timeline-generator {__version__} theme/{inner} sha256:{digest}{end}\n"


def warn_stale_copies(config: Config, problems: Problems) -> None:
    """A warning for each stamped copy whose theme original has changed since it was copied."""
    if config.template_layers[-1] == config.templates_dir:
        return  # the site's templates are the theme itself (this repository)
    for folder in ("templates", "static"):
        for path in sorted((config.root / folder).rglob("*")) if (config.root / folder).is_dir() else []:
            if not path.is_file() or path.suffix not in _COMMENTS:
                continue
            with open(path, encoding="utf-8", errors="replace") as handle:
                match = _STAMP.search(handle.readline())
            if match is None:
                continue
            version, name, digest = match.groups()
            original = THEME / ("templates" if folder == "templates" else "") / name
            if original.is_file() and hashlib.sha256(original.read_bytes()).hexdigest() != digest:
                problems.warn(path.relative_to(config.root).as_posix(), 1, "theme",
                              f"copied from theme/{name} of version {version}; the theme's file has changed since "
                              f"(version {__version__})",
                              "compare it with the theme's and bring over the changes you want")
