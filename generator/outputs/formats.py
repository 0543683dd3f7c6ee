"""Writing text safely in each export format: XML, JSON lines, iCalendar and CSV.

Everything an export says passes through one of these, so escaping lives in one place: XML by
ElementTree (characters XML cannot carry are dropped), JSON by the json module, iCalendar TEXT
escaped and folded at 75 octets as RFC 5545 asks, CSV quoted by the csv module with cells that a
spreadsheet would run as a formula turned into text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Optional

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot carry at all; dropped rather than producing a feed no reader opens.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_element(parent: ET.Element, tag: str, text: Optional[str] = None, namespace: str = ATOM, **attributes: str):
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}", {k: NOT_XML.sub("", v) for k, v in attributes.items()})
    if text is not None:
        element.text = NOT_XML.sub("", text)
    return element


def xml_document(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


# A JSON export is `head` with a last key holding a list, one item per line, each item encoded on
# its own with the C encoder (indenting would use the pure-Python one): a fifth of the time and a
# third of the memory of one indented dump at 10,000 events, and items can be cached one by one.

def json_head(head: dict, name: str) -> bytes:
    return (json.dumps(head, ensure_ascii=False)[:-1] + f', "{name}": [\n').encode("utf-8")


def json_line(item: dict) -> bytes:
    return json.dumps(item, ensure_ascii=False).encode("utf-8")


def ics_lines(lines: list[str]) -> bytes:
    return "".join(ics_fold(line) + "\r\n" for line in lines).encode("utf-8")


def ics_text(text: str) -> str:
    """RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines."""
    text = NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_property(name: str, text: str) -> str:
    return f"{name}:{ics_text(text)}"


def ics_fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a UTF-8 character."""
    if line.isascii():
        if len(line) <= 75:
            return line
        return "\r\n ".join([line[:75], *(line[i:i + 74] for i in range(75, len(line), 74))])
    if len(line.encode("utf-8")) <= 75:
        return line
    pieces, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
def csv_row(cells) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue().encode("utf-8")


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value
