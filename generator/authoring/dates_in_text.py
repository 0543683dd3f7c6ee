"""Dates as news text writes them, in the article's language, found in a sentence and resolved
to a `PartialDate` (or a span) at the precision the text gives: "13-15 June", "vom 26. bis 28.
Juni", "з 9 по 11 липня", "du 9 au 11 juillet", "April 2, 2024", "09.07.2024", "у березні",
"in 2021", "the previous day", "am Vortag", "напередодні", "by the end of the year".

Month and weekday names in all their forms and the words for the days around today come from
CLDR (every region of the language: de-AT's "Jänner" is German), as does the order of a numeric
date's day and month (where the regions disagree, as en-US and en-GB do, only a numeric date
that cannot be read two ways is taken). The words around them come from words.py.

A date written without its year takes it from the sentence, else from the last date the article
wrote out in full before it, else the year that puts it nearest the article's own date (when the
sidecar gives it), else the last year written before it (see Timeframe.year_for). What cannot be
resolved is reported, never guessed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from babel import Locale, localedata

from ..model.dates import PartialDate, parse_partial_date
from .words import Words, words_for

_Y = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_YEAR_ANYWHERE = re.compile(rf"(?<!\d){_Y}(?!\d)")
_DASH = r"\s*(?:-|\u2013|\u2014)\s*"
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_FULL = ("days", "months", "day", "numeric", "iso", "month")  # a date with a month: its year dates the next
_OPENING = re.compile(r"[\s\"'\u201c\u2018\u201e\u00ab(\[]+")  # what may come before a sentence's first word
_APOSTROPHES = str.maketrans("\u2019\u02bc", "''")
# (name, pattern) with %(...)s filled from the language's lexicon; tried together, the
# leftmost-longest match wins. A pattern whose words the language lacks is left out.
_TEMPLATES = [
    ("days", r"(?:(?:%(FROM)s)\s+)?%(WD)s(?P<d>%(D)s)%(TO)s%(WD)s(?P<d2>%(D)s)\s+(?P<m>%(M)s)%(YEAR)s(?!\d)"),
    ("days", r"(?:(?:%(FROM)s)\s+)?(?P<m>%(M)s)\s+(?P<d>%(D)s)%(TO)s(?P<d2>%(D)s)%(YEAR)s(?!\d)"),
    ("months", r"(?P<m>%(M)s)\s+(?P<d>%(D)s)%(TO)s(?P<m2>%(M)s)\s+(?P<d2>%(D)s)%(YEAR)s(?!\d)"),
    ("months", r"%(WD)s(?P<d>%(D)s)\s+(?P<m>%(M)s)%(TO)s%(WD)s(?P<d2>%(D)s)\s+(?P<m2>%(M)s)%(YEAR)s(?!\d)"),
    ("day", r"%(WD)s(?P<m>%(M)s)\s+(?P<d>%(D)s)%(YEAR)s(?![\d:])"),
    ("day", r"(?<![\d$\u20ac\u00a3])%(WD)s(?P<d>%(D)s)\s+(?P<m>%(M)s)%(YEAR)s(?!\d)"),
    ("numeric", r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>%(Y)s)%(YS)s(?![\d.]\d)"),
    ("iso", r"(?<![\d-])(?P<y>%(Y)s)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
    ("month", r"(?P<m>%(M)s)\s+(?:of\s+)?(?P<y>%(Y)s)%(YS)s(?!\d)"),
    ("month", r"(?<!\w)(?i:%(AT_M)s)\s+(?:early\s+|late\s+|mid-?)?(?P<m>%(MW)s)(?![\s.]*\d)"),
    ("year", r"(?<!\w)(?i:%(AT_Y)s)\s+(?:early\s+|late\s+|mid-?)?(?P<y>%(Y)s)%(YS)s(?![\d-])"),
    ("year", r"(?<![\w.,/\u00a7-])(?P<y>%(Y)s)(?![\w/-])%(BARE)s"),
    ("years", r"(?<!\w)(?i:%(YEARS_OPEN)s)\s+(?P<y>%(Y)s)%(TO)s(?P<y2>%(Y)s)%(YS)s(?!\d)"),
    ("previous", r"(?<!\w)(?i:%(PREVIOUS)s)(?!\w)"),
    ("next", r"(?<!\w)(?i:%(NEXT)s)(?!\w)"),
    ("later", r"(?<!\w)(?i:%(LATER)s)(?!\w)"),
    ("earlier", r"(?<!\w)(?i:%(EARLIER)s)(?!\w)"),
    ("relative", r"(?<!\w)(?P<rel>%(DAYS)s)(?!\w)"),
    ("weekday", r"(?<!\w)(?i:%(PAST_WEEKDAY)s)(?!\w)"),
    ("deadline", r"(?<!\w)(?i:%(DEADLINE)s)(?!\w)"),
]


@dataclass(frozen=True)
class Lexicon:
    """What CLDR knows of a language's calendar words, and the words.py words around them."""

    language: str
    months: dict[str, int]  # every form, lower case, without a final full stop
    wide: tuple[str, ...]  # the forms as written that are a month on their own, longest first
    short: tuple[str, ...]  # abbreviations, only a month beside a day or a year
    weekdays: dict[str, int]  # lower case: Monday is 0
    days: dict[str, int]  # today is 0, yesterday -1
    day_first: Optional[bool]  # in a numeric date; None where the language's regions disagree
    words: Words


