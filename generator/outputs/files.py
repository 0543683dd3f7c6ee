"""The page families of files made without templates: the Atom feed, the data exports and their
schema, and what crawlers read (the sitemap, robots.txt)."""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, Sequence

from ..core.cache import key_of
from ..model.timeline import Event
from ..site.pages import Edition, Family, Page
from .exports import Exports
from .feeds import Feeds
from .items import LIST_EXPORTS
from .own_fields import schema_text
from .parts import Part, export_parts


class FeedFile(Family):
    """feed.xml: the most recently changed events, bodies included."""

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        feeds = feeds_of(self.site)
        shown = feeds.feed_events
        yield self.site.file("feed.xml", "\x1f".join(e.fingerprint for e in shown), feeds.atom, bodies=shown,
                             weight=len(self.site.timeline.events))


class ExportFiles(Family):
    """events.json, timelinejs.json, events.ics, events.csv (each an item per
    event, reused while the event is unchanged) and events.schema.json."""

    def __init__(self, site: Edition):
        super().__init__(site)
        self.exports = Exports(site.config, site.timeline, site.urls, site.dates, site.words, site.cache,
                               site.global_key, site.previous, bodies=site.bodies)

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site, exports, events = self.site, self.exports, self.site.timeline.events
        parts = export_parts(events)
        self.export_of = {}  # each file's export (events-2024.json -> events.json)
        for name in LIST_EXPORTS:
            for file, key, shown in self._files(name, parts):
                self.export_of[file] = name
                yield site.file(file, key, lambda n=name, s=shown: exports.list_export(n, s),
                                weight=len(shown or events))
        if parts:
            index = key_of([(part.suffix, len(part.events), _keys(part.events, True)) for part in parts])
            yield site.file("events.json", index, lambda: exports.parts_index(parts))
        schema = schema_text(site.config.plain_fields)
        yield site.file("events.schema.json", key_of(schema), lambda: schema)

    def _files(self, name: str, parts: Optional[list[Part]]) -> Iterator[tuple[str, str, Optional[tuple]]]:
        """(file, key, its events: None for all) of one list export: the whole file, or a file per
        part and (but events.json, the index) the newest part again under the export's own name."""
        body = LIST_EXPORTS[name].shows_body
        if not parts:
            yield name, _keys(self.site.timeline.events, body), None
            return
        for part in parts:
            yield part.name(name), _keys(part.events, body), part.events
        if name != "events.json":
            yield name, key_of("newest", _keys(parts[-1].events, body)), parts[-1].events

    def prepare(self, todo: Sequence[Page]) -> None:
        names = {self.export_of.get(page.path[len(self.site.urls.prefix):]) for page in todo}
        self.exports.prepare(name for name in names if name in LIST_EXPORTS)


SITEMAP_URLS = 50_000  # the most one sitemap may list (sitemaps.org)


class CrawlerFiles(Family):
    """sitemap.xml (every page planned before it that is listed, or past SITEMAP_URLS the index of
    sitemap-1.xml, sitemap-2.xml... that do) and robots.txt."""

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site, feeds = self.site, feeds_of(self.site)
        listed = [page.url for page in planned if page.listed]
        updated = site.timeline.updated
        lastmod = {site.urls.event(e.slug): updated[e.slug] for e in site.timeline.events}
        # the protocol's bound: past it, sitemap.xml is an index of sitemaps of as many pages each
        pieces = [listed[at:at + SITEMAP_URLS] for at in range(0, len(listed), SITEMAP_URLS)] or [[]]
        names = ["sitemap.xml"] if len(pieces) == 1 else [f"sitemap-{n}.xml" for n in range(1, len(pieces) + 1)]
        for name, urls in zip(names, pieces):
            key = key_of("\x1f".join(urls), "\x1f".join(str(lastmod[u]) for u in urls if u in lastmod))
            yield site.file(name, key, lambda u=urls: feeds.sitemap(u, lastmod), weight=len(urls))
        if len(pieces) > 1:
            yield site.file("sitemap.xml", key_of(names), lambda: feeds.sitemap_index(names))
        yield site.file("robots.txt", "", feeds.robots)


def _keys(events: Sequence[Event], body: bool) -> str:
    """What a list of events shows: their files (or, for exports that leave the body out, their front matter)."""
    return "\x1f".join(e.fingerprint if body else e.front_fingerprint for e in events)


def feeds_of(site: Edition) -> Feeds:
    return Feeds(site.config, site.timeline, site.urls, site.bodies.html, site.dates, site.words)
