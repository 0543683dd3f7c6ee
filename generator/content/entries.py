"""Entries: every content/*.md file -> a validated `Event`, or `file:line: field:` problems.

Each field has a small reader that takes its YAML node and either returns a clean value or
records a problem and returns None. Nothing here stops at the first problem: an editor sees
every mistake in every file in one run.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import yaml

from ..config import SLUG, Config, Kind
from ..config.fields import NAME
from ..config.schema import Field, names
from ..core.cache import MemoryCache, key_of
from ..core.dates import Span
from ..core.errors import Problems, debugging, did_you_mean, one_of, unexpected
from ..core.workers import fork_map
from ..model.timeline import Event, slugify
from .entry_lists import read_corrections, read_day, read_milestones, read_related
from .files import Stamp, stamp, trusted
from .frontmatter import EntryFile, FieldReader, mapping_items, read_entry_file, scalar
from .media import read_media
from .own_fields import read_names, read_own
from .parties import Registry
from .sources import Seed, read_sources

ENTRY_RECORDS = "entry"
# File names Windows cannot create; refused as slugs so the site can be checked out anywhere.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True)
class Context:
    """What validating an entry needs besides the entry itself."""

    config: Config
    parties: Registry
    seeds: Mapping[str, Seed]

    @cached_property
    def key(self) -> str:
        """Changes whenever a valid entry could become invalid (or read differently)."""
        seeds = sorted((name, seed.digest) for name, seed in self.seeds.items())
        return key_of(repr(self.parties.parties), seeds, repr(self.config.kinds), repr(self.config.fields),
                      self.config.require_sources)


def load_entries(config: Config, context: Context, listing: list[tuple], problems: Problems,
                 cache: MemoryCache) -> tuple[list[Event], set[str]]:
    """The entries of the listing ((path or None, as shown, stat) of each content/<slug>.md), drafts
    included, with problems for the ones that fail; and the files that failed, as shown.

    An entry whose file is unchanged since a build with the same context comes from the cache;
    only new and edited files are read and validated, on every core when there are many.
    """
    cached = cache.load(ENTRY_RECORDS)  # shown_as -> (context key, file stamp, event)
    found, stamped_at = [], time.time_ns()
    for file, shown_as, stat in listing:
        hit = cached.get(shown_as)
        current = hit and hit[:2] == (context.key, stamp(stat)) and trusted(hit[1], stamped_at)
        found.append((file, shown_as, stat, hit[2] if current else None))
    misses = [(Path(file) if file else config.root / shown_as, shown_as)
              for file, shown_as, _, event in found if event is None]
    read = dict(fork_map(lambda item: _read_isolated(*item, context), misses))
    events, fresh = [], {}
    for file, shown_as, stat, event in found:
        if event is None:
            event, file_problems = read[shown_as]
            problems.items.extend(file_problems)
            if event is not None:  # a file read again is stamped as it is now, not as the listing kept it
                now = (config.root / shown_as).stat() if isinstance(stat, Stamp) else stat
                fresh[shown_as] = (context.key, stamp(now, stamped_at), event)
        if event is not None:
            events.append(event)
    cache.put(ENTRY_RECORDS, fresh)
    cache.keep_only(ENTRY_RECORDS, {e.path for e in events})
    _check_unique_slugs(events, problems)
    return events, {shown_as for _, shown_as, _, _ in found} - {e.path for e in events}


def known_entries(cache: MemoryCache, context_key: str) -> dict[str, Stamp]:
    """The entry files the cache holds events of for this context, with their stamps."""
    return {shown_as: record[1] for shown_as, record in cache.load(ENTRY_RECORDS).items() if record[0] == context_key}


def _read_isolated(file: Path, shown_as: str, context: Context) -> tuple:
    """Read and validate one file with problems of its own (it may run in a worker process)."""
    problems = Problems()
    try:
        entry = read_entry_file(file, shown_as, problems)
        event = read_event(entry, Path(shown_as).stem, context, problems) if entry is not None else None
    except Exception as exc:  # a reader's bug: an error on this file, and the others still read
        if debugging():
            raise
        problems.error(shown_as, 1, "", unexpected(exc))
        return shown_as, (None, problems.items)
    if event is not None:
        event = replace(event, fingerprint=entry.fingerprint, front_fingerprint=entry.front_fingerprint)
    return shown_as, (event, problems.items)


def _check_unique_slugs(events: list[Event], problems: Problems) -> None:
    seen: dict[str, Event] = {}
    # An entry named by its file keeps the slug; one that sets `slug:` is the one reported.
    for event in sorted(events, key=lambda e: ("slug" in e.lines, e.path)):
        key = unicodedata.normalize("NFKC", event.slug).casefold()
        if key in seen:
            problems.error(event.path, event.line("slug"), "slug",
                           f"'{event.slug}' is already the slug of {seen[key].path}",
                           "two entries cannot share a page; rename one file or set slug:")
        else:
            seen[key] = event


class _Reader(FieldReader):
    """A field reader that also knows the site: kinds, parties, seeds and today."""

    def __init__(self, entry: EntryFile, context: Context, problems: Problems):
        super().__init__(entry, problems)
        self.context = context


def read_event(entry: EntryFile, stem: str, context: Context, problems: Problems) -> Optional[Event]:
    """Validate one entry's front matter; None (with problems recorded) if it has errors."""
    reader = _Reader(entry, context, problems)
    before = len(problems.errors)
    nodes, lines = _nodes(reader, context.config.entry_fields)
    own = {field.name: field for field in context.config.plain_fields}
    values = {name: read_own(reader, own[name], node) if name in own else _READERS[name](reader, node)
              for name, node in nodes.items()}
    kind = context.config.kinds.get(values.get("kind") or "")
    span = _span(reader, nodes, values)
    if kind and values.get("status"):
        _check_status(reader, nodes["status"], "status", kind, values["status"])
    milestones = tuple(read_milestones(reader, nodes.get("milestones"), kind, _check_status))
    slug = values.get("slug") or _slug_from_file(entry, stem, problems)
    draft = bool(values.get("draft"))
    _require(entry, nodes, context.config.entry_fields, draft, problems)
    if context.config.require_sources and not draft and _is_empty(nodes.get("sources")):
        problems.error(entry.path, lines.get("sources", 1), "sources", "at least one source is required",
                       "cite a seed article with a quote, or mark the entry 'draft: true'")
    if len(problems.errors) > before or span is None or slug is None:
        return None
    return Event(slug=slug, path=entry.path, title=values["title"], span=span, kind=values["kind"],
                 status=values.get("status") or "", parties=values.get("parties") or (),
                 location=values.get("location") or "", summary=values.get("summary") or "",
                 tags=values.get("tags") or (), related=values.get("related") or (), milestones=milestones,
                 sources=values.get("sources") or (), draft=draft, updated=values.get("updated"),
                 corrections=values.get("corrections") or (), media=values.get("media") or (), body=entry.body,
                 extra=tuple((name, values[name]) for name in own if values.get(name) not in (None, ())),
                 lines={**lines, "body": entry.body_line})


