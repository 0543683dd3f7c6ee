"""`timeline upgrade`: bring a site made by an earlier tool up to the running one: requirements.txt
installs this tool (pinned as init pins it: pin.py), the carried wheel in .timeline/ is this one's,
and the GitHub workflows are this version's. A workflow the site has edited since the tool wrote it
(its first line's checksum no longer matches) is left alone unless --force is given; then nothing at
all is written, so an upgrade is whole or not at all. Other lines of requirements.txt are kept."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..config import CONFIG_FILE, load_config
from ..core.errors import UsageError
from ..core.textfile import replace_text
from .init import chosen_pin, edited, workflows
from .pin import CARRIED, Pin

REQUIREMENTS = "requirements.txt"
# A line of requirements.txt that installs the tool: by name (==, @ an address, extras), or a
# carried wheel's path.
_TOOL_LINE = re.compile(r"\s*(timeline[-_.]generator\b|\S*timeline_generator-[^/\s]*\.whl\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    relative: str  # the file, relative to the site
    action: str  # "added", "updated" or "removed"
    content: "str | Path | None" = None  # its new text, or a file to copy; None when removed


def upgrade_site(root: Path, tool: str = "", force: bool = False, dry_run: bool = False) -> tuple[list[Change], Pin]:
    """Plan the changes, refuse them all if one would replace a site's edit, then make them."""
    if not (root / CONFIG_FILE).is_file():
        raise UsageError(f"{root} has no {CONFIG_FILE}: not a timeline site (timeline init makes one)")
    config = load_config(root)  # a broken timeline.toml stops here, with its file:line problems
    pin = chosen_pin(tool)
    changes = _workflow_changes(root, config.base_url, force) + _tool_changes(root, pin)
    if not dry_run:
        for change in changes:
            _apply(root, change)
    return changes, pin


def _workflow_changes(root: Path, base_url: str, force: bool) -> list[Change]:
    changes, kept = [], []
    for relative, text in workflows(base_url).items():
        path = root / relative
        current = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        if current == text:
            continue
        if current is not None and edited(current) and not force:
            kept.append(relative)
        changes.append(Change(relative, "added" if current is None else "updated", text))
    if kept:
        raise UsageError(f"{', '.join(kept)}: edited since timeline wrote it, so upgrade would lose the edit; "
                         "nothing was changed. Give --force to replace it (git keeps your version), or merge "
                         "by hand what `timeline init` writes now")
    return changes


def _tool_changes(root: Path, pin: Pin) -> list[Change]:
    changes = []
    path = root / REQUIREMENTS
    current = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    wanted = _requirements(current or "", pin.requirement)
    if wanted != current:
        changes.append(Change(REQUIREMENTS, "added" if current is None else "updated", wanted))
    carried = root / CARRIED
    for wheel in sorted(carried.glob("timeline_generator-*.whl")) if carried.is_dir() else []:
        if pin.wheel is None or wheel.name != pin.wheel.name:
            changes.append(Change(f"{CARRIED}/{wheel.name}", "removed"))
    if pin.wheel is not None:
        target = carried / pin.wheel.name
        if not target.is_file() or not filecmp.cmp(target, pin.wheel, shallow=False):
            changes.append(Change(f"{CARRIED}/{pin.wheel.name}", "updated" if target.is_file() else "added",
                                  pin.wheel))
    return changes


def _requirements(text: str, requirement: str) -> str:
    """requirements.txt with the tool's line (the first, where it was) replaced, other lines kept."""
    lines, placed = [], False
    for line in text.splitlines():
        if _TOOL_LINE.match(line):
            if not placed:
                lines.append(requirement)
                placed = True
            continue
        lines.append(line)
    if not placed:
        lines.insert(0, requirement)
    return "\n".join(lines) + "\n"


def _apply(root: Path, change: Change) -> None:
    path = root / change.relative
    if change.content is None:
        path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(change.content, str):
        replace_text(path, change.content)
        return
    temporary = path.with_name(f".{path.name}.new")
    shutil.copyfile(change.content, temporary)
    os.replace(temporary, path)


def said(changes: list[Change], pin: Pin, dry_run: bool) -> str:
    """What upgrade says last: the pin and why, and whether anything was (or would be) changed."""
    verb = "would install" if dry_run and changes else "installs"
    state = "" if changes else "; the site is up to date"
    return f"{REQUIREMENTS} {verb} {pin.requirement}: {pin.why}{state}"
