"""Reading TOML files with the line of each key, for file:line messages."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Optional

from ..core.characters import HINT, first_unsafe_line, unsafe_character
from ..core.errors import Problems
from ..core.textfile import read_text

CONFIG_FILE = "timeline.toml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_toml(path: Path, shown_as: str, problems: Problems) -> tuple[dict, str]:
    """Parse a TOML file; on failure record a problem and return ({}, text)."""
    text = read_text(path, shown_as, problems)
    if text is None:
        return {}, ""
    return parse_toml(text, shown_as, problems), text


def parse_toml(text: str, shown_as: str, problems: Problems) -> dict:
    """A TOML file's text, parsed and checked (every string for unsafe characters); {} on failure."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        line = int(match.group(1)) if match else 0
        key = _key_on(text, line) if message.startswith(("Cannot overwrite", "Cannot declare")) else ""
        if key:  # tomllib does not say which: the key the line sets, or the table it opens
            problems.error(shown_as, line, key, f"'{key}' is given twice", "keep the one you mean")
        else:
            problems.error(shown_as, line, "", f"invalid TOML: {message}")
        return {}
    for keys, value in _strings(data, ()):
        wrong = unsafe_character(value)
        if wrong:  # refused wherever it is: every string of these files may reach a page
            problems.error(shown_as, _line(text, keys, value), ".".join(keys), wrong, HINT)
    return data


def _strings(value, keys: tuple[str, ...]):
    """Every string in parsed TOML, with the keys that lead to it (list items under their list's)."""
    if isinstance(value, str):
        yield keys, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*keys, str(key)))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, keys)


def _line(text: str, keys: tuple[str, ...], value: str) -> int:
    """The line of a string's key (its table, then an enclosing one for an inline table or array),
    or else the first line holding an unsafe character."""
    for cut in range(len(keys) - 1, -1, -1):
        line = toml_line(text, ".".join(keys[:cut]) or None, keys[cut])
        if line:
            return line
    return first_unsafe_line(text) or 1


def _key_on(text: str, line: int) -> str:
    """The key a line sets (`title = ...`), or the table it opens (`[site]`)."""
    lines = text.splitlines()
    raw = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    found = re.match(r"\[\[?\s*([^\]]+?)\s*\]|([\w\"'.-]+?)\s*=", raw)
    return (found.group(1) or found.group(2) or "").replace('"', "").replace("'", "") if found else ""


def toml_line(text: str, table: str | None, key: str) -> int:
    """The 1-based line where `key` is set inside `[table]` (table None: where [key] opens or `key`
    is set at the top, whichever comes first), else 0."""
    opened, set_at = _lines_of(text)
    found = set_at.get((table, key), 0)
    return min(filter(None, (found, opened.get(key, 0))), default=0) if table is None else found


_HEADER = re.compile(r"\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""(?:"([^"]*)"|'([^']*)'|([^"'=\s]+))\s*=""")


@functools.lru_cache(maxsize=8)
def _lines_of(text: str) -> tuple[dict[str, int], dict[tuple[Optional[str], str], int]]:
    """Where each table opens (by each leading part of its name: [a.b] opens `a` too, unless
    [a] came first) and where each key is first set, by table: read once per file's text, not
    once per key asked for (a file of 500 parties was read 500 times)."""
    opened: dict[str, int] = {}
    set_at: dict[tuple[Optional[str], str], int] = {}
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = _HEADER.fullmatch(line)
        if header:
            current = header.group(1).replace('"', "").replace("'", "")
            parts = current.split(".")
            for end in range(1, len(parts) + 1):
                opened.setdefault(".".join(parts[:end]), number)
            continue
        key = _KEY.match(line)
        if key:
            set_at.setdefault((current, next(part for part in key.groups() if part is not None)), number)
    return opened, set_at


_ARRAY_HEADER = re.compile(r"\[\[\s*([^\]]+?)\s*\]\]")


def array_table_lines(text: str, name: str) -> list[dict[str, int]]:
    """Where each `[[name]]` table of an array opens ('') and sets its keys, its own sub-tables'
    (`[name.uk]`) as 'uk' and their keys as 'uk.title': one dict per table, in the file's order."""
    tables: list[dict[str, int]] = []
    current: Optional[dict[str, int]] = None
    prefix = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if array := _ARRAY_HEADER.fullmatch(line):
            current = {"": number} if array.group(1) == name else None
            if current is not None:
                tables.append(current)
            prefix = ""
            continue
        if header := _HEADER.fullmatch(line):
            table = header.group(1).replace('"', "").replace("'", "")
            inside = current is not None and table.startswith(name + ".")
            prefix = table[len(name) + 1:] if inside else ""
            if inside:
                current.setdefault(prefix, number)
            else:
                current = None
            continue
        if current is not None and (key := _KEY.match(line)):
            found = next(part for part in key.groups() if part is not None)
            current.setdefault(f"{prefix}.{found}" if prefix else found, number)
    return tables
