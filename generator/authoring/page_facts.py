"""What a saved page says of itself, from each place it says it, and the reading they agree on.

A news page names its headline four or five times: in its JSON-LD (`headline`), its Open Graph tags
(og:title), its `<title>` (with the site's name after a separator), its `<h1>`, and whatever an
extractor picks from the text, which can be a sidebar's heading ("Follow us on Twitter"). The same
goes for its date, author and publisher. `agreed` takes the reading most of them give (the page's
own spelling of it, from the most specific place), and says which places disagree and what they
say, so import can warn instead of writing a wrong title without a word.
"""

from __future__ import annotations

import html as entities
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

import lxml.html

# Where a fact may be read, most specific first: ties between readings go to the earlier place.
HEADLINE_PLACES = ("JSON-LD headline", "og:title", "the page's <h1>", "<title>", "the extractor's pick")
_ARTICLE_TYPES = re.compile(r"(?:News|Reportage|Analysis|Opinion|Report|Review|Background|Scholarly|Tech)?Article"
                            r"|BlogPosting|LiveBlogPosting|NewsArticle")
_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022:-]{1,2}\s+")
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Reading:
    place: str  # where the page says it: 'og:title'
    value: str  # as the page writes it


@dataclass(frozen=True)
class Agreed:
    value: str  # '' when no place gives one
    readings: tuple[Reading, ...]  # the places that give it, each as it writes it (in its own capitals)
    others: tuple[Reading, ...]  # what the other places say

    @property
    def places(self) -> tuple[str, ...]:
        return tuple(reading.place for reading in self.readings)

    @property
    def unsure(self) -> bool:
        return bool(self.others)

    def alternatives(self) -> str:
        """'"Follow us on Twitter" (the extractor's pick), "Summit ends" (<title>)'."""
        return ", ".join(f'"{reading.value}" ({reading.place})' for reading in self.others)


