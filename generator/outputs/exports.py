"""Exports: the calendar and the data files, made from the same model as the pages (the feed,
sitemap and JSON-LD are in feeds.py).

Each export is a function of the timeline that returns bytes, written in Python with the
standard library's writers (ElementTree, json, csv) so that escaping is right by construction:
no template can forget it. Every export keeps a date's precision: a month-precision event is
never exported as if it happened on the 1st.

Dates derived from the content stand in for the wall clock (`Timeline.updated`), so two builds of
the same content produce the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Optional, Sequence
from urllib.parse import urlsplit

from markupsafe import escape

from ..config import Config
from ..core.cache import MemoryCache
from ..model.date_text import DateText
from ..model.timeline import Event, Timeline, slugify, unique_sources
from ..site.bodies import Bodies
from ..site.figures import Figures
from ..site.pages import Previous, no_previous
from ..site.words import Words
from ..urls import Urls
from .fields import (
    calendar_event,
    citation_text,
    date_data,
    media_data,
    others_key,
    source_data,
    span_data,
    timelinejs_date,
    timelinejs_media,
)
from .formats import (
    csv_cell,
    csv_row,
    ics_lines,
    ics_property,
    json_head,
    json_line,
)
from .items import LIST_EXPORTS, ExportItems
from .own_fields import csv_values, json_data
from .parts import Part

SCHEMA_VERSION = 1
CSV_COLUMNS = ("slug", "title", "date", "end", "precision", "approximate", "first_day", "last_day", "display_date",
               "kind", "status", "parties", "location", "summary", "tags", "url", "sources", "citations")


@dataclass
class Exports:
    """Makes the calendar and data exports of one timeline. `cache` and `global_key` (what every
    item depends on besides its event) let list items be reused, and `previous` reads the exports
    an earlier build wrote (see export_items)."""

    config: Config
    timeline: Timeline
    urls: Urls  # the language's: where its exports are, and the addresses they give
    dates: DateText  # dates as the language writes them
    words: Words  # and its words
    cache: Optional[MemoryCache] = None
    global_key: str = ""
    previous: Previous = no_previous
    bodies: Optional[Bodies] = None  # events.json carries each body as HTML

    # -- the list exports, item by item ----------------------------------------------------------

    @cached_property
    def items(self) -> ExportItems:
        return ExportItems(self.cache, self.global_key, self.previous, self.urls.prefix)

    def item_key(self, name: str, event: Event) -> str:
        """What an event's item shows: the event (its slug, and its file's text). The rest
        (settings, parties, seeds) is the same for every item, and is the version of the whole set
        (`global_key`)."""
        fingerprint = event.fingerprint if LIST_EXPORTS[name].shows_body else event.front_fingerprint
        key = f"{event.slug}\x1f{fingerprint}\x1f"
        return key + others_key(event, self.timeline, self.bodies) if name == "events.json" else key

    def prepare(self, names: Iterable[str]) -> None:
        """Have the items of these exports ready, before the workers that write them are forked."""
        events = self.timeline.events
        self.items.prepare({name: [(self.item_key(name, e), e) for e in events] for name in names},
                           lambda name, event: getattr(self, LIST_EXPORTS[name].item)(event),
                           lambda name: getattr(self, LIST_EXPORTS[name].head)(), self._load_bodies)

    def _load_bodies(self, to_make: Iterable[tuple[str, Event]]) -> None:
        """Before the items are made: the bodies of the events.json items to make."""
        if self.bodies is not None:
            self.bodies.load(event for name, event in to_make if name == "events.json")

    def list_export(self, name: str, events: Optional[Sequence[Event]] = None) -> bytes | list:
        """A list export of every event, or of `events` (a part of a split export, outputs/parts.py)."""
        spec = LIST_EXPORTS[name]
        head = getattr(self, spec.head)()
        if name in self.items.order:
            return self.items.join(name, head, None if events is None else {self.item_key(name, e) for e in events})
        chosen = self.timeline.events if events is None else events
        self._load_bodies((name, event) for event in chosen)
        return head + spec.separator.join([getattr(self, spec.item)(event) for event in chosen]) + spec.tail

    # -- addresses -------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return self.urls.origin

    def full(self, url: str) -> str:
        return self.urls.full(url)

    @cached_property
    def uid_domain(self) -> str:
        host = urlsplit(self.origin).netloc  # the host Urls already took from base_url
        return host + self.urls.home().rstrip("/") if host else slugify(self.config.title) + ".timeline.invalid"

    # -- events.json -----------------------------------------------------------------------------

    def _about(self) -> dict:
        """What events.json says of the timeline before its events (or, split, its parts)."""
        return {"$schema": self.full(self.urls.export("events.schema.json")), "version": SCHEMA_VERSION,
                "title": self.config.title, "description": self.config.description, "home": self.full(self.urls.home()),
                "eras": [{"title": era.title, "when": span_data(era.span, self.dates), "description": era.description}
                         for era in self.config.eras]}

    def events_json_head(self) -> bytes:
        return json_head(self._about(), "events")

    def parts_index(self, parts: Sequence[Part]) -> bytes:
        """events.json of a split timeline: the parts of every list export, oldest first."""
        formats = {"events": "events.json", "timelinejs": "timelinejs.json", "icalendar": "events.ics",
                   "csv": "events.csv"}
        listed = [{"first_day": min(e.span.first_day() for e in part.events).isoformat(),
                   "last_day": max(e.span.last_day() for e in part.events).isoformat(), "count": len(part.events),
                   **{key: self.full(self.urls.export(part.name(name))) for key, name in formats.items()}}
                  for part in parts]
        return json_line({**self._about(), "parts": listed}) + b"\n"

    def events_json_item(self, event: Event) -> bytes:
        return json_line(self._event_data(event))

    def _event_data(self, event: Event) -> dict:
        return {
            "slug": event.slug,
            "url": self.full(self.urls.event(event.slug)),
            "title": event.title,
            "when": span_data(event.span, self.dates),
            "kind": event.kind,
            "status": event.status or None,
            "parties": [{"id": p, "name": self.timeline.parties[p].name, "type": self.timeline.parties[p].type}
                        for p in event.parties],
            "location": event.location or None,
            "summary": event.summary or None,
            "tags": list(event.tags),
            "related": [{"event": r.target, "as": r.type} for r in event.related],
            "inverse": [{"event": link.event.slug, "as": link.type}
                        for link in self.timeline.links.get(event.slug, ()) if link.inverse],
            "milestones": [{"date": date_data(m.date), "status": m.status, "note": m.note or None}
                           for m in event.milestones],
            "sources": [source_data(s, self.urls) for s in event.sources],
            "body": event.body,
            "body_html": str(self.bodies.html(event)) if self.bodies else "",
            "corrections": [{"date": c.date.iso(), "note": c.note} for c in event.corrections],
            "media": media_data(event, Figures(self.urls)),
            "updated": self.timeline.updated[event.slug].isoformat(),
            **json_data(event, self.config.plain_fields, self.timeline.term_labels),
        }

    # -- TimelineJS ------------------------------------------------------------------------------

    def timelinejs_head(self) -> bytes:
        """Knight Lab TimelineJS3's JSON: a title slide, the eras, and one slide per event.

        TimelineJS puts headline and text into the page as HTML, so both are escaped here.
        """
        title_text = escape(self.config.description) if self.config.description else ""
        eras = [{"start_date": timelinejs_date(era.span.start), "end_date": timelinejs_date(era.span.last),
                 "text": {"headline": str(escape(era.title)), "text": str(escape(era.description))}}
                for era in self.config.eras]
        return json_head({"title": {"text": {"headline": str(escape(self.config.title)), "text": str(title_text)}},
                          **({"eras": eras} if eras else {})}, "events")

    def timelinejs_item(self, event: Event) -> bytes:
        text = f"<p>{escape(event.summary)}</p>" if event.summary else ""
        if event.parties:
            text += f"<p>{escape(', '.join(self.timeline.parties[p].name for p in event.parties))}</p>"
        more = self.words.gettext("Read more and see the sources")
        text += f'<p><a href="{escape(self.full(self.urls.event(event.slug)))}">{escape(more)}</a></p>'
        slide = {"unique_id": event.slug, "start_date": timelinejs_date(event.span.start)}
        if event.span.end:
            slide["end_date"] = timelinejs_date(event.span.end)
        slide.update({"display_date": self.dates.span(event.span),
                      "text": {"headline": str(escape(event.title)), "text": text},
                      "group": self.words.kind(self.config.kinds[event.kind], plural=True), "autolink": False,
                      **timelinejs_media(event, Figures(self.urls))})
        return json_line(slide)

    # -- iCalendar -------------------------------------------------------------------------------

    def icalendar_head(self) -> bytes:
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//timeline-generator//timeline-generator//EN",
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH", ics_property("X-WR-CALNAME", self.config.title)]
        if self.config.description:
            lines.append(ics_property("X-WR-CALDESC", self.config.description))
        return ics_lines(lines)

    def icalendar_item(self, event: Event) -> bytes:
        url = self.full(self.urls.event(event.slug))
        return ics_lines(calendar_event(event, self.timeline, url if self.origin else "", self.uid_domain,
                                        self.words.kind(self.config.kinds[event.kind]), self.dates, self.words))

    # -- CSV -------------------------------------------------------------------------------------

    def csv_head(self) -> bytes:
        """The byte order mark first: spreadsheet programs read a file without it in the system's
        old code page ('13â€“15 June'); every CSV reader that knows UTF-8 skips it."""
        return "\ufeff".encode() + csv_row(CSV_COLUMNS + tuple(field.name for field in self.config.plain_fields))

    def csv_item(self, event: Event) -> bytes:
        span = event.span
        row = [event.slug, event.title, span.start.iso(), span.end.iso() if span.end else "", span.precision,
               "yes" if span.approximate else "no", span.first_day().isoformat(), span.last_day().isoformat(),
               self.dates.span(span), event.kind, event.status,
               "; ".join(self.timeline.parties[p].name for p in event.parties), event.location, event.summary,
               "; ".join(event.tags), self.full(self.urls.event(event.slug)),
               " ".join(self.full(self.urls.seed(s.seed)) if s.seed else s.url for s in unique_sources(event)),
               "; ".join(citation_text(s, self.dates) for s in unique_sources(event)),
               *csv_values(event, self.config.plain_fields)]
        return csv_row([csv_cell(value) for value in row])
