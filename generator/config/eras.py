"""Eras: named periods of the timeline, `[[eras]]` in timeline.toml, drawn as bands on the overview
strip and as headings in the timeline's list, and carried by events.json and the TimelineJS export:

    [[eras]]
    title = "Before the summit"
    start = "2023-07-12"        # dates as an entry's: YYYY, YYYY-MM or YYYY-MM-DD
    end = "2024-06"
    description = "..."         # optional
    [eras.uk]                   # its words in another of the site's languages
    title = "До саміту"

Eras may not overlap (an event is listed under one heading at most); they are kept oldest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Callable

from ..core.dates import PartialDate, Span, parse_partial_date
from ..core.errors import Problems, did_you_mean, one_of
from ..core.languages import is_known_language
from .toml import CONFIG_FILE, array_table_lines, toml_line

_KEYS = ("title", "start", "end", "description")
_WORDS = ("title", "description")
Report = Callable[[str, str, str], None]  # (key, message, hint)


@dataclass(frozen=True)
class Era:
    title: str
    span: Span
    description: str = ""
    translations: tuple[tuple[str, str, str], ...] = ()  # (language, title, description)
    line: int = 0
    # in another language's edition: the words still in the original, and its language
    fallback: frozenset[str] = frozenset()
    original_language: str = ""

    def holds(self, day: dt.date) -> bool:
        return self.span.first_day() <= day <= self.span.last_day()

    def in_language(self, code: str, default: str) -> "Era":
        """The era as the pages of `code` show it: its words there, or the original's (marked)."""
        if code == default:
            return self
        own = next(((title, description) for language, title, description in self.translations
                    if language == code), ("", ""))
        title, description = own[0] or self.title, own[1] or self.description
        fallback = frozenset(name for name, mine in zip(_WORDS, own) if not mine and getattr(self, name))
        return replace(self, title=title, description=description, fallback=fallback,
                       original_language=default if fallback else "")


def read_eras(content: Any, text: str, languages: tuple[str, ...], problems: Problems) -> tuple[Era, ...]:
    """The declared eras, oldest first; each bad one is a timeline.toml:LINE problem."""
    lines = array_table_lines(text, "eras")
    if not isinstance(content, list) or not all(isinstance(table, dict) for table in content):
        problems.error(CONFIG_FILE, toml_line(text, None, "eras"), "eras", "expected [[eras]] tables",
                       '[[eras]] with title = "...", start = "2023-07" and end = "2024-06"')
        return ()
    eras = []
    for index, table in enumerate(content):
        where = lines[index] if index < len(lines) else {"": toml_line(text, None, "eras")}
        era = _read_era(table, where, languages, problems)
        if era is not None:
            eras.append(era)
    eras.sort(key=lambda era: era.span.sort_key())
    _refuse_overlaps(eras, problems)
    return tuple(eras)


def _read_era(table: dict, lines: dict[str, int], languages: tuple[str, ...], problems: Problems) -> Era | None:
    before = len(problems.errors)

    def error(key: str, message: str, hint: str = "") -> None:
        problems.error(CONFIG_FILE, lines.get(key) or lines[""], f"eras.{key}" if key else "eras", message, hint)

    translations = []
    for key, value in table.items():
        if key in languages[1:]:
            translations.append(_translation(key, value, lines, error))
        elif key not in _KEYS and is_known_language(key):
            error(key, f"'{key}' is not one of the site's other languages",
                  one_of(languages[1:]) if len(languages) > 1 else "add it to [languages] first")
        elif key not in _KEYS:
            error(key, "unknown key", did_you_mean(key, (*_KEYS, *languages[1:])) or one_of(_KEYS))
        elif key in _WORDS and (not isinstance(value, str) or not value.strip()):
            error(key, f"expected text, got {value!r}")
    if "title" not in table:
        error("", "an era needs a title", 'title = "Before the summit"')
    start, end = (_date(table, key, error) for key in ("start", "end"))
    if start and end and end.last_day() < start.first_day():
        error("end", f"ends ({end.iso()}) before it starts ({start.iso()})", "swap start and end")
    if len(problems.errors) > before:
        return None
    return Era(table["title"].strip(), Span(start, end), table.get("description", "").strip(),
               tuple(translations), lines[""])


def _translation(code: str, value: Any, lines: dict[str, int], error: Report) -> tuple[str, str, str]:
    if not isinstance(value, dict):
        error(code, "expected a table of the era's words in that language", f'[eras.{code}] with title = "..."')
        return code, "", ""
    for key, words in value.items():
        if key not in _WORDS:
            error(f"{code}.{key}", "unknown key", "an era's translation gives its title and description")
        elif not isinstance(words, str) or not words.strip():
            error(f"{code}.{key}", f"expected text, got {words!r}")
    return code, str(value.get("title", "")).strip(), str(value.get("description", "")).strip()


def _date(table: dict, key: str, error: Report) -> PartialDate | None:
    if key not in table:
        error("", f"an era needs {'an end' if key == 'end' else 'a start'}",
              f'{key} = "2024-06" (a year, a month or a day)')
        return None
    value = table[key]
    if isinstance(value, (dt.date, int)) and not isinstance(value, (bool, dt.datetime)):
        value = value.isoformat() if isinstance(value, dt.date) else f"{value:04d}"
    if not isinstance(value, str):
        error(key, f"expected a date, got {value!r}", "YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        error(key, str(exc))
        return None


def _refuse_overlaps(eras: list[Era], problems: Problems) -> None:
    """Oldest first: each era must end before the next begins (an event is under one heading)."""
    for earlier, later in zip(eras, eras[1:]):
        if later.span.first_day() <= earlier.span.last_day():
            problems.error(CONFIG_FILE, later.line, "eras",
                           f"'{later.title}' ({later.span.start.iso()}) begins before '{earlier.title}' "
                           f"(line {earlier.line}) ends ({earlier.span.last.iso()})",
                           "eras may not overlap: end one before the next begins")
