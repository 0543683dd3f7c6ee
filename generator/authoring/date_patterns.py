"""The patterns `timeline extract` finds dates with, made for one language from what CLDR knows
of its calendar (month and weekday names in every form and region, the words for the days
around today, the order of a numeric date) and the words words.py knows around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from babel import Locale, localedata

from .words import Words, words_for

YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_DASH = r"\s*(?:-|\u2013|\u2014)\s*"
_DAY = r"(?<![\d.,:])(?:3[01]|[12]\d|0?[1-9])"  # a day's number, not the end of another number
_APOSTROPHES = str.maketrans("\u2019\u02bc", "''")
# (name, pattern) with %(...)s filled from the language's lexicon; tried together, the
# leftmost-longest match wins. A pattern whose words the language lacks is left out.
_TEMPLATES = [
    ("days", r"(?:(?:%(FROM)s)\s+)?%(WD)s(?P<d>%(D)s)%(TO)s%(WD)s(?P<d2>%(D)s)\s+(?P<m>%(M)s)%(YEAR)s(?!\d)"),
    ("days", r"(?:(?:%(FROM)s)\s+)?(?P<m>%(M)s)\s+(?P<d>%(D)s)%(TO)s(?P<d2>%(D)s)%(YEAR)s(?!\d)"),
    ("months", r"(?P<m>%(M)s)\s+(?P<d>%(D)s)%(TO)s(?P<m2>%(M)s)\s+(?P<d2>%(D)s)%(YEAR)s(?!\d)"),
    ("months", r"%(WD)s(?P<d>%(D)s)\s+(?P<m>%(M)s)%(TO)s%(WD)s(?P<d2>%(D)s)\s+(?P<m2>%(M)s)%(YEAR)s(?!\d)"),
    ("day", r"%(WD)s(?P<m>%(M)s)\s+(?P<d>%(D)s)(?:%(WHICH_REQ)s|%(YEAR)s)(?![\d:])"),
    ("day", r"(?<![\d$\u20ac\u00a3])%(WD)s(?P<d>%(D)s)\s+(?P<m>%(M)s)(?:%(WHICH_REQ)s|%(YEAR)s)(?!\d)"),
    ("numeric", r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>%(Y)s)%(YS)s(?![\d.]\d)"),
    ("iso", r"(?<![\d-])(?P<y>%(Y)s)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
    ("month", r"(?P<m>%(M)s)\s+(?:of\s+)?(?P<y>%(Y)s)%(YS)s(?!\d)"),
    ("month", r"(?<!\w)(?i:%(AT_M)s)\s+(?:early\s+|late\s+|mid-?)?(?P<m>%(MW)s)%(WHICH)s(?![\s.]*\d)"),
    ("year", r"(?<!\w)(?i:%(AT_Y)s)\s+(?:early\s+|late\s+|mid-?)?(?P<y>%(Y)s)%(YS)s(?![\d-])"),
    ("year", r"(?<![\w.,/\u00a7-])(?P<y>%(Y)s)(?![\w/-])%(BARE)s"),
    ("years", r"(?<!\w)(?i:%(YEARS_OPEN)s)\s+(?P<y>%(Y)s)%(TO)s(?P<y2>%(Y)s)%(YS)s(?!\d)"),
    ("previous", r"(?<!\w)(?i:%(PREVIOUS)s)(?!\w)"),
    ("next", r"(?<!\w)(?i:%(NEXT)s)(?!\w)"),
    ("same", r"(?<!\w)(?i:%(SAME)s)(?!\w)"),
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
    formats: tuple[str, ...]  # CLDR's long and medium date patterns of the language's regions: d MMMM y
    words: Words
    future: Optional[re.Pattern]  # a sentence that only announces what it dates: its year may be the next


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
        form = key(name)
        months[form] = number if months.get(form, number) == number else 0  # a form of two months is neither
    weekdays = {key(name): number for locale in locales for context in ("format", "stand-alone")
                for number, name in locale.days[context]["wide"].items()}
    days = {key(word): shift for locale in locales
            for shift, word in locale._data["date_fields"]["day"]["relative"].items()}
    days.update(words.extra_days)
    orders = {_day_first(locale.date_formats["short"].pattern) for locale in locales} - {None}
    return Lexicon(base, {k: v for k, v in months.items() if v}, tuple(sorted(wide, key=len, reverse=True)),
                   tuple(sorted(set(short) - set(wide), key=len, reverse=True)), weekdays, days,
                   orders.pop() if len(orders) == 1 else None,
                   tuple(dict.fromkeys(locale.date_formats[width].pattern for locale in locales
                                       for width in ("long", "medium"))), words,
                   re.compile(rf"(?<!\w)(?:{words.future})(?!\w)", re.I) if words.future else None)


def key(name: str) -> str:
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


_FIELD = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|\s+|.", re.S)


def _as_written(pattern: str, months: str) -> list[str]:
    """Regular expressions for the dates a CLDR pattern writes ("d 'de' MMMM 'de' y": "9 de julio
    de 2024"; "y. MMMM d."; "y年M月d日"), with and without the year where a month's name or
    the script's own words mark it as a date ("9 de julio", "7月9日", not "9.7")."""
    fields = [(m.group(1) is not None, m.group()) for m in _FIELD.finditer(pattern)]
    found = [_regex(fields, months)]
    at = [i for i, (field, _) in enumerate(fields) if field]
    year = next((i for i in at if fields[i][1][0] == "y"), None)
    if year is not None and len(at) == 3 and year in (at[0], at[-1]):
        rest = fields[at[1]:] if year == at[0] else fields[:at[-2] + 1]
        if any((field and text[0] in "ML" and len(text) > 2) or (not field and any(c.isalpha() for c in text))
               for field, text in rest):
            found.append(_regex(rest, months))
    return [regex + r"(?!\d|:\d)" for regex in found if regex]  # "June 12:30" is a time


def _regex(fields: list[tuple[bool, str]], months: str) -> Optional[str]:
    parts, have = [], set()
    for field, text in fields:
        if not field:
            literal = text.strip().replace("''", "'").strip("'")
            before, after = (r"\s*" if text[:1].isspace() else ""), (r"\s*" if text[-1:].isspace() else "")
            parts.append(before + re.escape(literal) + after if literal else r"\s+")
            continue
        letter, width = text[0], len(text)
        if letter == "d" and width <= 2:
            parts.append(f"(?P<d>{_DAY})")
        elif letter in "ML":
            parts.append(r"(?P<mn>1[0-2]|0?[1-9])" if width <= 2 else f"(?P<m>{months})")
        elif letter == "y" and width != 2:
            parts.append(f"(?P<y>{YEAR})")
        else:
            return None  # a weekday, an era, a two-digit year: not a form we read
        have.add(letter.replace("L", "M"))
    return "".join(parts) if {"d", "M"} <= have else None


def _days(lex: Lexicon) -> str:
    """The words for the days around the article's: the one for today, where the language also
    uses it for "nowadays" ("heute", "aujourd'hui"), only with a time of the day after it."""
    today = [word for word, shift in lex.days.items() if shift == 0]
    others = _names(sorted(set(lex.days) - set(today), key=len, reverse=True))
    needs = rf"(?=(?i:{lex.words.today_needs}))" if lex.words.today_needs else ""
    return "|".join(filter(None, (others, _names(today) + needs if today else "")))


@lru_cache(maxsize=None)
def patterns(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    lex = lexicon(language)
    words = lex.words
    weekday = _names(sorted(lex.weekdays, key=len, reverse=True))
    joins = rf"(?:(?i:{words.weekday_joins})\s+)?" if words.weekday_joins else ""
    fill = {
        "M": _names(lex.wide, lex.short), "MW": _names(lex.wide), "Y": YEAR,
        "D": _DAY + words.day_suffix,
        "YS": words.year_suffix, "FROM": words.range_opens,
        "TO": _DASH + (rf"|\s+(?i:{words.range_joins})\s+" if words.range_joins else ""),
        "WD": rf"(?:{weekday},?\s+{joins})?" if weekday else "",
        "AT_M": words.before_month, "AT_Y": words.before_year, "BARE": words.bare_year,
        "YEARS_OPEN": words.years_open, "PREVIOUS": words.previous_day,
        "NEXT": words.next_day, "SAME": words.same_day, "DEADLINE": words.deadline, "LATER": words.days_later,
        "EARLIER": words.days_earlier, "DAYS": _days(lex),
        "PAST_WEEKDAY": words.past_weekday.replace("{wd}", f"(?P<wd>{weekday})") if weekday else "",
    }
    fill["TO"] = f"(?:{fill['TO']})"
    fill["YEAR"] = rf"(?:,?\s+(?P<y>{YEAR}){words.year_suffix})?"
    which = [f"(?P<{name}>{said})" for name, said in (("this", words.this_year), ("last", words.last_year)) if said]
    fill["WHICH_REQ"] = rf"\s+(?i:{'|'.join(which)})" if which else "(?!)"
    fill["WHICH"] = f"(?:{fill['WHICH_REQ']})?" if which else ""
    optional = {"YS", "WD", "FROM", "WHICH"}  # may be empty: the others leave their patterns out
    compiled = []
    for name, template in _TEMPLATES:
        if any(f"%({key})s" in template and not fill[key] for key in fill if key not in optional):
            continue
        pattern = template if fill["FROM"] else template.replace(r"(?:(?:%(FROM)s)\s+)?", "")
        compiled.append((name, re.compile(pattern % fill)))
    for written in dict.fromkeys(p for form in lex.formats for p in _as_written(form, fill["M"])):
        compiled.append(("day", re.compile(written)))
    return tuple(compiled)
