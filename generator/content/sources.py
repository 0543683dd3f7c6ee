"""Source articles in seeds/, and the check that makes them first-class: a quoted passage must
occur in the article it cites.

Quotes are compared after normalising what editors cannot see or type alike: runs of white
space, curly and straight quotes, and the family of dashes.
"""

from __future__ import annotations

import array
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Mapping, Optional

import yaml

from ..core.errors import Problems, did_you_mean
from ..core.textfile import read_text
from ..model.dates import PartialDate
from ..model.timeline import Source
from ..urls import split_url
from .files import link_inside
from .frontmatter import FieldReader

SEEDS_DIR = "seeds"
SOURCE_KEYS = ("seed", "url", "title", "publisher", "date", "quote")
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


INDEX_FROM = 50_000  # characters of normalised text; below this a plain search is quick
_KEY = 48  # characters after a boundary that its place in the sorted order is decided by
_BOUNDARY = re.compile(r"(?<!\w)\S")  # a character that starts a word or is a mark after a space


@dataclass(frozen=True)
class Seed:
    name: str  # the file name, as cited by `seed:`
    text: str

    @cached_property
    def title(self) -> str:
        """The article's headline: its first non-empty line."""
        return next((line.strip() for line in self.text.splitlines() if line.strip()), self.name)

    @cached_property
    def digest(self) -> str:
        """Changes whenever the article's text does."""
        return hashlib.sha1(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def find(self, quote: str) -> Optional[tuple[int, int]]:
        """Where `quote` occurs in the text (start, end), after normalisation; None if absent."""
        normal_text, positions = self._normalised
        needle = normalise(quote)
        if not needle:
            return None
        at = self._at_boundary(needle) if len(normal_text) > INDEX_FROM else -1
        if at < 0:
            at = normal_text.find(needle)
        if at < 0:
            return None
        return positions[at], positions[at + len(needle) - 1] + 1

    def _at_boundary(self, needle: str) -> int:
        """The first occurrence of `needle` that starts where a word (or a mark) starts, by binary
        search in the article's boundaries sorted by the text after them: a long article cited
        thousands of times is not read through once per quote. -1 when there is none (the caller
        then searches the whole text)."""
        text, order = self._normalised[0], self._sorted_boundaries
        probe = needle[:_KEY]
        low, high = 0, len(order)
        while low < high:
            middle = (low + high) // 2
            if text[order[middle]:order[middle] + len(probe)] < probe:
                low = middle + 1
            else:
                high = middle
        found = -1
        for index in range(low, len(order)):
            at = order[index]
            if not text.startswith(probe, at):
                break
            if (found < 0 or at < found) and text.startswith(needle, at):
                found = at
        return found

    @cached_property
    def _sorted_boundaries(self) -> array.array:
        text = self._normalised[0]
        starts = sorted((match.start() for match in _BOUNDARY.finditer(text)), key=lambda at: text[at:at + _KEY])
        return array.array("q", starts)

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        return _normalise_with_positions(self.text)

    def paragraphs(self, quotes: list[str]) -> list[list[tuple[str, bool]]]:
        """The body (headline excluded) as paragraphs of (text, is-quoted) segments."""
        spans = sorted(filter(None, (self.find(q) for q in quotes)))
        body_start = self.text.find(self.title) + len(self.title)
        result, first = [], 0
        for match in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", self.text[body_start:], re.S):
            start, end = match.start() + body_start, match.end() + body_start
            while first < len(spans) and spans[first][1] <= start:  # quoted passages before this paragraph
                first += 1
            result.append(_segments(self.text, start, end, spans, first))
        return result


def normalise(text: str) -> str:
    return " ".join(text.translate(_FOLD).split())


def _normalise_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index it came from."""
    chars: list[str] = []
    positions: list[int] = []
    folded = text.translate(_FOLD)
    for index, char in enumerate(folded):
        if char.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                positions.append(index)
            continue
        chars.append(char)
        positions.append(index)
    return "".join(chars), positions


def _segments(text: str, start: int, end: int, spans: list[tuple[int, int]], first: int) -> list[tuple[str, bool]]:
    """The paragraph text[start:end] as segments; `spans` (sorted by start) from index `first`
    on may touch it. Looking only there keeps an article quoted 5,000 times linear."""
    segments, cursor = [], start
    for index in range(first, len(spans)):
        q_start, q_end = spans[index]
        if q_start >= end:  # this passage and every later one start after the paragraph
            break
        q_start, q_end = max(q_start, cursor), min(q_end, end)
        if q_start >= q_end:
            continue
        if q_start > cursor:
            segments.append((text[cursor:q_start], False))
        segments.append((text[q_start:q_end], True))
        cursor = q_end
    if cursor < end:
        segments.append((text[cursor:end], False))
    return segments


def load_seeds(root: Path, problems: Problems) -> Mapping[str, Seed]:
    """Every readable file in seeds/, by file name."""
    folder = root / SEEDS_DIR
    seeds, stems = {}, {}
    if not folder.is_dir():
        return seeds
    inside = folder.resolve()
    for path in sorted(folder.iterdir()):
        shown_as = f"{SEEDS_DIR}/{path.name}"
        if path.name.startswith(".") or (path.is_symlink() and not link_inside(str(path), inside, shown_as,
                                                                               f"{SEEDS_DIR}/", problems)):
            continue
        if not path.is_file():
            continue
        text = read_text(path, f"{SEEDS_DIR}/{path.name}", problems)
        twin = stems.setdefault(path.stem, path.name)
        if twin != path.name:
            problems.error(f"{SEEDS_DIR}/{path.name}", 0, "", f"has the same name as {SEEDS_DIR}/{twin} but for "
                           "its extension; both would be published at one address", "rename one of them")
        elif text is not None:
            seeds[path.name] = Seed(path.name, text)
    return seeds


# -- reading an entry's sources: --------------------------------------------------------------

def read_sources(reader: FieldReader, node: yaml.Node, seeds: Mapping[str, Seed]) -> tuple[Source, ...]:
    """An entry's `sources:`: each a seed with a quote that occurs in it, or a web page."""
    result = []
    for index, item in enumerate(reader.items(node, "sources")):
        source = _read_source(reader, item, f"sources[{index}]", seeds)
        if source is not None:
            result.append(source)
    return tuple(result)


def _read_source(reader: FieldReader, item: yaml.Node, name: str, seeds: Mapping[str, Seed]) -> Optional[Source]:
    fields = reader.fields(item, name, SOURCE_KEYS)
    if not fields:
        if isinstance(item, yaml.MappingNode):
            reader.error(item, name, "is empty", "give seed: and quote:, or url: and title:")
        return None
    text = {key: reader.text(fields[key], f"{name}.{key}") for key in ("seed", "url", "title", "publisher", "quote")
            if key in fields}
    date = reader.date(fields["date"], f"{name}.date") if "date" in fields else None
    if ("seed" in fields) == ("url" in fields):
        reader.error(item, name, "give either seed: (a file in seeds/) or url:, not both" if "seed" in fields
                     else "needs seed: (a file in seeds/) or url:")
        return None
    if "seed" in fields:
        return _seed_source(reader, fields, text, name, date, seeds)
    return _web_source(reader, fields, text, name, date)


def _seed_source(reader: FieldReader, fields: dict, text: dict, name: str, date: Optional[PartialDate],
                 seeds: Mapping[str, Seed]) -> Optional[Source]:
    seed_name, quote = text.get("seed"), text.get("quote")
    if not seed_name:
        reader.error(fields["seed"], f"{name}.seed", "must name a file in seeds/")
        return None
    seed = seeds.get(seed_name)
    if seed is None:
        reader.error(fields["seed"], f"{name}.seed", f"no file '{seed_name}' in seeds/",
                     did_you_mean(seed_name, seeds) or "copy the article into seeds/ unchanged")
        return None
    if not quote:
        where = fields.get("quote", fields["seed"])
        reader.error(where, f"{name}.quote", "a seed source needs a quote from the article",
                     "copy a sentence that supports the entry")
        return None
    if seed.find(quote) is None:
        reader.error(fields["quote"], f"{name}.quote", f"does not occur in seeds/{seed_name}",
                     "copy the passage exactly; spacing, curly quotes and dashes may differ")
        return None
    return Source(title=text.get("title") or seed.title, quote=" ".join(quote.split()), seed=seed_name,
                  url=text.get("url") or "", publisher=text.get("publisher") or "", date=date)


def _web_source(reader: FieldReader, fields: dict, text: dict, name: str,
                date: Optional[PartialDate]) -> Optional[Source]:
    url, title = text.get("url") or "", text.get("title")
    parts = split_url(url)
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", url):
        reader.error(fields["url"], f"{name}.url", f"expected an http(s) address, got '{url}'")
        return None
    if not title:
        reader.error(fields.get("title", fields["url"]), f"{name}.title", "a web source needs a title")
        return None
    return Source(title=title, quote=text.get("quote") or "", url=url,
                  publisher=text.get("publisher") or "", date=date)
