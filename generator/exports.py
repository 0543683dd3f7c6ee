"""Exports: the feed, the calendar and the data files, made from the same model as the pages.

Each export is a function of the timeline that returns bytes, written in Python with the
standard library's writers (ElementTree, json, csv) so that escaping is right by construction:
no template can forget it. Every export keeps a date's precision: a month-precision event is
never exported as if it happened on the 1st.

Dates derived from the content stand in for the wall clock (`content_date`), so two builds of
the same content produce the same bytes.
"""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Callable, Iterable, Mapping, Optional
from urllib.parse import urlsplit

from markupsafe import escape

from .cache import MemoryCache
from .config import Config
from .dates import PartialDate, Span
from .export_items import LIST_EXPORTS, ExportItems, Previous, no_previous
from .formats import (
    ATOM,
    csv_cell,
    csv_row,
    ics_lines,
    ics_property,
    ics_text,
    json_head,
    json_line,
    xml_document,
    xml_element,
)
from .model import Event, Timeline, slugify
from .sources import Seed
from .urls import Urls

SCHEMA_VERSION = 1
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
# What iCalendar STATUS says for our statuses (others leave STATUS out).
_ICS_STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}

_SCHEMA_ORG_STATUS = {"scheduled": "EventScheduled", "held": "EventScheduled", "postponed": "EventPostponed",
                      "cancelled": "EventCancelled"}


def schema_text() -> bytes:
    """The JSON Schema of events.json, published beside it."""
    return resources.files("generator").joinpath("events.schema.json").read_bytes()


def content_date(event: Event) -> dt.date:
    """When the entry last said something new: the latest date it mentions (start, end,
    milestones, dated sources). Used for Atom `updated`, iCalendar DTSTAMP and sitemap lastmod
    instead of the build's clock."""
    dates = [event.span.start, *([event.span.end] if event.span.end else []),
             *(m.date for m in event.milestones), *(s.date for s in event.sources if s.date)]
    return max(d.first_day() for d in dates)


