"""Dates as English news text writes them, found in a sentence and resolved to a `PartialDate`
(or a span) at the precision the text gives: "13-15 June", "June 13-15", "30 June - 2 July 2024",
"April 2, 2024", "on 11 July", "July 2023", "in 2021", "the previous day", "today", "on Tuesday",
"by the end of the year".

A date written without its year takes it from the article's own date when the sidecar gives it
(a month more than half a year after it is read as the year before), else from the last year the
article wrote out before it (or the first after it). What cannot be resolved is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from ..model.dates import PartialDate, parse_partial_date

_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
           "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_M = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
      r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![a-z])")
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_TO = r"\s*(?:-|\u2013|\u2014|to|and|until)\s*"
_AT = r"(?:in|since|during|until|till|by|from|of|before|after|early|late|mid-?|on)"
# (name, pattern); tried together, the leftmost-longest match wins
_PATTERNS = [
    ("days", rf"(?:between\s+)?(?P<m>{_M})\s+(?P<d>{_D}){_TO}(?P<d2>{_D})(?:,?\s+(?P<y>{_Y}))?(?!\d)"),
    ("days", rf"(?:between\s+)?(?P<d>{_D}){_TO}(?P<d2>{_D})\s+(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?(?!\d)"),
    ("months", rf"(?P<m>{_M})\s+(?P<d>{_D}){_TO}(?P<m2>{_M})\s+(?P<d2>{_D})(?:,?\s+(?P<y>{_Y}))?(?!\d)"),
    ("months", rf"(?P<d>{_D})\s+(?P<m>{_M}){_TO}(?P<d2>{_D})\s+(?P<m2>{_M})(?:,?\s+(?P<y>{_Y}))?(?!\d)"),
    ("day", rf"(?P<m>{_M})\s+(?P<d>{_D})(?:,?\s+(?P<y>{_Y}))?(?![\d:])"),
    ("day", rf"(?<![\d$\u20ac\u00a3])(?P<d>{_D})\s+(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?(?!\d)"),
    ("month", rf"(?P<m>{_M})\s+(?:of\s+)?(?P<y>{_Y})(?!\d)"),
    ("month", rf"\b{_AT}\s+(?:early\s+|late\s+|mid-?)?(?P<m>{_M})(?![\s.]*\d)"),
    ("year", rf"\b{_AT}\s+(?:early\s+|late\s+|mid-?)?(?P<y>{_Y})(?![\d-])"),
    ("relative", r"(?i:\b(?P<rel>the\s+(?:previous|following|next)\s+day|the\s+day\s+(?:before|after)"
                 r"|yesterday|today|tomorrow))\b"),
    ("weekday", r"\b(?:on|last|next|this)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ("deadline", r"(?i:\bby\s+the\s+end\s+of\s+(?:the\s+|this\s+)?year)\b"),
]
_COMPILED = [(name, re.compile(pattern)) for name, pattern in _PATTERNS]
_YEAR_ANYWHERE = re.compile(rf"(?<!\d){_Y}(?!\d)")


@dataclass(frozen=True)
class Found:
    text: str  # as the sentence writes it
    start: int
    end: int
    date: Optional[PartialDate]  # None: found, but it could not be resolved
    end_date: Optional[PartialDate] = None
    how: str = "as written"  # how it was resolved, for the editor
    deadline: bool = False  # "by the end of the year": a time limit, not when something happened


@dataclass
class Timeframe:
    """What resolving a date needs from the rest of the article: its own date, the years it
    writes out (by position), and the last day a sentence named (for "the previous day")."""

    published: Optional[PartialDate]
    years: list[tuple[int, int]] = field(default_factory=list)  # (position in the article, year)
    last_day: Optional[PartialDate] = None

    @classmethod
    def of(cls, text: str, published: Optional[PartialDate]) -> "Timeframe":
        return cls(published, [(m.start(), int(m.group())) for m in _YEAR_ANYWHERE.finditer(text)])

    def year_for(self, month: int, day: Optional[int], at: int) -> tuple[Optional[int], str]:
        if self.published:
            year = self.published.year
            guess = dt.date(year, month, min(day or 1, 28))
            if guess > self.published.first_day() + dt.timedelta(days=183):
                return year - 1, "the year before the article's date"
            return year, "the year from the article's date"
        before = [year for position, year in self.years if position < at]
        if before:  # a story sets its year before it leaves it out
            return before[-1], "the last year the article wrote before it"
        if self.years:
            return self.years[0][1], "the first year the article writes after it"
        return None, "no year: the article has no date and writes no year"


def find_dates(sentence: str, at: int, frame: Timeframe) -> list[Found]:
    """Every date expression of a sentence that starts at `at` in the article, left to right."""
    matches = []
    for name, pattern in _COMPILED:
        matches += [(m.start(), -m.end(), name, m) for m in pattern.finditer(sentence)]
    found, covered = [], -1
    for start, _, name, match in sorted(matches, key=lambda item: item[:2]):
        if start < covered:
            continue
        covered = match.end()
        found.append(_resolve(name, match, at + start, frame))
        if found[-1].date is not None and found[-1].date.precision == "day" and not found[-1].deadline:
            frame.last_day = found[-1].end_date or found[-1].date
    return found


def _resolve(name: str, match: re.Match, at: int, frame: Timeframe) -> Found:
    text, groups = match.group(), match.groupdict()
    make = lambda date, end=None, how="as written", deadline=False: Found(  # noqa: E731
        text, match.start(), match.end(), date, end, how, deadline)
    if name in ("relative", "weekday", "deadline"):
        return _relative(name, groups, frame, make)
    month = _MONTHS[groups["m"].rstrip(".").lower()] if groups.get("m") else None
    day = int(re.match(r"\d+", groups["d"]).group()) if groups.get("d") else None
    year, how = (int(groups["y"]), "as written") if groups.get("y") else (None, "")
    if year is None:
        year, how = frame.year_for(month or 1, day, at)
        if year is None:
            return make(None, how=how)
    date = _date(year, month, day)
    if name in ("days", "months"):
        month2 = _MONTHS[groups["m2"].rstrip(".").lower()] if groups.get("m2") else month
        end = _date(year, month2, int(re.match(r"\d+", groups["d2"]).group()))
        if date is None or end is None or end < date:
            return make(None, how="not a real range of days")
        return make(date, end, how)
    return make(date, how=how) if date else make(None, how="not a real date")


def _relative(name: str, groups: dict, frame: Timeframe, make) -> Found:
    published = frame.published
    if name == "deadline":
        year = published.year if published else (frame.years[-1][1] if frame.years else None)
        return make(PartialDate(year) if year else None, how="the year of the article", deadline=True)
    if name == "weekday":
        if not published or published.precision != "day":
            return make(None, how="a weekday needs the article's date to the day")
        back = (published.first_day().weekday() - _WEEKDAYS.index(groups["wd"].lower())) % 7
        day = published.first_day() - dt.timedelta(days=back)
        return make(PartialDate(day.year, day.month, day.day), how="the last such weekday before the article")
    words = " ".join(groups["rel"].lower().split())
    if words in ("today", "yesterday", "tomorrow"):
        if not published:
            return make(None, how=f"'{words}' needs the article's date")
        if published.precision != "day":
            return make(published if words == "today" else None, how="the article's date, to the precision known")
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[words]
        day = published.first_day() + dt.timedelta(days=shift)
        return make(PartialDate(day.year, day.month, day.day), how="from the article's date")
    if frame.last_day is None:
        return make(None, how=f"'{words}' follows no day named before it")
    shift = -1 if words in ("the previous day", "the day before") else 1
    day = frame.last_day.first_day() + dt.timedelta(days=shift)
    return make(PartialDate(day.year, day.month, day.day), how="from the day named before it")


def _date(year: int, month: Optional[int], day: Optional[int]) -> Optional[PartialDate]:
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    try:
        return parse_partial_date(iso)
    except ValueError:
        return None
