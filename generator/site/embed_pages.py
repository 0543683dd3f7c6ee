"""Embeds: the timeline and each event made for an article's iframe, the snippet that embeds
them, and their oEmbed files.

`/embed/` is the timeline without the site's chrome (its links open in the top window), paged
as the timeline is; `/embed/events/<slug>/` is one event's compact card. Both post their height
to the host page (static/embedded.js) in the messages pym.js and AMP's `embed-size` use, so the
host's static/embed.js, or a CMS that already speaks either, fits the iframe to its content.
The snippet and the oEmbed files name absolute addresses: they exist when the site's host is known.
"""

from __future__ import annotations

import json
from typing import Iterable, Optional, Sequence

from markupsafe import Markup

from ..core.cache import key_of
from ..model.timeline import Event, unique_sources
from .lists import list_pages
from .pages import Edition, Family, Page
from .term_pages import facets

WIDTH = 640  # what the snippet and oEmbed assume of the host's column, for the first paint
TIMELINE_RATIO, EVENT_RATIO = (4, 5), (16, 10)  # the frame's shape when no script can fit it


class EmbedPages(Family):
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        choices, key = facets(site)
        yield from list_pages(site, site.urls.embed(), "embed.html", site.timeline.events, key, lambda: {
            "title": site.config.title, "facets": choices, "script_strings": site.words.script_strings(),
            "canonical": site.urls.home()}, listed=False)
        for event in site.timeline.events:
            sources = len(unique_sources(event))
            yield site.page(site.urls.embed(event.slug), "embed_event.html", key_of(site.cards.key(event), sources),
                            lambda e=event, n=sources: {"title": e.title, "event": e, "sources": n,
                                                        "canonical": site.urls.event(e.slug),
                                                        "card": site.cards.card(e)},
                            cards=[event], listed=False)
        if site.urls.origin:
            yield site.file("oembed.json", "", lambda: oembed(site))
            for event in site.timeline.events:
                url = site.urls.oembed(site.urls.event(event.slug))
                yield Page(site.urls.path(url), url, key_of(site.global_key, event.front_fingerprint),
                           lambda e=event: oembed(site, e), listed=False)


def oembed_url(site: Edition, event: Optional[Event] = None) -> str:
    """The page's oEmbed file, for its <link rel="alternate" type="application/json+oembed">."""
    return site.urls.full(site.urls.oembed(site.urls.event(event.slug) if event else site.urls.home()))


def snippet(site: Edition, event: Optional[Event] = None) -> Optional[Markup]:
    """What an editor pastes into an article: the iframe (titled, lazy, shaped by aspect-ratio
    until the script fits it), a link for readers without frames or scripts, and the script."""
    if not site.urls.origin:
        return None
    ratio = EVENT_RATIO if event else TIMELINE_RATIO
    title = site.words.gettext("Timeline: %(title)s") % {"title": event.title if event else site.config.title}
    page = site.urls.full(site.urls.event(event.slug) if event else site.urls.home())
    return Markup(
        '<iframe src="{src}" title="{title}" loading="lazy" data-timeline-embed width="{width}" '
        'style="width:100%;max-width:100%;border:0;aspect-ratio:{w}/{h}"></iframe>\n'
        '<noscript><p><a href="{page}">{title}</a></p></noscript>\n'
        '<script src="{script}" async></script>').format(
        src=site.urls.full(site.urls.embed(event.slug if event else None)), title=title, width=WIDTH, w=ratio[0],
        h=ratio[1], page=page, script=site.urls.full(site.urls.static("embed.js")))


def oembed(site: Edition, event: Optional[Event] = None) -> bytes:
    """An oEmbed 1.0 `rich` response, as a static file."""
    ratio = EVENT_RATIO if event else TIMELINE_RATIO
    social = site.social(event)
    data = {"version": "1.0", "type": "rich", "title": event.title if event else site.config.title,
            "provider_name": site.config.title, "provider_url": site.urls.full(site.urls.home()),
            "html": str(snippet(site, event)), "width": WIDTH, "height": WIDTH * ratio[1] // ratio[0],
            "cache_age": 86400}
    if social:
        data.update(thumbnail_url=social.url, thumbnail_width=social.width, thumbnail_height=social.height)
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def discovery(site: Edition, event: Optional[Event] = None) -> Markup:
    """The <link> that lets a CMS find the oEmbed file from the page's HTML, without scripts."""
    if not site.urls.origin:
        return Markup("")
    title = event.title if event else site.config.title
    return Markup('<link rel="alternate" type="application/json+oembed" href="%s" title="%s">') % (
        oembed_url(site, event), title)

