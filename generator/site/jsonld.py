"""Each event page's schema.org Event, as JSON-LD in its head (for search engines)."""

from __future__ import annotations

from ..model.media import images
from ..model.timeline import Event, Source, unique_sources
from .pages import Edition

_SCHEMA_ORG_STATUS = {"scheduled": "EventScheduled", "held": "EventScheduled", "postponed": "EventPostponed",
                      "cancelled": "EventCancelled"}


def event_jsonld(site: Edition, event: Event) -> dict:
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
        data["attendee"] = [{"@type": "Organization", "name": site.timeline.parties[p].name}
                            for p in event.parties]
    pictures = [site.figures.full(image) for image in images(event.media)]
    if pictures:
        data["image"] = pictures
    citations = [_citation(site, source) for source in unique_sources(event)]
    if citations:
        data["citation"] = citations
    data["url"] = site.urls.full(site.urls.event(event.slug))
    return data


def _citation(site: Edition, source: Source) -> dict:
    """A cited source as a schema.org CreativeWork: where it was published, when, by whom."""
    work = {"@type": "CreativeWork", "name": source.title,
            "url": source.url or site.urls.full(site.urls.seed(source.seed))}
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.author:
        work["author"] = {"@type": "Person", "name": source.author}
    if source.date:
        work["datePublished"] = source.date.iso()
    if source.language:
        work["inLanguage"] = source.language
    if source.archived:
        work["archivedAt"] = source.archived
    return work
