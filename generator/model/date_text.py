"""Dates as a language writes them: every precision and every kind of span, from CLDR through
Babel; no hand-written masks.

A year, a month ("June 2024"; the stand-alone form where a language has one, "червень 2024 р."),
a day, spans within a month, across months and across years. Babel's interval formats have no
pattern for the wide skeleton (yMMMMd) and fall back to the abbreviated one (python-babel #803:
"13-15 черв."); here the abbreviated interval pattern is widened back, so a span is written with
the month names the single dates use.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from babel.dates import format_skeleton, parse_pattern

from ..core.dates import PartialDate, Span
from ..core.languages import locale_of

# the skeleton a date of each precision is written with, and the interval skeleton for spans
_SKELETON = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}
_INTERVAL = {"year": "y", "month": "yMMMM", "day": "yMMMd"}  # yMMMMd has no intervals in CLDR
_ABBREVIATED = re.compile(r"(?<![ML])(MMM|LLL)(?![ML])")
_SEPARATOR = re.compile(r"[\s\u00a0\u2009\u202f]*[\u2010-\u2015~\u301c\uff5e-][\s\u00a0\u2009\u202f]*$")


class DateText:
    """Writes dates in one language. `approximate` wraps an approximate date ("c. {date}" in
    English; it comes from the interface's catalog)."""

    def __init__(self, language: str, approximate: Callable[[str], str] = lambda text: f"c.\u00a0{text}"):
        self.language, self.locale, self.approximate = language, locale_of(language), approximate
        self._cache: dict[tuple, object] = {}

    def date(self, date: PartialDate) -> str:
        key = ("date", date)
        if key not in self._cache:
            self._cache[key] = format_skeleton(_SKELETON[date.precision], date.first_day(), locale=self.locale)
        return self._cache[key]

    def span(self, span: Span) -> str:
        head, separator, tail = self.parts(span)
        text = head + separator + tail
        return self.approximate(text) if span.approximate else text

    def parts(self, span: Span) -> tuple[str, str, str]:
        """(start, separator, end) as the language writes the span, the start leaving out what it
        shares with the end ("13", "–", "15 June 2024"); a single date is ("", "", date).
        Templates wrap start and end in <time>. The approximate mark is not included."""
        key = ("parts", span.start, span.end)
        if key not in self._cache:
            self._cache[key] = self._parts(span.start, span.end)
        return self._cache[key]

    def _parts(self, start: PartialDate, end: PartialDate | None) -> tuple[str, str, str]:
        if end is None or end == start:
            return "", "", self.date(start)
        if start.precision != end.precision:  # no CLDR pattern joins a month to a day: the fallback
            return self._fallback(start, end)
        differs = "y" if start.year != end.year else "M" if start.month != end.month else "d"
        patterns = self.locale.interval_formats.get(_INTERVAL[start.precision], {}).get(differs)
        if not patterns:
            return self._fallback(start, end)
        widen = start.precision == "day"
        first, last = (self._apply(p, d.first_day(), widen) for p, d in zip(patterns, (start, end)))
        match = _SEPARATOR.search(first)
        if match is None:  # a pattern with the separator elsewhere: keep it whole, unsplit
            return "", "", first + last
        return first[:match.start()], match.group(), last

    def _fallback(self, start: PartialDate, end: PartialDate) -> tuple[str, str, str]:
        pattern = self.locale.interval_formats.get(None) or "{0} – {1}"
        separator = pattern.replace("{0}", "", 1).replace("{1}", "", 1)
        return self.date(start), separator, self.date(end)

    def _apply(self, pattern: str, day: dt.date, widen: bool) -> str:
        if widen:
            pattern = _ABBREVIATED.sub(lambda m: m.group(1)[0] * 4, pattern)
        return parse_pattern(pattern).apply(day, self.locale)

    def month_label(self, month: int) -> str:
        """A month on a time axis: the abbreviated stand-alone name ("Jun", "черв.")."""
        return self.locale.months["stand-alone"]["abbreviated"][month]

    def year_label(self, year: int) -> str:
        return format_skeleton("y", dt.date(year, 1, 1), locale=self.locale)

    @property
    def right_to_left(self) -> bool:
        return self.locale.text_direction == "rtl"


IN_MESSAGES = DateText("en-GB")  # dates in messages to editors