def _nodes(reader: _Reader, fields: tuple[Field, ...]) -> tuple[dict[str, yaml.Node], dict[str, int]]:
    """The front matter's value nodes by field name, and the line of each; unknown names reported."""
    known, entry = names(fields), reader.entry
    nodes, lines = {}, {}
    for key, key_node, value in mapping_items(entry.fields, entry, reader.problems):
        if key not in known:
            reader.error(key_node, key, "unknown field", did_you_mean(key, known) or (
                f"not one of the entry's fields: declare it in timeline.toml as [fields.{key}]" if NAME.fullmatch(key)
                else ""))
            continue
        nodes[key], lines[key] = value, entry.line(key_node)
    return nodes, lines


def _require(entry: EntryFile, nodes: dict, fields: tuple[Field, ...], draft: bool, problems: Problems) -> None:
    """The required fields: the typed built-in ones always, the plain ones (the site's own) unless in a draft."""
    for field in fields:
        if field.required and field.name not in nodes and (field.typed or not draft):
            problems.error(entry.path, 1, field.name, "missing", f"add '{field.name}:' to the front matter")


def _is_empty(node: Optional[yaml.Node]) -> bool:
    return node is None or (isinstance(node, yaml.SequenceNode) and not node.value) or (
        isinstance(node, yaml.ScalarNode) and scalar(node) is None)