@lru_cache(maxsize=None)
def lexicon(language: str) -> Lexicon:
    base = language.replace("-", "_").split("_")[0].lower()
    locales = [Locale.parse(tag) for tag in localedata.locale_identifiers()
               if tag == base or tag.startswith(base + "_")]
    words = words_for(base)
    wide = {name: number for locale in locales for context in ("format", "stand-alone")
            for number, name in locale.months[context]["wide"].items()}
    wide.update(words.extra_months)
    short = {name: number for locale in locales for context in ("format", "stand-alone")
             for number, name in locale.months[context]["abbreviated"].items() if not name.isdigit()}
    months: dict[str, int] = {}
    for name, number in [*wide.items(), *short.items()]:
        key = _key(name)
        months[key] = number if months.get(key, number) == number else 0  # a form of two months is neither
    weekdays = {_key(name): number for locale in locales for context in ("format", "stand-alone")
                for number, name in locale.days[context]["wide"].items()}
    days = {_key(word): shift for locale in locales
            for shift, word in locale._data["date_fields"]["day"]["relative"].items()}
    days.update(words.extra_days)
    orders = {_day_first(locale.date_formats["short"].pattern) for locale in locales} - {None}
    return Lexicon(base, {k: v for k, v in months.items() if v}, tuple(sorted(wide, key=len, reverse=True)),
                   tuple(sorted(set(short) - set(wide), key=len, reverse=True)), weekdays, days,
                   orders.pop() if len(orders) == 1 else None, words)


def _key(name: str) -> str:
    return name.translate(_APOSTROPHES).rstrip(".").lower()


def _day_first(pattern: str) -> Optional[bool]:
    """Whether a CLDR short date pattern puts the day before the month; None for year first."""
    order = [c for c in pattern if c in "dMy"]
    return None if order[:1] == ["y"] else order.index("d") < order.index("M")


def _names(forms, abbreviations=()) -> str:
    """An alternation of words as CLDR writes them, also capitalised (a sentence's first word),
    never inside a longer word; an abbreviation's full stop is optional."""
    variants = []
    for form, dot in [(form, False) for form in forms] + [(form, True) for form in abbreviations]:
        stem = form.rstrip(".") if dot else form
        for written in dict.fromkeys((stem, stem[:1].upper() + stem[1:])):
            variants.append(re.escape(written).replace("'", "['\u2019\u02bc]") + (r"\.?" if dot else ""))
    return r"(?<!\w)(?:" + "|".join(variants) + r")(?!\w)" if variants else ""


def _days(lex: Lexicon) -> str:
    """The words for the days around the article's: the one for today, where the language also
    uses it for "nowadays" ("heute", "aujourd'hui"), only with a time of the day after it."""
    today = [word for word, shift in lex.days.items() if shift == 0]
    others = _names(sorted(set(lex.days) - set(today), key=len, reverse=True))
    needs = rf"(?=(?i:{lex.words.today_needs}))" if lex.words.today_needs else ""
    return "|".join(filter(None, (others, _names(today) + needs if today else "")))


