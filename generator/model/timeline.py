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

from ..core.errors import Problems, did_you_mean
from ..core.records import quick_pickle
from .date_text import IN_MESSAGES
from .dates import PartialDate, Span
from .media import Media


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


# Typed relations: label seen from the entry that declares it, and from the target.
RELATIONS = {
    "signed-at": ("Signed at", "Signed here"),
    "held-during": ("Held during", "Held during this"),
    "part-of": ("Part of", "Includes"),
    "implements": ("Implements", "Implemented by"),
    "follows": ("Follows", "Followed by"),
    "see-also": ("See also", "See also"),
}
_LABEL_ORDER = {label: i for i, label in enumerate(dict.fromkeys(
    [forward for forward, _ in RELATIONS.values()] + [backward for _, backward in RELATIONS.values()]))}
# Relations that say the two events happened at the same time.
CONCURRENT = ("signed-at", "held-during", "part-of")


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    event: Event
    type: str = ""  # the relation as declared (signed-at ...)
    inverse: bool = False  # declared by the other event, towards this one


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
    links: dict[str, list[Link]] = field(default_factory=dict)
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
    _link(timeline, drafts or {}, failed, problems)
    _refuse_follows_cycles(timeline, problems)
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


def _link(timeline: Timeline, drafts: Mapping[str, Event], failed: frozenset[str], problems: Problems) -> None:
    links: dict[str, list[Link]] = defaultdict(list)
    for event in timeline.events:
        for relation in event.related:
            target = timeline.by_slug.get(relation.target)
            if target is None:
                if relation.target not in failed:
                    _report_missing_target(event, relation, drafts, timeline, problems)
                continue
            if target is event:
                problems.error(event.path, relation.line, "related", "an event cannot relate to itself")
                continue
            if relation.type in CONCURRENT and not event.span.overlaps(target.span):
                problems.error(event.path, relation.line, "related",
                               f"'{relation.type}' needs the dates to overlap, but {IN_MESSAGES.span(event.span)} "
                               f"does not overlap '{target.slug}' ({IN_MESSAGES.span(target.span)})",
                               "check both dates, or use 'see-also'")
                continue
            if relation.type == "follows" and event.span.ends_before(target.span):
                problems.error(event.path, relation.line, "related",
                               f"'follows' needs this event to come after '{target.slug}', but "
                               f"{IN_MESSAGES.span(event.span)} is before {IN_MESSAGES.span(target.span)}",
                               "check both dates, or relate them the other way round")
                continue
            forward, backward = RELATIONS[relation.type]
            links[event.slug].append(Link(forward, target, relation.type))
            links[target.slug].append(Link(backward, event, relation.type, inverse=True))
    for slug, items in links.items():
        unique = {(link.label, link.event.slug): link for link in items}
        timeline.links[slug] = sorted(unique.values(), key=lambda link: (_LABEL_ORDER[link.label], link.event.sort_key))


def _refuse_follows_cycles(timeline: Timeline, problems: Problems) -> None:
    """'follows' is an order: A follows B and B follows A (the dates may allow it when they are the
    same) cannot both hold. A depth-first search over every 'follows'; each circle is reported on
    its first entry by slug, at the line of its 'follows' in the circle."""
    edges = {e.slug: [(r.target, r.line) for r in e.related
                      if r.type == "follows" and r.target in timeline.by_slug and r.target != e.slug]
             for e in timeline.events}
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        path, lines, stack = [start], [], [iter(edges[start])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                done.add(path.pop())
                stack.pop()
                if lines:
                    lines.pop()
            elif step[0] in path:
                at = path.index(step[0])
                _report_circle(timeline, path[at:], [*lines[at:], step[1]], problems)
            elif step[0] not in done:
                path.append(step[0])
                lines.append(step[1])
                stack.append(iter(edges[step[0]]))


def _report_circle(timeline: Timeline, circle: list[str], lines: list[int], problems: Problems) -> None:
    """`lines[i]`: where circle[i] says it follows the next one."""
    first = circle.index(min(circle))
    order = [*circle[first:], *circle[:first], circle[first]]
    problems.error(timeline.by_slug[circle[first]].path, lines[first], "related",
                   f"'follows' goes round in a circle: {' -> '.join(order)}",
                   "one of them came first: remove or reverse one 'follows'")


def _report_missing_target(event: Event, relation: Relation, drafts: Mapping[str, Event],
                           timeline: Timeline, problems: Problems) -> None:
    if relation.target in drafts:
        problems.warn(event.path, relation.line, "related",
                      f"'{relation.target}' is a draft, so this link is left out", "build with --drafts to see it")
        return
    problems.error(event.path, relation.line, "related", f"no event '{relation.target}'",
                   did_you_mean(relation.target, timeline.by_slug) or "give the slug of an entry in content/")