def _slug_from_file(entry: EntryFile, stem: str, problems: Problems) -> Optional[str]:
    if SLUG.fullmatch(stem) and stem not in RESERVED:
        return stem
    suggestion = slugify(stem) or "a-name"
    problems.error(entry.path, 1, "slug", f"the file name '{stem}' is not a valid slug",
                   f"rename the file to '{suggestion}.md' or set 'slug: {suggestion}'")
    return None


def _read_slug(reader: _Reader, node: yaml.Node) -> Optional[str]:
    value = reader.text(node, "slug", required=True)
    if value is None:
        return None
    if not SLUG.fullmatch(value) or value in RESERVED:
        hint = f"for example '{slugify(value)}'" if slugify(value) and slugify(value) not in RESERVED else ""
        reader.error(node, "slug", f"'{value}' is not a valid slug: use lowercase letters, digits and single hyphens",
                     hint)
        return None
    return value


def _read_kind(reader: _Reader, node: yaml.Node) -> Optional[str]:
    value = reader.text(node, "kind", required=True)
    kinds = reader.context.config.kinds
    if value is not None and value not in kinds:
        reader.error(node, "kind", f"unknown kind '{value}'", did_you_mean(value, kinds) or one_of(kinds))
        return None
    return value


def _read_status(reader: _Reader, node: yaml.Node) -> Optional[str]:
    return reader.text(node, "status", required=True)


def _check_status(reader: _Reader, node: yaml.Node, name: str, kind: Kind, status: str) -> None:
    if status not in kind.statuses:
        hint = did_you_mean(status, kind.statuses) or one_of(kind.statuses)
        reader.error(node, name, f"'{status}' is not a status of {kind.with_article}", hint)


def _span(reader: _Reader, nodes: dict, values: dict) -> Optional[Span]:
    start, end = values.get("date"), values.get("end")
    if start is None or ("end" in nodes and end is None):
        return None
    if end is not None and end.last_day() < start.first_day():
        reader.error(nodes["end"], "end", f"{end.iso()} is before the date {start.iso()}",
                     "end must not be before date")
        return None
    return Span(start, end, bool(values.get("approximate")))


def _read_parties(reader: _Reader, node: yaml.Node) -> Optional[tuple[str, ...]]:
    registry, result = reader.context.parties, []
    for item in reader.items(node, "parties", single_allowed=True):
        name = reader.text(item, "parties", required=True)
        if name is None:
            continue
        party = registry.resolve(name)
        if party is None:
            hint = registry.suggestion(name) or f"declare it in content/parties.toml as [{slugify(name)}]"
            reader.error(item, "parties", f"unknown party '{name}'", hint)
        elif party in result:
            reader.error(item, "parties", f"'{name}' is listed twice")
        else:
            result.append(party)
    return tuple(result)


_READERS: dict[str, Callable[[_Reader, yaml.Node], Any]] = {
    "title": lambda r, n: r.text(n, "title", required=True),
    "slug": _read_slug,
    "date": lambda r, n: r.date(n, "date"),
    "end": lambda r, n: r.date(n, "end"),
    "approximate": lambda r, n: r.flag(n, "approximate"),
    "kind": _read_kind,
    "status": _read_status,
    "parties": _read_parties,
    "location": lambda r, n: r.text(n, "location"),
    "summary": lambda r, n: r.text(n, "summary"),
    "tags": lambda r, n: read_names(r, n, "tags", by_page=True),
    "related": read_related,
    "milestones": lambda r, n: None,  # read with the kind known, in read_event
    "sources": lambda r, n: read_sources(r, n, r.context.seeds),
    "draft": lambda r, n: r.flag(n, "draft"),
    "updated": lambda r, n: read_day(r, n, "updated"),
    "corrections": read_corrections,
    "media": read_media,
}
