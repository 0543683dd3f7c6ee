"""Reading TOML files with the line of each key, for file:line messages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..core.errors import Problems
from ..core.textfile import read_text

CONFIG_FILE = "timeline.toml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_toml(path: Path, shown_as: str, problems: Problems) -> tuple[dict, str]:
    """Parse a TOML file; on failure record a problem and return ({}, text)."""
    text = read_text(path, shown_as, problems)
    if text is None:
        return {}, ""
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        problems.error(shown_as, int(match.group(1)) if match else 0, "", f"invalid TOML: {message}")
        return {}, text


def toml_line(text: str, table: str | None, key: str) -> int:
    """The 1-based line where `key` is set inside `[table]` (or where [key] opens), else 0."""
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).replace('"', "")
            if table is None and current.split(".")[: len(key.split("."))] == key.split("."):
                return number
            continue
        if current == table and re.match(rf'"?{re.escape(key)}"?\s*=', line):
            return number
    return 0
