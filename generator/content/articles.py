"""What is known of an article beyond its text: the sidecar `seeds/<stem>.toml` beside it.

The article file stays byte for byte as it was saved; its title, publisher, original address,
date, author, language and the terms it may be shown under live in the sidecar. Every key is
optional; unknown keys and bad values are `file:line` problems.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Optional

from ..config import toml_line
from ..config.toml import parse_toml
from ..core.dates import FORMS_HINT, PartialDate, parse_partial_date
from ..core.errors import Problems, did_you_mean, one_of
from ..core.languages import is_known_language
from ..core.textfile import read_text
from ..model.timeline import Article
from ..urls import is_web_address

SIDECAR = ".toml"
KEYS = ("title", "publisher", "url", "archived", "published", "author", "language", "republish", "license",
        "quoted_share")
REPUBLISH = ("quotes", "full")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")  # BCP 47, as <html lang> takes it
_TEXT_LIMIT = 2_000


def read_sidecar(path: Path, shown_as: str, problems: Problems, today: Optional[dt.date] = None) -> Optional[Article]:
    """The article's metadata, or None (with problems recorded) if the sidecar has errors; `today`:
    no article is published after it."""
    text = read_text(path, shown_as, problems)
    return sidecar_from_text(text, shown_as, problems, today) if text is not None else None


def sidecar_from_text(text: str, shown_as: str, problems: Problems,
                      today: Optional[dt.date] = None) -> Optional[Article]:
    """read_sidecar, of a sidecar's text (one a writer is about to write, say)."""
    before = len(problems.errors)
    data = parse_toml(text, shown_as, problems)
    if len(problems.errors) > before:
        return None
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = toml_line(text, None, key) or 1
        if key not in KEYS:
            problems.error(shown_as, line, key, "unknown key", did_you_mean(key, KEYS) or one_of(KEYS))
            continue
        checked = _check(key, value, shown_as, line, problems, today)
        if checked is not None:
            values[key] = checked
    if len(problems.errors) > before:
        return None
    return Article(**values)


def _check(key: str, value: Any, shown_as: str, line: int, problems: Problems, today: Optional[dt.date]) -> Any:
    if key == "published":
        published = _published(value, shown_as, line, problems)
        if published is not None and today is not None and published.first_day() > today:
            problems.error(shown_as, line, "published", f"{published.iso()} is after today ({today.isoformat()})",
                           "an article cannot be published in the future: check the year")
            return None
        return published
    if key == "quoted_share":
        return share_setting(value, shown_as, line, key, problems)
    if not isinstance(value, str):
        problems.error(shown_as, line, key, f"expected text in quotes, got {value!r}", f'{key} = "..."')
        return None
    value = " ".join(value.split())
    if not value or len(value) > _TEXT_LIMIT:
        problems.error(shown_as, line, key, "must not be empty" if not value else
                       f"is {len(value):,} characters; at most {_TEXT_LIMIT:,}", "remove the line, or fill it in")
        return None
    if key in ("url", "archived") and not is_web_address(value):
        problems.error(shown_as, line, key, f"expected an http(s) address, got '{value}'",
                       f'{key} = "https://' + ('web.archive.org/web/2024/https://publisher.example/article"' if key ==
                                                 "archived" else 'publisher.example/2024/06/article"'))
        return None
    if key == "republish" and value not in REPUBLISH:
        problems.error(shown_as, line, key, f"unknown mode '{value}'",
                       "'quotes' shows the quoted passages only (the default); 'full' the whole article, "
                       "if its license allows it")
        return None
    if key == "language" and not (LANGUAGE_TAG.fullmatch(value) and is_known_language(value)):
        problems.error(shown_as, line, key, f"unknown language '{value}'",
                       "a language tag CLDR knows, like 'en', 'uk' or 'pt-BR'; not a country code ('ua' is Ukraine's)")
        return None
    return value


def share_setting(value: Any, shown_as: str, line: int, key: str, problems: Problems) -> Optional[float]:
    """A share of an article's text (quoted_share): a number above 0 and at most 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        problems.error(shown_as, line, key, f"expected a share above 0 and at most 1, got {value!r}",
                       f"{key} = 0.25 (a quarter of the article's text)")
        return None
    return float(value)


def _published(value: Any, shown_as: str, line: int, problems: Problems) -> Optional[PartialDate]:
    """"2024", "2024-06", "2024-06-12", or TOML's own 2024-06-12 (a date, not a date and time)."""
    if isinstance(value, dt.datetime) or isinstance(value, dt.time):
        problems.error(shown_as, line, "published", f"expected a date without a time, got {value}",
                       'published = "2024-06-12"')
        return None
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.error(shown_as, line, "published", f"{FORMS_HINT}, got {value!r}", 'published = "2024-06-12"')
        return None
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        problems.error(shown_as, line, "published", str(exc), 'published = "2024-06-12"')
        return None