@dataclass
class Exports:
    """Makes every export of one timeline. `body_html` gives an event's rendered body; `cache` and
    `global_key` (what every item depends on besides its event) let list items be reused, and
    `previous` reads the exports an earlier build wrote (see export_items)."""

    config: Config
    timeline: Timeline
    seeds: Mapping[str, Seed]
    urls: Urls
    body_html: Callable[[Event], str]
    cache: Optional[MemoryCache] = None
    global_key: str = ""
    previous: Previous = no_previous
    pages_of: Mapping[str, str] = field(default_factory=dict)  # slug -> its timeline page, when paginated

    # -- the list exports, item by item ----------------------------------------------------------

    @cached_property
    def items(self) -> ExportItems:
        return ExportItems(self.cache, self.global_key, self.previous)

    def item_key(self, name: str, event: Event) -> str:
        """What an event's item shows: the event (its slug, and its file's text) and, in the search
        index, the timeline page it is on. The rest (settings, parties, seeds) is the same for
        every item, and is the version of the whole set (`global_key`)."""
        fingerprint = event.fingerprint if LIST_EXPORTS[name].shows_body else event.front_fingerprint
        page = self.pages_of.get(event.slug, "") if name == "search-index.json" else ""
        return f"{event.slug}\x1f{fingerprint}\x1f{page}"

    def prepare(self, names: Iterable[str]) -> None:
        """Have the items of these exports ready, before the workers that write them are forked."""
        events = self.timeline.events
        self.items.prepare({name: [(self.item_key(name, e), e) for e in events] for name in names},
                           lambda name, event: getattr(self, LIST_EXPORTS[name].item)(event),
                           lambda name: getattr(self, LIST_EXPORTS[name].head)())

    def list_export(self, name: str) -> bytes:
        spec = LIST_EXPORTS[name]
        head = getattr(self, spec.head)()
        if name in self.items.order:
            return self.items.join(name, head)
        return head + spec.separator.join([getattr(self, spec.item)(event) for event in self.timeline.events]) \
            + spec.tail

    # -- addresses -------------------------------------------------------------------------------

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

    @cached_property
    def uid_domain(self) -> str:
        host = urlsplit(self.origin).netloc  # the host Urls already took from base_url
        return host + self.urls.home().rstrip("/") if host else slugify(self.config.title) + ".timeline.invalid"

    # -- Atom ------------------------------------------------------------------------------------

    @cached_property
    def updated(self) -> dict[str, dt.date]:
        """Each event's content date, by slug."""
        return {e.slug: content_date(e) for e in self.timeline.events}

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
        kind = self.config.kinds[event.kind]
        xml_element(entry, "category", term=event.kind, label=kind.label)
        for tag in event.tags:
            xml_element(entry, "category", term=slugify(tag), label=tag)
        xml_element(entry, "summary", event.summary or event.title)
        xml_element(entry, "content", self._atom_content(event), type="html")
        return entry

    def _atom_content(self, event: Event) -> str:
        """The entry as HTML: when, what, who, the body and the sources."""
        facts = [event.span.display(), self.config.kinds[event.kind].label]
        if event.status:
            facts.append(event.status.replace("-", " "))
        head = f"<p><strong>{escape(' · '.join(facts))}</strong></p>"
        if event.parties:
            names = ", ".join(self.timeline.parties[p].name for p in event.parties)
            head += f"<p>Parties: {escape(names)}</p>"
        if event.location:
            head += f"<p>Location: {escape(event.location)}</p>"
        sources = "".join(f"<li>{self._source_html(s)}</li>" for s in _unique_sources(event))
        tail = f"<p>Sources:</p><ul>{sources}</ul>" if sources else ""
        return head + str(self.body_html(event)) + tail

    def _source_html(self, source) -> str:
        href = self.full(self.urls.seed(source.seed)) if source.seed else source.url
        title = self.seeds[source.seed].title if source.seed and source.seed in self.seeds else source.title
        return f'<a href="{escape(href)}">{escape(title)}</a>'

    # -- schema.org JSON-LD, for event pages -----------------------------------------------------

    def jsonld(self, event: Event) -> dict:
        """A schema.org Event. Dates in reduced ISO form (2023-07), endDate inclusive."""
        data = {"@context": "https://schema.org", "@type": "Event", "name": event.title,
                "startDate": event.span.start.iso()}
        if event.span.end:
            data["endDate"] = event.span.end.iso()
        if event.summary:
            data["description"] = event.summary
        if event.status in _SCHEMA_ORG_STATUS:
            data["eventStatus"] = f"https://schema.org/{_SCHEMA_ORG_STATUS[event.status]}"
        if event.location:
            data["location"] = {"@type": "Place", "name": event.location, "address": event.location}
        if event.parties:
            data["attendee"] = [{"@type": "Organization", "name": self.timeline.parties[p].name}
                                for p in event.parties]
        data["url"] = self.full(self.urls.event(event.slug))
        return data

    # -- events.json -----------------------------------------------------------------------------

    def events_json_head(self) -> bytes:
        return json_head({"$schema": self.full(self.urls.export("events.schema.json")), "version": SCHEMA_VERSION,
                           "title": self.config.title, "description": self.config.description,
                           "home": self.full(self.urls.home())}, "events")

    def events_json_item(self, event: Event) -> bytes:
        return json_line(self._event_data(event))

    def _event_data(self, event: Event) -> dict:
        return {
            "slug": event.slug,
            "url": self.full(self.urls.event(event.slug)),
            "title": event.title,
            "when": _span_data(event.span),
            "kind": event.kind,
            "status": event.status or None,
            "parties": [{"id": p, "name": self.timeline.parties[p].name, "type": self.timeline.parties[p].type}
                        for p in event.parties],
            "location": event.location or None,
            "summary": event.summary or None,
            "tags": list(event.tags),
            "related": [{"event": r.target, "as": r.type} for r in event.related],
            "milestones": [{"date": _date_data(m.date), "status": m.status, "note": m.note or None}
                           for m in event.milestones],
            "sources": [self._source_data(s) for s in event.sources],
            "body": event.body,
            "updated": self.updated[event.slug].isoformat(),
        }

    def _source_data(self, source) -> dict:
        data = {"title": self.seeds[source.seed].title if source.seed in self.seeds else source.title,
                "url": source.url or None, "publisher": source.publisher or None,
                "date": _date_data(source.date) if source.date else None, "quote": source.quote or None}
        if source.seed:
            data["seed"] = source.seed
            data["page"] = self.full(self.urls.seed(source.seed))
        return data

    # -- the timeline page's filter --------------------------------------------------------------

    def search_index_head(self) -> bytes:
        """What the filter script needs to list any event, loaded on demand."""
        kinds = {k: kind.label for k, kind in self.config.kinds.items() if k in self.timeline.by_kind}
        statuses = {s: s.replace("-", " ").capitalize() for s in self.timeline.by_status}
        parties = {p: self.timeline.parties[p].name for p in self.timeline.by_party}
        return json_head({"order": self.config.order, "kinds": kinds, "statuses": statuses, "parties": parties},
                          "events")

    def search_index_item(self, event: Event) -> bytes:
        """`page`: the timeline page that shows the event, when the timeline has several."""
        page = self.pages_of.get(event.slug)
        entry = {"slug": event.slug, "url": self.urls.event(event.slug), "title": event.title,
                 "date": event.span.display(), "years": [event.span.start.year, event.span.last.year],
                 "kind": event.kind, "status": event.status, "parties": list(event.parties),
                 "location": event.location, "summary": event.summary}
        if page:
            entry["page"] = page
        return json_line(entry)

    # -- TimelineJS ------------------------------------------------------------------------------

    def timelinejs_head(self) -> bytes:
        """Knight Lab TimelineJS3's JSON: a title slide and one slide per event.

        TimelineJS puts headline and text into the page as HTML, so both are escaped here.
        """
        title_text = escape(self.config.description) if self.config.description else ""
        return json_head({"title": {"text": {"headline": str(escape(self.config.title)), "text": str(title_text)}}},
                          "events")

    def timelinejs_item(self, event: Event) -> bytes:
        text = f"<p>{escape(event.summary)}</p>" if event.summary else ""
        if event.parties:
            text += f"<p>{escape(', '.join(self.timeline.parties[p].name for p in event.parties))}</p>"
        text += f'<p><a href="{escape(self.full(self.urls.event(event.slug)))}">Read more and see the sources</a></p>'
        slide = {"unique_id": event.slug, "start_date": _timelinejs_date(event.span.start)}
        if event.span.end:
            slide["end_date"] = _timelinejs_date(event.span.end)
        slide.update({"display_date": event.span.display(),
                      "text": {"headline": str(escape(event.title)), "text": text},
                      "group": self.config.kinds[event.kind].plural, "autolink": False})
        return json_line(slide)

    # -- iCalendar -------------------------------------------------------------------------------

    def icalendar_head(self) -> bytes:
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//timeline-generator//timeline-generator//EN",
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH", ics_property("X-WR-CALNAME", self.config.title)]
        if self.config.description:
            lines.append(ics_property("X-WR-CALDESC", self.config.description))
        return ics_lines(lines)

    def icalendar_item(self, event: Event) -> bytes:
        span = event.span
        first, last = span.first_day(), span.last_day()
        url = self.full(self.urls.event(event.slug))
        lines = ["BEGIN:VEVENT", f"UID:{ics_text(event.slug)}@{ics_text(self.uid_domain)}",
                 f"DTSTAMP:{self.updated[event.slug]:%Y%m%d}T000000Z",
                 f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
                 f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",  # exclusive
                 ics_property("SUMMARY", event.title),
                 ics_property("DESCRIPTION", self._ics_description(event, url))]
        if event.location:
            lines.append(ics_property("LOCATION", event.location))
        lines.append(ics_property("CATEGORIES", self.config.kinds[event.kind].label))
        if event.status in _ICS_STATUS:
            lines.append(f"STATUS:{_ICS_STATUS[event.status]}")
        if urlsplit(url).scheme:
            lines.append(f"URL;VALUE=URI:{url}")
        lines.append("TRANSP:TRANSPARENT")  # a timeline entry does not make anyone busy
        lines.append("END:VEVENT")
        return ics_lines(lines)

    def _ics_description(self, event: Event, url: str) -> str:
        parts = []
        if span_note := _precision_note(event.span):
            parts.append(span_note)
        if event.summary:
            parts.append(event.summary)
        if event.parties:
            parts.append("Parties: " + ", ".join(self.timeline.parties[p].name for p in event.parties))
        if self.origin:
            parts.append(url)
        return "\n\n".join(parts)

    # -- CSV -------------------------------------------------------------------------------------

    CSV_COLUMNS = ("slug", "title", "date", "end", "precision", "approximate", "first_day", "last_day",
                   "display_date", "kind", "status", "parties", "location", "summary", "tags", "url", "sources")

    def csv_head(self) -> bytes:
        return csv_row(self.CSV_COLUMNS)

    def csv_item(self, event: Event) -> bytes:
        span = event.span
        row = [event.slug, event.title, span.start.iso(), span.end.iso() if span.end else "", span.precision,
               "yes" if span.approximate else "no", span.first_day().isoformat(), span.last_day().isoformat(),
               span.display(), event.kind, event.status,
               "; ".join(self.timeline.parties[p].name for p in event.parties), event.location, event.summary,
               "; ".join(event.tags), self.full(self.urls.event(event.slug)),
               " ".join(self.full(self.urls.seed(s.seed)) if s.seed else s.url for s in _unique_sources(event))]
        return csv_row([csv_cell(value) for value in row])

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

    def robots(self) -> bytes:
        lines = ["User-agent: *", "Allow: /"]
        if self.origin:
            lines.append(f"Sitemap: {self.full(self.urls.export('sitemap.xml'))}")
        return ("\n".join(lines) + "\n").encode("utf-8")


