"""Characters no published text may hold: control characters (but tab and newline) and the
bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder
how the text around them is shown: a title that reads one way on the page and says another in
the file ("Trojan Source"). The marks that only say a direction (U+200E, U+200F) are fine.

One rule, applied wherever text reaches a page: entries and their bodies, translations, and
every TOML file (timeline.toml, parties.toml, the articles' sidecars)."""

from __future__ import annotations

import re

from .errors import visible

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HINT = "remove it"


def unsafe_character(text: str) -> str:
    """What is wrong with `text` ('contains a control character (\\x1b)'), or '' when nothing."""
    found = UNSAFE.search(text)
    if found is None:
        return ""
    character = found.group()
    if ord(character) >= 0x202A:
        return f"contains a bidirectional control character ({visible(character)}), which reorders the text around it"
    return f"contains a control character ({visible(character)})"


def first_unsafe_line(text: str) -> int:
    """The 1-based line of the first unsafe character in `text` (0 when there is none)."""
    found = UNSAFE.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 0
