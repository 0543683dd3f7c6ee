"""Reading an editor's text file: UTF-8 (a BOM is fine), or a problem naming the line of the bad byte."""

from __future__ import annotations

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