# -- helpers ---------------------------------------------------------------------------------------

def _atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _date_data(date: PartialDate) -> dict:
    return {"iso": date.iso(), "precision": date.precision}


def _span_data(span: Span) -> dict:
    """A span with its precision kept, plus the days it may cover, for clients that need days."""
    return {"start": _date_data(span.start), "end": _date_data(span.end) if span.end else None,
            "approximate": span.approximate, "first_day": span.first_day().isoformat(),
            "last_day": span.last_day().isoformat(), "display": span.display()}


def _timelinejs_date(date: PartialDate) -> dict:
    """Year, month and day, each only when known: TimelineJS shows a month event as a month."""
    data = {"year": date.year}
    if date.month:
        data["month"] = date.month
    if date.day:
        data["day"] = date.day
    return data


def _precision_note(span: Span) -> str:
    """What an all-day calendar event cannot say by itself about the date it stands for."""
    notes = []
    if span.precision != "day":
        notes.append(f"Known only to the {span.precision}: {span.display()}; the calendar entry covers the whole "
                     f"{span.precision if not span.end else 'period'}.")
    if span.approximate:
        notes.append("The date is approximate.")
    return " ".join(notes)


def _unique_sources(event: Event) -> list:
    """The event's sources, each article or page once, in the order first cited."""
    seen, result = set(), []
    for source in event.sources:
        key = source.seed or source.url
        if key not in seen:
            seen.add(key)
            result.append(source)
    return result


