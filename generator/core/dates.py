"""Dates known to a precision: a year, a month or a day, and spans between two of them.

No time zones and no times of day: an event happened on a day (or in a month, or a year), and
that is all a source usually tells us. Markup follows the precision, and so does the text
(date_text.py writes it in the reader's language), so a month event is never shown or exported as if
it happened on the 1st.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from .records import quick_pickle

PRECISIONS = ("year", "month", "day")
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December")  # for messages to editors
_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FORMS_HINT = "expected YYYY, YYYY-MM or YYYY-MM-DD"


@quick_pickle
@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A calendar date of which only the year, or year and month, may be known."""

    year: int
    month: Optional[int] = None
    day: Optional[int] = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def rank(self) -> int:
        """0 for a year, 1 for a month, 2 for a day."""
        return 2 if self.day else 1 if self.month else 0

    def iso(self) -> str:
        """The reduced ISO 8601 form: 2024, 2024-06 or 2024-06-13."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def truncate(self, precision: str) -> "PartialDate":
        """The same date known only to `precision` (never finer than it is)."""
        rank = min(self.rank, PRECISIONS.index(precision))
        return PartialDate(self.year, self.month if rank >= 1 else None, self.day if rank >= 2 else None)

    def __str__(self) -> str:
        return self.iso()


def parse_partial_date(value: str) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError with an editor-facing message."""
    text = str(value).strip()
    match = _FORM.fullmatch(text)
    if not match:
        raise ValueError(f"{FORMS_HINT}, got '{text}'")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:
        raise ValueError(f"year must be 0001 or later, got '{text}'")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month must be 01 to 12, got '{text}'")
    if day is not None:
        days_in_month = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days_in_month:
            raise ValueError(f"{_MONTH_NAMES[month]} {year} has {days_in_month} days, got '{text}'")
    return PartialDate(year, month, day)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Span:
    """When an event took place: a start, an optional end, and whether the date is approximate."""

    start: PartialDate
    end: Optional[PartialDate] = None
    approximate: bool = False

    @property
    def key(self) -> str:
        """A compact text form, for cache keys."""
        return f"{self.start.iso()}/{self.end.iso() if self.end else ''}/{int(self.approximate)}"

    @property
    def last(self) -> PartialDate:
        return self.end or self.start

    @property
    def precision(self) -> str:
        """The coarser of the start's and the end's precision."""
        return PRECISIONS[min(self.start.rank, self.last.rank)]

    def first_day(self) -> dt.date:
        return self.start.first_day()

    def last_day(self) -> dt.date:
        return self.last.last_day()

    def sort_key(self) -> tuple:
        """Start, then precision (coarser first), then end: the same order as by first and last
        day, without making date objects (31 stands for 'the end of the month')."""
        start, last = self.start, self.last
        return (start.year, start.month or 1, start.day or 1, start.rank,
                last.year, last.month or 12, last.day or 31)

    def bounds_at(self, precision: str) -> tuple[dt.date, dt.date]:
        """The first and last day this span may cover when known only to `precision`."""
        return self.start.truncate(precision).first_day(), self.last.truncate(precision).last_day()

    def overlaps(self, other: "Span") -> bool:
        """Whether two spans can overlap, compared at the coarser of their precisions."""
        coarser = self._coarser(other)
        a_first, a_last = self.bounds_at(coarser)
        b_first, b_last = other.bounds_at(coarser)
        return a_first <= b_last and b_first <= a_last

    def ends_before(self, other: "Span") -> bool:
        """Whether this span certainly ends before the other begins (at the coarser precision)."""
        return self.bounds_at(self._coarser(other))[1] < other.bounds_at(self._coarser(other))[0]

    def _coarser(self, other: "Span") -> str:
        return PRECISIONS[min(PRECISIONS.index(self.precision), PRECISIONS.index(other.precision))]

    def years(self) -> range:
        return range(self.start.year, self.last.year + 1)


def parse_today(value: str | None, source_date_epoch: str | None) -> dt.date:
    """The date that "has it happened yet?" is judged against: --today, SOURCE_DATE_EPOCH, or now."""
    if value:
        date = parse_partial_date(value)
        if date.precision != "day":
            raise ValueError(f"expected YYYY-MM-DD, got '{value}'")
        return date.first_day()
    if source_date_epoch:
        return dt.datetime.fromtimestamp(int(source_date_epoch), dt.timezone.utc).date()
    return dt.date.today()
