"""The overview's zoom levels, linked so that they work without scripts: the whole timeline (on
its pages), a decade (a page of its own, when the timeline reaches into more than one), and a year
(on the year's page, by month). Each level's strip is drawn by site/overview.py; under it, links
out to the levels above, in to those below, and to the level's neighbours. static/zoom.js zooms
and pans a strip smoothly where scripts run; these links stay for everyone else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from ..core.cache import key_of
from ..core.dates import PartialDate, Span
from ..model.timeline import Event
from .lists import paged
from .overview import Overview, Window
from .pages import Edition, Family, Page

Link = tuple[str, str]  # (its words, its address)


@dataclass(frozen=True)
class Zoom:
    """The links under a strip."""

    out: tuple[Link, ...] = ()  # the levels above, nearest first
    into: tuple[Link, ...] = ()  # the periods of the level below that have events
    earlier: Optional[Link] = None  # the same level's neighbours that have events
    later: Optional[Link] = None
    key: str = field(default="", compare=False)

    @classmethod
    def of(cls, out: Iterable[Link] = (), into: Iterable[Link] = (), earlier: Optional[Link] = None,
           later: Optional[Link] = None) -> "Zoom":
        out, into = tuple(out), tuple(into)
        return cls(out, into, earlier, later, key_of(out, into, earlier, later))


def decades(site: Edition) -> list[int]:
    """The first years of the decades the timeline's events start in, when there are two or more
    (a timeline within one decade has no decade level)."""
    found = sorted({year // 10 * 10 for year in site.timeline.by_year})
    return found if len(found) > 1 else []


def decade_label(site: Edition, first: int) -> str:
    """'1990–1999', as the language writes a span of years."""
    return site.dates.span(Span(PartialDate(first), PartialDate(first + 9)))


def whole_zoom(site: Edition) -> Zoom:
    """Under the whole timeline's strip: in to each decade, or each year when there is one decade."""
    found = decades(site)
    if found:
        return Zoom.of(into=[(decade_label(site, d), site.urls.decade(d)) for d in found])
    return Zoom.of(into=[_year_link(site, year) for year in sorted(site.timeline.by_year)])


def decade_zoom(site: Edition, first: int) -> Zoom:
    found = decades(site)
    at = found.index(first)
    return Zoom.of(
        out=[(site.words.gettext("Whole timeline"), site.urls.home())],
        into=[_year_link(site, year) for year in sorted(site.timeline.by_year) if first <= year < first + 10],
        earlier=(decade_label(site, found[at - 1]), site.urls.decade(found[at - 1])) if at else None,
        later=(decade_label(site, found[at + 1]), site.urls.decade(found[at + 1])) if at + 1 < len(found) else None)


def year_zoom(site: Edition, year: int) -> Zoom:
    years = sorted(site.timeline.by_year)
    at = years.index(year)
    decade = year // 10 * 10
    out = [(decade_label(site, decade), site.urls.decade(decade))] if decades(site) else []
    return Zoom.of(
        out=[*out, (site.words.gettext("Whole timeline"), site.urls.home())],
        earlier=_year_link(site, years[at - 1]) if at else None,
        later=_year_link(site, years[at + 1]) if at + 1 < len(years) else None)


def _year_link(site: Edition, year: int) -> Link:
    return site.dates.year_label(year), site.urls.term("years", year)


def year_strip(site: Edition, year: int, url: str) -> Overview:
    """A year's strip by month, for its page at `url`: past the detail limit, each month's bar
    leads to the first of its events on the year's list (its page, when the list has several)."""
    events = site.timeline.by_year[year]
    return Overview(site.config, site.timeline, site.urls, site.dates, site.words, events, Window.year(year),
                    month_link=_month_links(site, url, events))


def _month_links(site: Edition, url: str, events: Sequence[Event]) -> Callable[[dt.date], str]:
    pages: list = []  # the year's list's pages, made for the first month asked (the strip asks for each)

    def link(month: dt.date) -> str:
        if not pages:
            pages.extend(paged(site, url, list(events)))
        for chunk, page_url in pages:
            found = [e for e in chunk.events if e.span.first_day().replace(day=1) == month]
            if found:
                return f"{page_url}#{found[0].slug}"
        return url
    return link


class DecadePages(Family):
    """A page per decade: its strip (by year), the links of its zoom, and its years with their counts."""

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        for first in decades(site):
            events = [e for year in range(first, first + 10) for e in site.timeline.by_year.get(year, ())]
            strip = Overview(site.config, site.timeline, site.urls, site.dates, site.words, events,
                             Window.decade(first))
            zoom = decade_zoom(site, first)
            years = [(*_year_link(site, y), len(site.timeline.by_year[y]))
                     for y in range(first, first + 10) if y in site.timeline.by_year]
            yield site.page(site.urls.decade(first), "decade.html", key_of(strip.key, zoom.key, years),
                            lambda s=strip, z=zoom, y=years, d=first: {
                                "title": decade_label(site, d), "count": len(s.events), "overview": s.svg(),
                                "overview_legend": s.legend() if s.detailed else [], "zoom": z, "years": y})
