"""The content model: typed, frozen events and the `Timeline` that indexes and links them.

Pure data and cross-entry rules; no Jinja, no file access. `build_timeline` takes validated
events and returns a sorted, indexed timeline, reporting relation problems it finds.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from ..core.dates import PartialDate, Span
from ..core.errors import Problems
from ..core.records import quick_pickle
from .media import Media
from .relations import Link, link_events, refuse_follows_cycles


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    type: str  # country | organisation | group
    aliases: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)  # where parties.toml declares it
    names: tuple[tuple[str, str], ...] = ()  # (language, name) for the site's other languages


@dataclass(frozen=True, slots=True)
class Article:
    """What is known of an article in seeds/ beyond its text: its sidecar, seeds/<stem>.toml.

    `republish`: "quotes" (the default: the site shows the quoted passages with the sentence
    around them, not the article) or "full" (the whole text, for articles one may republish)."""

    title: str = ""
    publisher: str = ""
    url: str = ""  # the original, http(s)
    published: Optional[PartialDate] = None
    author: str = ""
    language: str = ""
    republish: str = "quotes"
    license: str = ""
    quoted_share: Optional[float] = None  # quotes-only: the share of its text the entries may quote (else the site's)
    archived: str = ""  # an archive's copy of the original, http(s)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: a seed article in seeds/, or a web page. For a seed, publisher,
    date, url, author and language come from the article's sidecar unless the entry gives them."""

    title: str
    quote: str = ""
    seed: str = ""  # file name in seeds/
    url: str = ""
    publisher: str = ""
    date: Optional[PartialDate] = None
    author: str = ""
    language: str = ""
    archived: str = ""  # an archive's copy of the original, http(s)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Relation:
    type: str
    target: str
    line: int


@quick_pickle
@dataclass(frozen=True, slots=True)
class Milestone:
    date: PartialDate
    status: str
    note: str = ""
    line: int = field(default=0, compare=False)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Correction:
    """A correction made to an entry after it was published: when, and what was wrong."""

    date: PartialDate
    note: str
    line: int = field(default=0, compare=False)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Event:
    slug: str
    path: str  # the entry file, relative to the project root
    title: str
    span: Span
    kind: str
    status: str = ""
    parties: tuple[str, ...] = ()
    location: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    related: tuple[Relation, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    sources: tuple[Source, ...] = ()
    draft: bool = False
    updated: Optional[PartialDate] = None  # when the entry was last revised, if it says so
    corrections: tuple[Correction, ...] = ()
    media: tuple[Media, ...] = ()
    body: str = ""
    extra: tuple[tuple[str, Any], ...] = ()  # the site's own fields it gives: (name, value), as declared
    # on the pages of another language: the text fields still in the original, and its language
    fallback: frozenset[str] = frozenset()
    original_language: str = ""
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    fingerprint: str = field(default="", compare=False)  # changes whenever the entry file does
    front_fingerprint: str = field(default="", compare=False)  # changes whenever its front matter does

    def line(self, name: str) -> int:
        return self.lines.get(name, 1)

    def own(self, name: str) -> Any:
        """The value of one of the site's own fields, or None."""
        return next((value for key, value in self.extra if key == name), None)

    @property
    def sort_key(self) -> tuple:
        return (*self.span.sort_key(), self.slug)


@dataclass
class Timeline:
    events: list[Event]  # oldest first, deterministic
    parties: Mapping[str, Party]
    by_slug: dict[str, Event] = field(default_factory=dict)
    by_kind: dict[str, list[Event]] = field(default_factory=dict)
    by_party: dict[str, list[Event]] = field(default_factory=dict)
    # named terms by taxonomy: tags and the site's own taxonomies, {taxonomy: {slug: events}}, and
    # each term's label (the spelling most entries use; a translation's own on its language's pages)
    by_term: dict[str, dict[str, list[Event]]] = field(default_factory=dict)
    term_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    by_year: dict[int, list[Event]] = field(default_factory=dict)
    by_status: dict[str, list[Event]] = field(default_factory=dict)
    by_seed: dict[str, list[Event]] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)  # each event's relations, both ways
    position: dict[str, int] = field(default_factory=dict)

    @property
    def by_tag(self) -> dict[str, list[Event]]:
        return self.by_term["tags"]

    @property
    def tag_labels(self) -> dict[str, str]:
        return self.term_labels["tags"]

    @functools.cached_property
    def updated(self) -> dict[str, dt.date]:
        """Each event's content date, by slug: when the entry last said something new, the latest
        date it mentions (start, end, milestones, dated sources, updated, corrections). Feeds, calendars and the sitemap
        date entries by it instead of the build's clock, so the same content gives the same bytes."""
        return {e.slug: content_date(e) for e in self.events}

    def neighbours(self, event: Event) -> tuple[Optional[Event], Optional[Event]]:
        """The chronologically previous and next events."""
        index = self.position[event.slug]
        previous = self.events[index - 1] if index > 0 else None
        following = self.events[index + 1] if index + 1 < len(self.events) else None
        return previous, following


