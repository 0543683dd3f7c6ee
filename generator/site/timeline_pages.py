"""The timeline itself: the home page (paged by years past `page_size`), with the overview strip
and the filter's choices above the cards."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..core.cache import key_of
from .embed_pages import discovery, snippet
from .lists import list_pages
from .overview import Overview
from .pages import Family, Page
from .term_pages import facets
from .zoom import whole_zoom


class TimelinePages(Family):
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        strip = Overview(site.config, site.timeline, site.urls, site.dates, site.words)
        choices, choices_key = facets(site)
        # every page of the timeline shows the strip and each facet's terms with their counts
        zoom = whole_zoom(site)
        key = key_of(strip.key, zoom.key, choices_key)
        return list_pages(site, site.urls.home(), "index.html", site.timeline.events, key, lambda: {
            "title": site.config.title, "overview": strip.svg(),
            "overview_legend": strip.legend() if strip.detailed else [], "zoom": zoom, "facets": choices,
            "script_strings": site.words.script_strings(), "embed": snippet(site), "oembed_link": discovery(site)},
            eras=site.config.eras)
