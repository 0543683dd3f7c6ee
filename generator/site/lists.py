"""Lists of event cards (the timeline, each term's page): one page, or pages of whole years past
`page_size` events, each keyed by the cards it shows and the pages it links to."""

from __future__ import annotations

import itertools
from typing import Callable, Iterable, Optional

from markupsafe import Markup

from ..config import Era
from ..core.cache import key_of
from ..model.timeline import Event
from .pages import Edition, Page
from .pagination import YEAR, Chunk, paginate

Groups = list[tuple[int, Markup]]  # (year, the cards of its events, joined)


def paged(site: Edition, url: str, events: list[Event]) -> list[tuple[Chunk, str]]:
    """A list's pages in display order: (the events and label, the page's URL)."""
    ordered = events[::-1] if site.config.order == "newest-first" else events
    chunks = paginate(ordered, site.config.page_size, site.words, site.dates)
    return [(chunk, site.urls.list_page(url, n)) for n, chunk in enumerate(chunks, 1)]


def list_pages(site: Edition, url: str, template: str, events: list[Event], key: str,
               context: Callable[[], dict], listed: bool = True, eras: tuple[Era, ...] = ()) -> Iterable[Page]:
    """The pages of one list. `key`: what the pages show besides the cards (the context's inputs);
    `eras`: headings its cards are listed under (the timeline's)."""
    pages = paged(site, url, events)
    # each page's label and address, and the first and last day its events start on (the script's jumps)
    nav_pages = [(chunk.label, page_url, *_days(chunk)) for chunk, page_url in pages] if len(pages) > 1 else []
    nav_key = key_of(nav_pages)
    for n, (chunk, page_url) in enumerate(pages):
        nav = {"pages": nav_pages, "current": n, "label": chunk.label,
               "first": min((page[2] for page in nav_pages), default=""),
               "last": max((page[3] for page in nav_pages), default="")}
        yield site.page(page_url, template, key + nav_key + site.cards.keys(chunk.events),
                        lambda c=chunk, v=nav: _list_context(site, context(), c, v, len(events), eras),
                        cards=chunk.events,
                        listed=listed)


def _days(chunk: Chunk) -> tuple[str, str]:
    days = [event.span.first_day() for event in chunk.events]
    return min(days).isoformat(), max(days).isoformat()


def _list_context(site: Edition, context: dict, chunk: Chunk, nav: dict, count: int, eras: tuple[Era, ...]) -> dict:
    if nav["current"] > 0:  # later pages say which years they hold, so no two pages share a title
        title = context["title"]
        context["title"] = chunk.label if title == site.config.title else f"{title}, {chunk.label}"
    sections = era_sections(site, chunk.events, eras)
    return {**context, "groups": [group for _, groups in sections for group in groups], "sections": sections,
            "count": count, "pagination": nav}


def era_sections(site: Edition, ordered: list[Event], eras: tuple[Era, ...]) -> list[tuple[Optional[Era], Groups]]:
    """(the era, or None outside every era; its year groups) for events in display order: one
    section and no era when there are none."""
    if not eras:
        return [(None, year_groups(site, ordered))]

    def era_of(event: Event) -> Optional[Era]:
        return next((era for era in eras if era.holds(event.span.first_day())), None)

    return [(era, year_groups(site, group)) for era, group in itertools.groupby(ordered, era_of)]


def year_groups(site: Edition, ordered: Iterable[Event]) -> Groups:
    """(year, the cards of the events starting that year, joined), for events in display order."""
    card = site.cards.card
    return [(year, Markup("\n").join([card(e) for e in group])) for year, group in itertools.groupby(ordered, YEAR)]