def last_revised(event: Event) -> Optional[PartialDate]:
    """When the entry says it was last revised (updated:, or its latest correction), if it does."""
    dates = [*([event.updated] if event.updated else []), *(c.date for c in event.corrections)]
    return max(dates, key=lambda d: (d.last_day(), d.rank)) if dates else None


def unique_sources(event: Event) -> list[Source]:
    """The event's sources, each article or page once, in the order first cited."""
    seen, result = set(), []
    for source in event.sources:
        key = source.seed or source.url
        if key not in seen:
            seen.add(key)
            result.append(source)
    return result


def content_date(event: Event) -> dt.date:
    dates = [event.span.start, *([event.span.end] if event.span.end else []),
             *(m.date for m in event.milestones), *(s.date for s in event.sources if s.date),
             *([event.updated] if event.updated else []), *(c.date for c in event.corrections)]
    return max(d.first_day() for d in dates)


@functools.lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """A URL-safe slug: ASCII lowercase words joined by hyphens."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")


def build_timeline(events: list[Event], parties: Mapping[str, Party], problems: Problems,
                   drafts: Mapping[str, Event] | None = None, failed: frozenset[str] = frozenset(),
                   taxonomies: tuple[str, ...] = ()) -> Timeline:
    """Sort and index events, check relations, and add the inverse of each relation. `failed`:
    slugs of entries that could not be read, whose own problems are reported already;
    `taxonomies`: the site's own fields whose values are terms."""
    ordered = sorted(events, key=lambda e: e.sort_key)
    timeline = Timeline(events=ordered, parties=parties, by_slug={e.slug: e for e in ordered},
                        position={e.slug: i for i, e in enumerate(ordered)})
    for event in ordered:
        _index(timeline, event)
    for taxonomy in ("tags", *taxonomies):
        _index_terms(timeline, taxonomy)
    timeline.links.update(link_events(timeline, drafts or {}, failed, problems))
    refuse_follows_cycles(timeline, problems)
    return timeline


def _index(timeline: Timeline, event: Event) -> None:
    timeline.by_kind.setdefault(event.kind, []).append(event)
    if event.status:
        timeline.by_status.setdefault(event.status, []).append(event)
    for party in event.parties:
        timeline.by_party.setdefault(party, []).append(event)
    for year in event.span.years():
        timeline.by_year.setdefault(year, []).append(event)
    for seed in sorted({s.seed for s in event.sources if s.seed}):
        timeline.by_seed.setdefault(seed, []).append(event)


def term_values(event: Event, taxonomy: str) -> tuple[str, ...]:
    """An event's terms in a taxonomy of named terms: its tags, or a site field's value(s)."""
    value = event.tags if taxonomy == "tags" else event.own(taxonomy)
    return (value,) if isinstance(value, str) else value or ()


def _index_terms(timeline: Timeline, taxonomy: str) -> None:
    """Each term's events by its slug, and one label per slug: the spelling most entries use (ties:
    alphabetical)."""
    events: dict[str, list[Event]] = {}
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event in timeline.events:
        for value in term_values(event, taxonomy):
            events.setdefault(slugify(value), []).append(event)
            spellings[slugify(value)][value] += 1
    timeline.by_term[taxonomy] = events
    timeline.term_labels[taxonomy] = {slug: min(counts, key=lambda t: (-counts[t], t))
                                      for slug, counts in spellings.items()}
