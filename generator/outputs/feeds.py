"""What feed readers, crawlers and search engines read: the Atom feed, the sitemap and
robots.txt, and each event page's schema.org JSON-LD. Built from the same model as the pages, with
the standard library's XML writer, and dated by content (`Timeline.updated`), never the clock.
"""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Mapping

from markupsafe import escape

from ..config import Config
from ..model.date_text import DateText
from ..model.media import images
from ..model.timeline import Event, Source, Timeline, slugify, unique_sources
from ..site.figures import Figures
from ..site.words import Words
from ..urls import Urls
from .fields import byline
from .formats import ATOM, xml_document, xml_element

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass
class Feeds:
    """Makes the feed, the sitemap and robots.txt of one timeline. `body_html` gives an event's
    rendered body."""

    config: Config
    timeline: Timeline
    urls: Urls
    body_html: Callable[[Event], str]
    dates: DateText
    words: Words

    @property
    def updated(self) -> Mapping[str, dt.date]:
        return self.timeline.updated

    @property
    def origin(self) -> str:
        return self.urls.origin

    def full(self, url: str) -> str:
        return self.urls.full(url)

    def stable_id(self, name: str) -> str:
        """A permanent id for a feed or entry: its address, or (with no host to build one from)
        a name-based UUID, the same in every build."""
        if self.origin:
            return self.full(name if name.startswith("/") else self.urls.home() + name)
        name = f"timeline-generator:{slugify(self.config.title)}:{name}"
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, name))

    # -- Atom ------------------------------------------------------------------------------------

    @cached_property
    def figures(self) -> Figures:
        return Figures(self.urls)

    @cached_property
    def feed_events(self) -> list[Event]:
        """The most recently changed events, newest first (ties: later in the timeline first)."""
        updated = self.updated
        return heapq.nlargest(self.config.feed_entries, self.timeline.events,
                              key=lambda e: (updated[e.slug], self.timeline.position[e.slug]))

    def atom(self) -> bytes:
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")
        if self.origin:
            feed.set("xml:base", self.full(self.urls.home()))
        events = self.feed_events
        xml_element(feed, "id", self.stable_id(self.urls.home()))
        xml_element(feed, "title", self.config.title)
        if self.config.description:
            xml_element(feed, "subtitle", self.config.description)
        newest = max((self.updated[e.slug] for e in events), default=dt.date(1970, 1, 1))
        xml_element(feed, "updated", _atom_time(newest))
        xml_element(feed, "link", rel="self", type="application/atom+xml", href=self.full(self.urls.export("feed.xml")))
        xml_element(feed, "link", rel="alternate", type="text/html", href=self.full(self.urls.home()))
        xml_element(xml_element(feed, "author"), "name", self.config.title)
        xml_element(feed, "generator", "timeline-generator")
        for event in events:
            feed.append(self._atom_entry(event))
        return xml_document(feed)

    def _atom_entry(self, event: Event) -> ET.Element:
        entry = ET.Element(f"{{{ATOM}}}entry")
        url = self.urls.event(event.slug)
        xml_element(entry, "id", self.stable_id(url))
        xml_element(entry, "title", event.title)
        xml_element(entry, "updated", _atom_time(self.updated[event.slug]))
        xml_element(entry, "link", rel="alternate", type="text/html", href=self.full(url))
        for image in images(event.media)[:1]:  # what feed readers show as the entry's picture
            kind = "image/png" if image.picture.fallback == "png" else "image/jpeg"
            xml_element(entry, "link", rel="enclosure", type=kind, href=self.figures.full(image, 960))
        kind = self.config.kinds[event.kind]
        xml_element(entry, "category", term=event.kind, label=self.words.kind(kind))
        for tag in event.tags:
            xml_element(entry, "category", term=slugify(tag), label=tag)
        xml_element(entry, "summary", event.summary or event.title)
        xml_element(entry, "content", self._atom_content(event), type="html")
        return entry

    def _atom_content(self, event: Event) -> str:
        """The entry as HTML: when, what, who, the body and the sources."""
        words = self.words
        facts = [self.dates.span(event.span), words.kind(self.config.kinds[event.kind])]
        if event.status:
            facts.append(words.status(event.status))
        head = f"<p><strong>{escape(' · '.join(facts))}</strong></p>"
        if event.parties:
            names = ", ".join(self.timeline.parties[p].name for p in event.parties)
            head += _paragraph(words.gettext("Parties: %(names)s") % {"names": names})
        if event.location:
            head += _paragraph(words.gettext("Location: %(place)s") % {"place": event.location})
        sources = "".join(f"<li>{self._source_html(s)}</li>" for s in unique_sources(event))
        tail = _paragraph(words.gettext("Sources:")) + f"<ul>{sources}</ul>" if sources else ""
        if event.corrections:  # so that a correction reaches the reader, not only the entry's date
            tail += _paragraph(words.gettext("Corrections:")) + "<ul>" + "".join(
                f"<li>{escape(self.dates.date(c.date))}: {escape(c.note)}</li>" for c in event.corrections) + "</ul>"
        return head + self._pictures_html(event) + str(self.body_html(event)) + tail

    def _pictures_html(self, event: Event) -> str:
        """Each picture at a width feed readers show, with its alt text, caption and credit."""
        figures, html = self.figures, ""
        for image in images(event.media):
            shown = figures.shown(image, 960)
            credit = self.words.gettext("Picture: %(who)s") % {"who": image.credit} if image.credit else ""
            caption = " ".join(part for part in (image.caption, credit) if part)
            html += (f'<figure><img src="{escape(figures.full(image, 960))}" alt="{escape(image.alt)}" '
                     f'width="{shown.width}" height="{shown.height}">'
                     + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "") + "</figure>")
        return html

    def _source_html(self, source: Source) -> str:
        href = source.url or self.full(self.urls.seed(source.seed))
        link, written_by = f'<a href="{escape(href)}">{escape(source.title)}</a>', byline(source, self.dates)
        return link + (f", {escape(written_by)}" if written_by else "")

    # -- sitemap and robots ----------------------------------------------------------------------

    def sitemap(self, urls: Iterable[str], lastmod: Mapping[str, dt.date]) -> bytes:
        ET.register_namespace("", SITEMAP)
        root = ET.Element(f"{{{SITEMAP}}}urlset")
        for url in urls:
            item = xml_element(root, "url", namespace=SITEMAP)
            xml_element(item, "loc", self.full(url), namespace=SITEMAP)
            if url in lastmod:
                xml_element(item, "lastmod", lastmod[url].isoformat(), namespace=SITEMAP)
        return xml_document(root)

    def sitemap_index(self, files: Iterable[str]) -> bytes:
        """sitemap.xml of a site past SITEMAP_URLS pages: the sitemaps that list them."""
        ET.register_namespace("", SITEMAP)
        root = ET.Element(f"{{{SITEMAP}}}sitemapindex")
        for name in files:
            item = xml_element(root, "sitemap", namespace=SITEMAP)
            xml_element(item, "loc", self.full(self.urls.export(name)), namespace=SITEMAP)
        return xml_document(root)

    def robots(self) -> bytes:
        lines = ["User-agent: *", "Allow: /"]
        if self.origin:
            lines.append(f"Sitemap: {self.full(self.urls.export('sitemap.xml'))}")
        return ("\n".join(lines) + "\n").encode("utf-8")


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
