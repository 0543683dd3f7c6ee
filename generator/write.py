"""Write: the one place that touches the output folder.

The site is written into a fresh folder beside the output and swapped in only when complete,
so a failed build leaves the previous site as it was. The output folder must be ours: we refuse
dangerous places (/, home, the project, the sources) and only ever replace a folder that carries
our marker file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping

from .config import Config
from .errors import OutputError

MARKER = ".timeline-generator"
MARKER_TEXT = b"This folder is written by timeline-generator; `timeline build` replaces it whole.\n"


def check_output_dir(config: Config) -> Path:
    """The resolved output folder, or OutputError if writing there could harm anything."""
    output = config.output_dir.resolve()
    root = config.root.resolve()
    if output == Path(output.anchor) or output == Path.home().resolve():
        raise OutputError(f"output folder {output} is the file system root or your home folder; refused")
    if output == root or root.is_relative_to(output):
        raise OutputError(f"output folder {output} would contain the project; refused")
    for source in (config.content_dir, config.templates_dir, config.static_dir, config.seeds_dir):
        source = source.resolve()
        if output.is_relative_to(source) or source.is_relative_to(output):
            raise OutputError(f"output folder {output} overlaps {source}; refused")
    if output.exists() and not output.is_dir():
        raise OutputError(f"output {output} exists and is not a folder; refused")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise OutputError(f"output folder {output} is not empty and was not written by timeline-generator; "
                          f"refused (empty it, or choose another with --output)")
    return output


def write_site(config: Config, pages: Mapping[str, bytes]) -> Path:
    """Write pages and static files to a new folder, then swap it in place of the output."""
    output = check_output_dir(config)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(f"{output.name}.tmp-{os.getpid()}")
    _remove_ours(staging)
    staging.mkdir()
    try:
        (staging / MARKER).write_bytes(MARKER_TEXT)
        _copy_static(config.static_dir, staging / "static")
        for relative, data in sorted(pages.items()):
            _write_file(staging, relative, data)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return output


def _write_file(folder: Path, relative: str, data: bytes) -> None:
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise OutputError(f"refusing to write {relative!r}: it resolves outside the output folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _copy_static(source: Path, target: Path) -> None:
    """Copy static/ (regular files only; links are not followed out of it)."""
    if not source.is_dir():
        return
    inside = source.resolve()
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.resolve().is_relative_to(inside):
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def _swap(staging: Path, output: Path) -> None:
    """Replace output with staging: as close to atomic as two renames get."""
    if not output.exists():
        staging.rename(output)
        return
    retired = output.with_name(f"{output.name}.old-{os.getpid()}")
    _remove_ours(retired)
    output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired)


def _remove_ours(folder: Path) -> None:
    """Remove a leftover staging folder, but only one we wrote."""
    if folder.exists():
        if not (folder / MARKER).is_file() and any(folder.iterdir()):
            raise OutputError(f"{folder} is in the way and was not written by timeline-generator; refused")
        shutil.rmtree(folder)
