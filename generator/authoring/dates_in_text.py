"""Dates as news text writes them, in the article's language, found in a sentence and resolved
to a `PartialDate` (or a span) at the precision the text gives: "13-15 June", "vom 26. bis 28.
Juni", "з 9 по 11 липня", "du 9 au 11 juillet", "April 2, 2024", "09.07.2024", "у березні",
"in 2021", "the previous day", "am Vortag", "напередодні", "by the end of the year".

Month and weekday names in all their forms and the words for the days around today come from
CLDR (every region of the language: de-AT's "Jänner" is German), as does the order of a numeric
date's day and month (where the regions disagree, as en-US and en-GB do, only a numeric date
that cannot be read two ways is taken). The words around them come from words.py.

A date written without its year takes it from the sentence, else from a date the article wrote
out in full just before it, else from the article's own date, else from a year written just
before it (see Timeframe.year_for). What cannot be resolved is reported, never guessed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from ..core.dates import PartialDate, parse_partial_date
from .date_patterns import YEAR, Lexicon, key, lexicon, patterns
from .words import Words

_YEAR_ANYWHERE = re.compile(rf"(?<!\d){YEAR}(?!\d)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_FULL = ("days", "months", "day", "numeric", "iso", "month")  # a date with a month: its year dates the next
_OPENING = re.compile(r"[\s\"'\u201c\u2018\u201e\u00ab(\[]+")  # what may come before a sentence's first word


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
    writes out (by position), the dates it wrote out with their year so far, and the last day a
    sentence named (for "the previous day")."""

    published: Optional[PartialDate]
    years: list[tuple[int, int]] = field(default_factory=list)  # (position in the article, year)
    paragraphs: list[int] = field(default_factory=list)  # where each paragraph starts
    dated: list[tuple[int, int]] = field(default_factory=list)  # (position, year) of dates written out in full
    resolved: list[tuple[int, int]] = field(default_factory=list)  # (position, year) of every date found so far
    last_day: Optional[PartialDate] = None

    @classmethod
    def of(cls, text: str, published: Optional[PartialDate]) -> "Timeframe":
        return cls(published, [(m.start(), int(m.group())) for m in _YEAR_ANYWHERE.finditer(text)],
                   [0] + [m.end() for m in _PARAGRAPH.finditer(text)])

    def _paragraph(self, at: int) -> int:
        return bisect.bisect_right(self.paragraphs, at)

    def year_for(self, month: int, day: Optional[int], at: int, hint: "Hint") -> tuple[Optional[int], str]:
        """A year for a date written without one: the sentence's own; else that of a date written
        out in full in its paragraph or the one before (a story tells its year before it leaves
        it out); else the article's own year, the one before for a date more than half a year
        after the article, the one after for a date almost a year before it ("from 1 January" in
        December) or more than half a year before it in a sentence that announces it; else, with
        no article date, a year written in its paragraph or the two before. Never a year only
        written after it, nor one from far back: "8 May" before "2017" and "2018" has none."""
        if hint.in_sentence:
            return hint.in_sentence, "the year the sentence gives"
        if self.dated and self._paragraph(self.dated[-1][0]) >= self._paragraph(at) - 1:
            return self.dated[-1][1], "the year of the date the article wrote out just before it"
        if self.published:
            published = self.published.first_day()
            guess = dt.date(published.year, month, min(day or 1, 28))
            if guess > published + dt.timedelta(days=183):
                return published.year - 1, "the year before the article's date"
            if guess < published - dt.timedelta(days=300 if not hint.announces else 183):
                return published.year + 1, "the year after the article's date"
            return published.year, "the year from the article's date"
        near = sorted((position, year) for position, year in [*self.years, *self.resolved]
                      if position < at and self._paragraph(position) >= self._paragraph(at) - 2)
        if near:
            return near[-1][1], "the year of a date the article gave just before it"
        return None, "no year: the article has no date and writes none just before it"


@dataclass(frozen=True)
class Hint:
    """What the sentence says about a year it leaves out: the year it writes elsewhere, and
    whether it announces what it dates."""

    in_sentence: Optional[int]
    announces: bool


def find_dates(sentence: str, at: int, frame: Timeframe, language: str = "en") -> list[Found]:
    """Every date expression of a sentence that starts at `at` in the article, left to right."""
    matches = []
    for name, pattern in patterns(language):
        matches += [(m.start(), -m.end(), name, m) for m in pattern.finditer(sentence)]
    chosen, covered = [], -1
    for start, _, name, match in sorted(matches, key=lambda item: item[:2]):
        inside = _OPENING.sub("", sentence[:start])  # a capitalised "Morgen" inside a sentence is a morning
        if start < covered or (name == "relative" and match.group()[:1].isupper() and inside):
            continue
        covered = match.end()
        chosen.append((name, match))
    written = {match.start(): int(match.group("y")) for name, match in chosen
               if name in _FULL and match.groupdict().get("y")}  # dates with their year, by position
    lex = lexicon(language)
    hint = Hint(list(written.values())[-1] if written else None, bool(lex.future and lex.future.search(sentence)))
    found = []
    for name, match in chosen:
        found.append(_resolve(name, match, at + match.start(), frame, lex, hint))
        if match.start() in written:
            frame.dated.append((at + match.start(), written[match.start()]))
        if found[-1].date is not None and not found[-1].deadline:
            frame.resolved.append((at + match.start(), found[-1].date.year))
        if found[-1].date is not None and found[-1].date.precision == "day" and not found[-1].deadline:
            frame.last_day = found[-1].end_date or found[-1].date
    return found