@lru_cache(maxsize=None)
def _patterns(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    lex = lexicon(language)
    words = lex.words
    weekday = _names(sorted(lex.weekdays, key=len, reverse=True))
    joins = rf"(?:(?i:{words.weekday_joins})\s+)?" if words.weekday_joins else ""
    fill = {
        "M": _names(lex.wide, lex.short), "MW": _names(lex.wide), "Y": _Y,
        "D": rf"(?<![\d.,:])(?:3[01]|[12]\d|0?[1-9]){words.day_suffix}",
        "YS": words.year_suffix, "FROM": words.range_opens,
        "TO": _DASH + (rf"|\s+(?i:{words.range_joins})\s+" if words.range_joins else ""),
        "WD": rf"(?:{weekday},?\s+{joins})?" if weekday else "",
        "AT_M": words.before_month, "AT_Y": words.before_year, "BARE": words.bare_year,
        "YEARS_OPEN": words.years_open, "PREVIOUS": words.previous_day,
        "NEXT": words.next_day, "DEADLINE": words.deadline, "LATER": words.days_later,
        "EARLIER": words.days_earlier, "DAYS": _days(lex),
        "PAST_WEEKDAY": words.past_weekday.replace("{wd}", f"(?P<wd>{weekday})") if weekday else "",
    }
    fill["TO"] = f"(?:{fill['TO']})"
    fill["YEAR"] = rf"(?:,?\s+(?P<y>{_Y}){words.year_suffix})?"
    optional = {"YS", "WD", "FROM"}  # may be empty: the others leave their patterns out
    compiled = []
    for name, template in _TEMPLATES:
        if any(f"%({key})s" in template and not fill[key] for key in fill if key not in optional):
            continue
        pattern = template if fill["FROM"] else template.replace(r"(?:(?:%(FROM)s)\s+)?", "")
        compiled.append((name, re.compile(pattern % fill)))
    return tuple(compiled)


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
    last_day: Optional[PartialDate] = None

    @classmethod
    def of(cls, text: str, published: Optional[PartialDate]) -> "Timeframe":
        return cls(published, [(m.start(), int(m.group())) for m in _YEAR_ANYWHERE.finditer(text)],
                   [0] + [m.end() for m in _PARAGRAPH.finditer(text)])

    def _paragraph(self, at: int) -> int:
        return bisect.bisect_right(self.paragraphs, at)

    def year_for(self, month: int, day: Optional[int], at: int,
                 in_sentence: Optional[int]) -> tuple[Optional[int], str]:
        """A year for a date written without one: the sentence's own, else that of a date written
        out in full in its paragraph or the one before (a story tells its year before it leaves it
        out), else the one nearest the article's date, else the last year written before it.
        Never a year only written after it: a first "8 May" before "2017" and "2018" has none."""
        if in_sentence:
            return in_sentence, "the year the sentence gives"
        if self.dated and self._paragraph(self.dated[-1][0]) >= self._paragraph(at) - 1:
            return self.dated[-1][1], "the year of the date the article wrote out just before it"
        if self.published:
            middle = self.published.first_day() + (self.published.last_day() - self.published.first_day()) / 2
            year = min((middle.year - 1, middle.year, middle.year + 1),
                       key=lambda y: abs(dt.date(y, month, min(day or 15, 28)) - middle))
            return year, {-1: "the year before the article's date", 0: "the year from the article's date",
                          1: "the year after the article's date"}[year - middle.year]
        before = [year for position, year in self.years if position < at]
        if before:
            return before[-1], "the last year the article wrote before it"
        return None, "no year: the article has no date and writes no year before it"


def find_dates(sentence: str, at: int, frame: Timeframe, language: str = "en") -> list[Found]:
    """Every date expression of a sentence that starts at `at` in the article, left to right."""
    matches = []
    for name, pattern in _patterns(language):
        matches += [(m.start(), -m.end(), name, m) for m in pattern.finditer(sentence)]
    chosen, covered = [], -1
    for start, _, name, match in sorted(matches, key=lambda item: item[:2]):
        inside = _OPENING.sub("", sentence[:start])  # a capitalised "Morgen" inside a sentence is a morning
        if start < covered or (name == "relative" and match.group()[:1].isupper() and inside):
            continue
        covered = match.end()
        chosen.append((name, match))
    in_full = [int(m.group("y")) for name, m in chosen if name in _FULL and m.groupdict().get("y")]
    found = []
    for name, match in chosen:
        found.append(_resolve(name, match, at + match.start(), frame, lexicon(language), in_full[-1:]))
        if name in _FULL and match.groupdict().get("y"):
            frame.dated.append((at + match.start(), int(match.group("y"))))
        if found[-1].date is not None and found[-1].date.precision == "day" and not found[-1].deadline:
            frame.last_day = found[-1].end_date or found[-1].date
    return found


def _resolve(name: str, match: re.Match, at: int, frame: Timeframe, lex: Lexicon,
             in_sentence: list[int]) -> Found:
    text, groups = match.group(), match.groupdict()
    make = lambda date, end=None, how="as written", deadline=False: Found(  # noqa: E731
        text, match.start(), match.end(), date, end, how, deadline)
    if name in ("relative", "previous", "next", "later", "earlier", "weekday", "deadline"):
        return _relative(name, groups, frame, make, lex)
    if name == "numeric":
        groups = _numeric(groups, lex.day_first)
        if groups is None:
            return make(None, how="a numeric date the language's regions read in two ways")
    month = lex.months[_key(groups["m"])] if groups.get("m") else _number(groups.get("mn"))
    day = _number(groups.get("d"))
    year, how = (int(groups["y"]), "as written") if groups.get("y") else (None, "")
    if year is None:
        year, how = frame.year_for(month or 1, day, at, in_sentence[0] if in_sentence else None)
        if year is None:
            return make(None, how=how)
    date = _date(year, month, day)
    if name == "years":
        end = _date(int(groups["y2"]), None, None)
        return make(date, end) if end and date and end > date else make(None, how="not a real range of years")
    if name in ("days", "months"):
        month2 = lex.months[_key(groups["m2"])] if groups.get("m2") else month
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
        back = (published.first_day().weekday() - lex.weekdays[_key(groups["wd"])]) % 7
        day = published.first_day() - dt.timedelta(days=back)
        return make(PartialDate(day.year, day.month, day.day), how="the last such weekday before the article")
    if name == "relative":
        words = _key(groups["rel"])
        if not published:
            return make(None, how=f"'{words}' needs the article's date")
        if published.precision != "day":
            shift = lex.days[words]
            return make(published if shift == 0 else None, how="the article's date, to the precision known")
        day = published.first_day() + dt.timedelta(days=lex.days[words])
        return make(PartialDate(day.year, day.month, day.day), how="from the article's date")
    shift = {"previous": -1, "next": 1}.get(name) or _count(groups["n"], lex.words) * (-1 if name == "earlier" else 1)
    if not shift:
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
