"""A page per event: its body, milestones, relations both ways, sources with their quotes,
previous and next, and its schema.org JSON-LD."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from ..model.timeline import Event, Source, last_revised
from ..urls import filled
from .embed_pages import discovery, snippet
from .jsonld import event_jsonld
from .pages import Edition, Family, Page


class EventPages(Family):
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        return map(self.page, self.site.timeline.events)

    def page(self, event: Event) -> Page:
        site = self.site
        previous, following = site.timeline.neighbours(event)
        links = site.timeline.links.get(event.slug, [])
        # what the page shows besides the event: the slugs its body links to, and the title and
        # dates of the events it relates to and sits between
        key = "\x1f".join([event.fingerprint, *(f"{r}>{site.slugs.get(r)}" for r in site.bodies.links(event)),
                           *(f"{link.label}>{site.brief(link.event)}" for link in links),
                           site.brief(previous), site.brief(following)])
        context = {"title": event.title, "event": event, "links": links, "previous": previous, "next": following,
                   "revised": last_revised(event), "correction": correction_address(site, event)}
        return site.page(site.urls.event(event.slug), "event.html", key, lambda: {
            **context, "body": site.bodies.html(event), "citations": citations(event),
            "jsonld": event_jsonld(site, event), "social": site.social(event), "embed": snippet(site, event),
            "oembed_link": discovery(site, event)}, bodies=[event])


def correction_address(site: Edition, event: Event) -> str:
    """Where a reader suggests a correction to the event ([site] corrections), filled in with its
    title and its page's address (absolute when the site's host is known); '' when not set."""
    if not site.config.corrections:
        return ""
    return filled(site.config.corrections, {"title": event.title, "url": site.urls.full(site.urls.event(event.slug))})


def citations(event: Event) -> list[tuple[Source, list[str]]]:
    """The event's sources with the quotes taken from each, in the order first cited."""
    grouped: dict[Source, list[str]] = {}
    for source in event.sources:
        quotes = grouped.setdefault(replace(source, quote=""), [])
        if source.quote:
            quotes.append(source.quote)
    return list(grouped.items())