def _resolve(name: str, match: re.Match, at: int, frame: Timeframe, lex: Lexicon, hint: Hint) -> Found:
    text, groups = match.group(), match.groupdict()
    make = lambda date, end=None, how="as written", deadline=False: Found(  # noqa: E731
        text, match.start(), match.end(), date, end, how, deadline)
    if name in ("relative", "previous", "next", "same", "later", "earlier", "weekday", "deadline"):
        return _relative(name, groups, frame, make, lex)
    if name == "numeric":
        groups = _numeric(groups, lex.day_first)
        if groups is None:
            return make(None, how="a numeric date the language's regions read in two ways")
    month = lex.months[key(groups["m"])] if groups.get("m") else _number(groups.get("mn"))
    day = _number(groups.get("d"))
    year, how = (int(groups["y"]), "as written") if groups.get("y") else (None, "")
    if groups.get("this") or groups.get("last"):
        if frame.published is None:
            return make(None, how="'this year' or 'last year' needs the article's date")
        year, how = frame.published.year - bool(groups.get("last")), "from the article's date"
    if year is None:
        year, how = frame.year_for(month or 1, day, at, hint)
        if year is None:
            return make(None, how=how)
    date = _date(year, month, day)
    if name == "years":
        end = _date(int(groups["y2"]), None, None)
        return make(date, end) if end and date and end > date else make(None, how="not a real range of years")
    if name in ("days", "months"):
        month2 = lex.months[key(groups["m2"])] if groups.get("m2") else month
        end = _date(year, month2, _number(groups["d2"]))
        if date is None or end is None or end < date:
            return make(None, how="not a real range of days")
        return make(date, end, how)
    return make(date, how=how) if date else make(None, how="not a real date")


def _number(text: Optional[str]) -> Optional[int]:
    return int(re.match(r"\d+", text).group()) if text else None


def _numeric(groups: dict, day_first: Optional[bool]) -> Optional[dict]:
    """A numeric date's day and month, in the language's order; where its regions disagree, only
    when one of the two numbers cannot be a month (or both are the same)."""
    a, b = int(groups["a"]), int(groups["b"])
    if day_first is None:
        if a == b or (a > 12) != (b > 12):
            day_first = a > 12 or a == b
        else:
            return None
    day, month = (a, b) if day_first else (b, a)
    return {"d": str(day), "mn": str(month), "y": groups["y"]}


def _relative(name: str, groups: dict, frame: Timeframe, make, lex: Lexicon) -> Found:
    published = frame.published
    if name == "deadline":
        year = published.year if published else (frame.years[-1][1] if frame.years else None)
        return make(PartialDate(year) if year else None, how="the year of the article", deadline=True)
    if name == "weekday":
        if not published or published.precision != "day":
            return make(None, how="a weekday needs the article's date to the day")
        back = (published.first_day().weekday() - lex.weekdays[key(groups["wd"])]) % 7
        day = published.first_day() - dt.timedelta(days=back)
        return make(PartialDate(day.year, day.month, day.day), how="the last such weekday before the article")
    if name == "relative":
        words = key(groups["rel"])
        shift = lex.days[words]
        if not published:
            return make(None, how=f"'{words}' needs the article's date")
        if published.precision != "day":
            return make(published if shift == 0 else None, how="the article's date, to the precision known")
        day = published.first_day() + dt.timedelta(days=shift)
        return make(PartialDate(day.year, day.month, day.day), how="from the article's date")
    shift = {"previous": -1, "next": 1, "same": 0}.get(name)
    shift = shift if shift is not None else _count(groups["n"], lex.words) * (-1 if name == "earlier" else 1)
    if shift == 0 and name != "same":
        return make(None, how=f"'{groups['n']}' is not a number of days")
    if frame.last_day is None:
        return make(None, how=f"'{' '.join(make(None).text.split())}' follows no day named before it")
    day = frame.last_day.first_day() + dt.timedelta(days=shift)
    return make(PartialDate(day.year, day.month, day.day), how="from the day named before it")


def _count(word: str, words: Words) -> int:
    """A number of days written as digits or as a word of the language (1 to 10), else 0."""
    if word.isdigit():
        return int(word) if 0 < int(word) <= 366 else 0
    return next((n for n, forms in enumerate(words.numbers, 1) if re.fullmatch(forms, word, re.I)), 0)


def _date(year: int, month: Optional[int], day: Optional[int]) -> Optional[PartialDate]:
    iso = f"{year:04d}" + (f"-{month:02d}" if month is not None else "") + (f"-{day:02d}" if day is not None else "")
    try:
        return parse_partial_date(iso)
    except ValueError:
        return None
