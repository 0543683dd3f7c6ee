"""How an event's parts are written in the exports: dates with their precision, sources with
their metadata, the calendar's description and revision count, and what an item shows of other
events (for its key)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from markupsafe import escape

from ..core.dates import PartialDate, Span
from ..model.date_text import DateText
from ..model.media import Image
from ..model.timeline import Event, Source, Timeline
from ..site.bodies import Bodies
from ..site.figures import Figures
from ..site.words import N_, Words
from ..urls import Urls
from .formats import ics_property, ics_text


def others_key(event: Event, timeline: Timeline, bodies: Optional[Bodies]) -> str:
    """What events.json shows of other events: who relates to this one, and the slugs its body's
    links lead to."""
    inverse = "".join(f"\x1f{link.type}<{link.event.slug}" for link in timeline.links.get(event.slug, ())
                      if link.inverse)
    if bodies is None:
        return inverse
    return inverse + "".join(f"\x1f{stem}>{bodies.slugs.get(stem)}" for stem in bodies.links(event))


def date_data(date: PartialDate) -> dict:
    return {"iso": date.iso(), "precision": date.precision}


def span_data(span: Span, dates: DateText) -> dict:
    """A span with its precision kept, plus the days it may cover, for clients that need days."""
    return {"start": date_data(span.start), "end": date_data(span.end) if span.end else None,
            "approximate": span.approximate, "first_day": span.first_day().isoformat(),
            "last_day": span.last_day().isoformat(), "display": dates.span(span)}


def timelinejs_date(date: PartialDate) -> dict:
    """Year, month and day, each only when known: TimelineJS shows a month event as a month."""
    data = {"year": date.year}
    if date.month:
        data["month"] = date.month
    if date.day:
        data["day"] = date.day
    return data


def source_data(source: Source, urls: Urls) -> dict:
    """A source in events.json: its metadata, and for an article in seeds/ the site's page of it."""
    data = {"title": source.title, "url": source.url or None, "archived": source.archived or None,
            "publisher": source.publisher or None,
            "author": source.author or None, "language": source.language or None,
            "date": date_data(source.date) if source.date else None, "quote": source.quote or None}
    if source.seed:
        data["seed"] = source.seed
        data["page"] = urls.full(urls.seed(source.seed))
    return data


def byline(source: Source, dates: DateText) -> str:
    """Who published a source, and when: "Author, Publisher, 12 June 2024" (what is known of it)."""
    return ", ".join(filter(None, [source.author, source.publisher, dates.date(source.date) if source.date else ""]))


def citation_text(source: Source, dates: DateText) -> str:
    """A source in one line of plain text: "Title. Author, Publisher, 12 June 2024. https://..."."""
    written_by = byline(source, dates)
    return " ".join(filter(None, [f"{source.title}.", f"{written_by}." if written_by else "", source.url]))


def ics_description(event: Event, timeline: Timeline, url: str, dates: DateText, words: Words) -> str:
    parts = []
    if span_note := _precision_note(event.span, dates, words):
        parts.append(span_note)
    if event.summary:
        parts.append(event.summary)
    if event.parties:
        parts.append(words.gettext("Parties: %(names)s") % {
            "names": ", ".join(timeline.parties[p].name for p in event.parties)})
    if url:
        parts.append(url)
    return "\n\n".join(parts)


# What iCalendar STATUS says for our statuses (others leave STATUS out).
_ICS_STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def calendar_event(event: Event, timeline: Timeline, url: str, uid_domain: str, category: str, dates: DateText,
                   words: Words) -> list[str]:
    """An event's VEVENT lines: all-day, over the days its dates may cover. `url`: its page's
    absolute address, or '' when the site's host is unknown."""
    first, last = event.span.first_day(), event.span.last_day()
    updated = timeline.updated[event.slug]
    lines = ["BEGIN:VEVENT", f"UID:{ics_text(event.slug)}@{ics_text(uid_domain)}",
             f"DTSTAMP:{updated:%Y%m%d}T000000Z", f"LAST-MODIFIED:{updated:%Y%m%d}T000000Z",
             f"SEQUENCE:{revisions(event)}", f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
             f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",  # exclusive
             ics_property("SUMMARY", event.title),
             ics_property("DESCRIPTION", ics_description(event, timeline, url, dates, words))]
    if event.location:
        lines.append(ics_property("LOCATION", event.location))
    lines.append(ics_property("CATEGORIES", category))
    if event.status in _ICS_STATUS:
        lines.append(f"STATUS:{_ICS_STATUS[event.status]}")
    if url:
        lines.append(f"URL;VALUE=URI:{url}")
    lines.append("TRANSP:TRANSPARENT")  # a timeline entry does not make anyone busy
    return lines + ["END:VEVENT"]


def revisions(event: Event) -> int:
    """iCalendar's SEQUENCE: how many times the entry says it was revised after publication."""
    return len({c.date for c in event.corrections} | ({event.updated} if event.updated else set()))


_PRECISION_NOTES = {
    ("month", False): N_("Known only to the month: %(date)s; the calendar entry covers the whole month."),
    ("month", True): N_("Known only to the month: %(date)s; the calendar entry covers the whole period."),
    ("year", False): N_("Known only to the year: %(date)s; the calendar entry covers the whole year."),
    ("year", True): N_("Known only to the year: %(date)s; the calendar entry covers the whole period."),
}


def _precision_note(span: Span, dates: DateText, words: Words) -> str:
    """What an all-day calendar event cannot say by itself about the date it stands for."""
    notes = []
    if span.precision != "day":
        notes.append(words.gettext(_PRECISION_NOTES[span.precision, span.end is not None]) % {
            "date": dates.span(span)})
    if span.approximate:
        notes.append(words.gettext("The date is approximate."))
    return " ".join(notes)


def media_data(event: Event, figures: Figures) -> list[dict]:
    """An event's media in events.json: pictures with their largest variant's address and size,
    links with the provider they lead to."""
    result = []
    for item in event.media:
        if isinstance(item, Image):
            shown = figures.shown(item)
            licence, deed = item.licence_link
            result.append({"type": "image", "url": figures.full(item), "width": shown.width, "height": shown.height,
                           "alt": item.alt, "decorative": item.decorative, "caption": item.caption or None,
                           "credit": item.credit or None, "credit_url": item.credit_url or None,
                           "license": licence or None, "license_url": deed or None})
        else:
            result.append({"type": "link", "url": item.url, "archived": item.archived or None, "title": item.title,
                           "credit": item.credit or None, "provider": item.provider})
    return result


def timelinejs_media(event: Event, figures: Figures) -> dict:
    """TimelineJS3's slide `media`: the first picture (credited, captioned, with alt text), or else
    the first link (which TimelineJS, not our pages, may embed from its provider); {} if none."""
    for item in event.media:
        if isinstance(item, Image):
            credit = item.credit + (f" ({item.licence_link[0]})" if item.license and not item.own else "")
            return {"media": {"url": figures.full(item), "thumbnail": figures.full(item, 320), "alt": item.alt,
                              "caption": str(escape(item.caption)), "credit": str(escape(credit))}}
    for item in event.media:
        return {"media": {"url": item.url, "caption": str(escape(item.title)), "credit": str(escape(item.credit))}}
    return {}
