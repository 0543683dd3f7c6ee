"""Source articles in seeds/, and the check that makes them first-class: a quoted passage must
occur in the article it cites.

Quotes are compared after normalising what editors cannot see or type alike: runs of white
space, curly and straight quotes, and the family of dashes.
"""

from __future__ import annotations

import array
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Iterable, Mapping, Optional

import yaml

from ..config.schema import SOURCES, names
from ..core.dates import PartialDate
from ..core.errors import Problems, did_you_mean
from ..core.textfile import read_text
from ..model.timeline import Article, Source
from ..urls import is_web_address
from .articles import SIDECAR, read_sidecar
from .files import link_inside
from .frontmatter import FieldReader
from .passages import Nearest, excerpts, nearest_passage, normalise, normalise_with_positions, segments, visible

SEEDS_DIR = "seeds"
SOURCE_KEYS = names(SOURCES)


INDEX_FROM = 50_000  # characters of normalised text; below this a plain search is quick
_KEY = 48  # characters after a boundary that its place in the sorted order is decided by
_BOUNDARY = re.compile(r"(?<!\w)\S")  # a character that starts a word or is a mark after a space


@dataclass(frozen=True)
class Seed:
    name: str  # the file name, as cited by `seed:`
    text: str
    meta: Article = Article()  # from its sidecar, seeds/<stem>.toml

    @cached_property
    def headline(self) -> str:
        """The article's first non-empty line, which is its headline as saved."""
        return next((line.strip() for line in self.text.splitlines() if line.strip()), self.name)

    @property
    def title(self) -> str:
        return self.meta.title or self.headline

    @cached_property
    def digest(self) -> str:
        """Changes whenever the article's text or its sidecar does."""
        return hashlib.sha1(self.text.encode("utf-8", "surrogatepass") + repr(self.meta).encode()).hexdigest()

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
        return normalise_with_positions(self.text)

    def paragraphs(self, quotes: list[str]) -> list[list[tuple[str, bool]]]:
        """The body (headline excluded) as paragraphs of (text, is-quoted) segments."""
        spans = sorted(filter(None, (self.find(q) for q in quotes)))
        body_start = self.body_start
        result, first = [], 0
        for match in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", self.text[body_start:], re.S):
            start, end = match.start() + body_start, match.end() + body_start
            while first < len(spans) and spans[first][1] <= start:  # quoted passages before this paragraph
                first += 1
            result.append(segments(self.text, start, end, spans, first))
        return result

    def excerpts(self, quotes: list[str]) -> list[tuple[list[tuple[str, bool]], list[str]]]:
        """What a quotes-only page shows: each quoted passage in the sentences around it, as
        (segments, the quotes it holds); passages that share a sentence are one excerpt."""
        found = sorted((span, quote) for quote in quotes if (span := self.find(quote)))
        spans = [span for span, _ in found]
        return [(segments(self.text, e.start, e.end, spans, e.quoted[0]), [found[i][1] for i in e.quoted])
                for e in excerpts(self.text, self.body_start, spans)]

    def quoted_share(self, quotes: Iterable[str]) -> float:
        """The share of the article's text (after the headline; letters and marks, not spaces)
        that the quotes cover, each passage counted once however often it is quoted. Measured on
        the normalised text alone: the map back to the original's positions (a list of ints per
        character, 50 MB for 500 articles) is not needed for a share."""
        body = self._normal_body
        spans = sorted((at, at + len(needle)) for needle in map(normalise, quotes)
                       if needle and (at := body.find(needle)) >= 0)
        covered, reached = 0, 0
        for start, end in spans:
            start = max(start, reached)
            if end > start:
                covered += visible(body[start:end])
                reached = end
        return covered / self._body_visible if self._body_visible else 0.0

    def share_of(self, text: str) -> float:
        """The share of the article's text (after the headline; not counting spaces) that `text`
        is: what a quotes-only page shows of it."""
        return visible(text) / self._body_visible if self._body_visible else 0.0

    @cached_property
    def _normal_body(self) -> str:
        return normalise(self.text[self.body_start:])

    @cached_property
    def _body_visible(self) -> int:
        return visible(self._normal_body)

    def nearest(self, quote: str) -> Optional[Nearest]:
        """The passage most like a quote that does not occur, as the article has it."""
        normal_text, positions = self._normalised
        found = nearest_passage(normal_text, normalise(quote))
        if found is None:
            return None
        original = " ".join(self.text[positions[found.start]:positions[found.end - 1] + 1].split())
        return replace(found, passage=original)

    @cached_property
    def body_start(self) -> int:
        """Where the text after the headline starts."""
        return self.text.find(self.headline) + len(self.headline)


