"""An editor's text file: read as UTF-8 (a BOM is fine), or a problem naming the line of the bad byte;
replaced whole, never half written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional

from .errors import Problems


def read_text(path: Path, shown_as: str, problems: Problems) -> Optional[str]:
    """The file's text with newlines normalised to \\n, or None (and a problem) if it is not UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.error(shown_as, line, "", f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", "save the file as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def replace_text(path: Path, text: str) -> None:
    """Write beside the file and rename over it (keeping its permissions): an interrupted write
    leaves the old file or the new one, never half of one. A symbolic link stays a link: its
    target is what is replaced (the readers refuse links that lead out of their folder)."""
    path = path.resolve() if path.is_symlink() else path
    temporary = path.with_name(f".{path.name}.new")
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    if path.exists():
        shutil.copymode(path, temporary)
    os.replace(temporary, path)