def normal(text: str) -> str:
    """A reading as compared: accents and case kept apart from spelling, quotes and dashes folded,
    white space single, trailing punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(text.split()).casefold().rstrip(" .!")


def agreed(readings: Iterable[Reading], same=normal) -> Agreed:
    """The reading most places give (ties: the earliest place's), with the places that give it and
    the others; `same` decides which readings are one (normal(), or a date's day)."""
    readings = [r for r in readings if r.value.strip()]
    votes: dict[str, list[Reading]] = {}
    for reading in readings:
        votes.setdefault(same(reading.value), []).append(reading)
    if not votes:
        return Agreed("", (), ())
    best = max(votes.values(), key=len)  # (max keeps the first of equals: the earliest place's reading)
    return Agreed(best[0].value, tuple(best), tuple(r for r in readings if r not in best))


@dataclass(frozen=True)
class PageFacts:
    """Each fact as every place of the page gives it."""

    headline: tuple[Reading, ...]
    published: tuple[Reading, ...]
    author: tuple[Reading, ...]
    publisher: tuple[Reading, ...]


def page_facts(html: bytes, extracted: Any) -> PageFacts:
    """What the page says of itself; `extracted`: the extractor's document (title, date, author,
    sitename), or None."""
    tree = _tree(html)
    ld = _json_ld(tree) if tree is not None else {}
    meta = _meta(tree) if tree is not None else {}
    publishers = [Reading("JSON-LD publisher", _name(ld.get("publisher"))),
                  Reading("og:site_name", meta.get("og:site_name", "")),
                  Reading("the extractor's pick", getattr(extracted, "sitename", None) or "")]
    title = " ".join((tree.findtext(".//title") or "").split()) if tree is not None else ""
    headline = [Reading("JSON-LD headline", _text(ld.get("headline"))), Reading("og:title", meta.get("og:title", "")),
                Reading("the page's <h1>", _h1(tree) if tree is not None else ""), Reading("<title>", title),
                Reading("the extractor's pick", getattr(extracted, "title", None) or "")]
    # the site's names: its publisher's, and what the <title> writes beside the headline that
    # neither the <h1> nor the JSON-LD headline says ('... | ZDNet'; not 'Die ePA – der lange Marsch')
    shown = [normal(r.value) for r in headline[:3:2] if r.value]
    sites = {normal(p.value) for p in publishers if p.value} | {
        normal(part) for part in _parts(title)[1:] if shown and not any(normal(part) in text for text in shown)}
    published = [Reading("JSON-LD datePublished", _text(ld.get("datePublished"))),
                 Reading("article:published_time", meta.get("article:published_time", "")),
                 Reading("the extractor's pick", getattr(extracted, "date", None) or "")]
    authors = [Reading("JSON-LD author", _name(ld.get("author"))),
               Reading("<meta name=author>", meta.get("author", "")),
               Reading("the extractor's pick", getattr(extracted, "author", None) or "")]
    return PageFacts(tuple(_without_site(r, sites) for r in map(_tidy, headline) if r.value),
                     *(tuple(r for r in map(_tidy, group) if r.value) for group in (published, authors, publishers)))


def _tree(html: bytes):
    """The page parsed, decoded as it declares (else UTF-8, else Windows-1252): lxml reads bytes
    without a declared charset as Latin-1, which turns every curly quote into three letters."""
    head = html[:4096].decode("ascii", "replace")
    declared = re.search(r"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", head, re.I)
    text = None
    for encoding in ([declared.group(1)] if declared else []) + ["utf-8", "cp1252"]:
        try:
            text = html.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text or html.decode("latin-1"))  # (lxml refuses a str that declares one)
    try:
        return lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return None


def _parts(title: str) -> list[str]:
    """A title's parts between separators, the longest first ('Summit ends | Herald' -> ['Summit
    ends', 'Herald'])."""
    return sorted((part for part in _SEPARATORS.split(title) if part), key=len, reverse=True)


def _without_site(reading: Reading, sites: set[str]) -> Reading:
    """A headline without the site's name before or after it ('Summit ends - Herald' -> 'Summit ends')."""
    parts = _SEPARATORS.split(reading.value)
    kept = [part for part in parts if normal(part) not in sites]
    if len(kept) == len(parts) or not kept:
        return reading
    return Reading(reading.place, " - ".join(kept) if len(kept) > 1 else kept[0])


def _tidy(reading: Reading) -> Reading:
    return Reading(reading.place, " ".join(entities.unescape(reading.value).split()))


def _text(value: Any) -> str:
    """A JSON-LD or meta value as text (the first of a list; entities some sites leave in decoded)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return entities.unescape(value).strip() if isinstance(value, str) else ""


def _name(value: Any) -> str:
    """A JSON-LD person or organisation (or a list of them, joined), by name."""
    items = value if isinstance(value, list) else [value]
    names = [_text(item.get("name")) if isinstance(item, dict) else _text(item) for item in items]
    return ", ".join(dict.fromkeys(n for n in names if n and not n.startswith("http")))


def _json_ld(tree) -> dict:
    """The page's JSON-LD object of an article type (in a list or an @graph too); {} if none."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _objects(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and _ARTICLE_TYPES.fullmatch(kind) for kind in kinds):
                return item
    return {}


def _objects(data: Any) -> Iterable[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def _meta(tree) -> dict[str, str]:
    """<meta property|name=... content=...>, the first of each name."""
    found: dict[str, str] = {}
    for tag in tree.xpath("//meta[@content]"):
        name = (tag.get("property") or tag.get("name") or "").strip().lower()
        if name:
            found.setdefault(name, tag.get("content") or "")
    return found


def _h1(tree) -> str:
    """The article's <h1>: the one inside <article> or <main>, else the page's only one."""
    for path in ("//article//h1", "//main//h1", "//h1"):
        found = tree.xpath(path)
        if len(found) == 1 or (found and path != "//h1"):
            return found[0].text_content()
    return ""


def day_of(value: str) -> str:
    """A date reading as compared: its day ('2024-06-12T10:00:00+02:00' -> '2024-06-12')."""
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    return match.group() if match else normal(value)


def in_capitals(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def as_the_page_writes(chosen: Agreed) -> str:
    """A name not in capitals when a place that agrees on it writes it otherwise ('JANE DOE' -> 'Jane Doe')."""
    if not in_capitals(chosen.value):
        return chosen.value
    return next((r.value for r in chosen.readings if not in_capitals(r.value)), chosen.value)