def quote_hint(seed: Seed, quote: str) -> str:
    """What to do about a quote that does not occur: the nearest passage, and how it differs."""
    nearest = seed.nearest(quote)
    if nearest is None:
        return "no passage of the article comes close; copy the sentence that supports the entry"
    return (f"the nearest passage, {nearest.likeness:.0%} alike, reads \"{_clipped(nearest.passage)}\"; yours has "
            + "; ".join(nearest.differences))


def _clipped(text: str, most: int = 400) -> str:
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " ..."


def load_seeds(root: Path, problems: Problems, today: Optional[dt.date] = None) -> Mapping[str, Seed]:
    """Every readable article in seeds/, by file name, with what its sidecar says of it (`today`: no
    sidecar may date its article after it)."""
    folder = root / SEEDS_DIR
    if not folder.is_dir():
        return {}
    inside, files = folder.resolve(), []
    for path in sorted(folder.iterdir()):
        shown_as = f"{SEEDS_DIR}/{path.name}"
        if path.name.startswith(".") or (path.is_symlink() and not link_inside(str(path), inside, shown_as,
                                                                               f"{SEEDS_DIR}/", problems)):
            continue
        if path.is_file():
            files.append(path)
    articles = [path for path in files if path.suffix != SIDECAR]
    seeds = _read_articles(articles, problems)
    return _with_sidecars(seeds, [p for p in files if p.suffix == SIDECAR], {p.stem for p in articles}, problems,
                          today)


def _with_sidecars(seeds: dict[str, Seed], sidecars: list[Path], stems: set[str], problems: Problems,
                   today: Optional[dt.date]) -> dict[str, Seed]:
    """`stems`: of every article file, read or not (one that is not UTF-8 is reported already)."""
    by_stem = {Path(name).stem: name for name in seeds}
    for path in sidecars:
        shown_as = f"{SEEDS_DIR}/{path.name}"
        name = by_stem.get(path.stem)
        if path.stem not in stems:
            problems.error(shown_as, 1, "", f"no article beside this sidecar (it describes seeds/{path.stem}.*)",
                           "name it after the article's file, like seeds/<article>.toml")
            continue
        meta = read_sidecar(path, shown_as, problems, today)
        if meta is not None and name is not None:
            seeds[name] = replace(seeds[name], meta=meta)
    return seeds


def _read_articles(paths: list[Path], problems: Problems) -> dict[str, Seed]:
    seeds, stems = {}, {}
    for path in paths:
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
    text = {key: reader.text(fields[key], f"{name}.{key}")
            for key in ("seed", "url", "archived", "title", "publisher", "quote") if key in fields}
    if text.get("archived") and not is_web_address(text["archived"]):
        reader.error(fields["archived"], f"{name}.archived", f"expected an http(s) address, got '{text['archived']}'",
                     "the archive's address of the page, like https://web.archive.org/web/2024/https://...")
        return None
    date = reader.date(fields["date"], f"{name}.date") if "date" in fields else None
    if ("seed" in fields) == ("url" in fields):
        if "seed" in fields:
            reader.error(fields["url"], f"{name}.url", "give either seed: (a file in seeds/) or url:, not both",
                         "an article's original address goes in its sidecar, seeds/<article>.toml: url = \"...\"")
        else:
            reader.error(item, name, "needs seed: (a file in seeds/) or url:")
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
        reader.error(fields["quote"], f"{name}.quote", f"does not occur in seeds/{seed_name}", quote_hint(seed, quote))
        return None
    meta = seed.meta
    return Source(title=text.get("title") or seed.title, quote=" ".join(quote.split()), seed=seed_name,
                  url=meta.url, publisher=text.get("publisher") or meta.publisher, date=date or meta.published,
                  author=meta.author, language=meta.language, archived=text.get("archived") or meta.archived)


def _web_source(reader: FieldReader, fields: dict, text: dict, name: str,
                date: Optional[PartialDate]) -> Optional[Source]:
    url, title = text.get("url") or "", text.get("title")
    if not is_web_address(url):
        reader.error(fields["url"], f"{name}.url", f"expected an http(s) address, got '{url}'")
        return None
    if not title:
        reader.error(fields.get("title", fields["url"]), f"{name}.title", "a web source needs a title")
        return None
    return Source(title=title, quote=text.get("quote") or "", url=url,
                  publisher=text.get("publisher") or "", date=date, archived=text.get("archived") or "")
