"""The page families of files made without templates: the Atom feed, the data exports and their
schema, and what crawlers read (the sitemap, robots.txt)."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..core.cache import key_of
from ..site.pages import Edition, Family, Page
from .exports import Exports
from .feeds import Feeds
from .items import LIST_EXPORTS
from .own_fields import schema_text


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
        everything = "\x1f".join(e.fingerprint for e in events)
        fronts = "\x1f".join(e.front_fingerprint for e in events)  # for exports that leave the body out
        for name, spec in LIST_EXPORTS.items():
            key = everything if spec.shows_body else fronts
            yield site.file(name, key, lambda n=name: exports.list_export(n), weight=len(events))
        schema = schema_text(site.config.plain_fields)
        yield site.file("events.schema.json", key_of(schema), lambda: schema)

    def prepare(self, todo: Sequence[Page]) -> None:
        names = (page.path[len(self.site.urls.prefix):] for page in todo)
        self.exports.prepare(name for name in names if name in LIST_EXPORTS)


class CrawlerFiles(Family):
    """sitemap.xml (every page planned before it that is listed) and robots.txt."""

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site, feeds = self.site, feeds_of(self.site)
        listed = [page.url for page in planned if page.listed]
        updated = site.timeline.updated
        lastmod = {site.urls.event(e.slug): updated[e.slug] for e in site.timeline.events}
        yield site.file("sitemap.xml", key_of("\x1f".join(listed), "\x1f".join(map(str, lastmod.values()))),
                        lambda: feeds.sitemap(listed, lastmod), weight=len(listed))
        yield site.file("robots.txt", "", feeds.robots)


def feeds_of(site: Edition) -> Feeds:
    return Feeds(site.config, site.timeline, site.urls, site.bodies.html, site.dates, site.words)
