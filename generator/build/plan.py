"""The plan: every page of the site, as the union of the page families, and what a build must
render (the pages whose key differs from the one written last time, or whose file is gone)."""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from ..core.timings import Timings, family_name
from ..model.timeline import Event
from ..outputs.files import CrawlerFiles, ExportFiles, FeedFile
from ..outputs.media_files import MediaFiles
from ..outputs.social_cards import SocialCards
from ..site.admin_page import AdminPage
from ..site.embed_pages import EmbedPages
from ..site.error_page import NotFoundPage
from ..site.event_pages import EventPages
from ..site.pages import Edition, Family, Page
from ..site.source_pages import SourcePages
from ..site.term_pages import TermPages
from ..site.timeline_pages import TimelinePages
from ..site.zoom import DecadePages

# In this order: a family sees the pages of those before it (the sitemap lists the HTML pages).
FAMILIES: tuple[type[Family], ...] = (TimelinePages, EventPages, TermPages, DecadePages, SourcePages, EmbedPages,
                                      NotFoundPage, AdminPage, FeedFile, ExportFiles, MediaFiles, SocialCards,
                                      CrawlerFiles)


class Plan:
    def __init__(self, sites: Sequence[Edition], families: Iterable[type[Family]] = FAMILIES):
        """`sites`: one per language, the default (at the root) first. Each language has every
        family's pages but two: one 404.html (served for any missing address) and one sitemap
        (listing the pages of every language), at the root."""
        self.sites, self.site = list(sites), sites[0]
        self.pages: list[Page] = []
        self._family_of: dict[str, Family] = {}
        families = tuple(families)
        for index, site in enumerate(self.sites):
            for make in families:
                if make is not CrawlerFiles and (make.every_language or not index):
                    self._add(make(site))
        if CrawlerFiles in families:
            self._add(CrawlerFiles(self.site))

    def _add(self, family: Family) -> None:
        for page in list(family.pages(self.pages)):
            self.pages.append(page)
            self._family_of[page.path] = family

    @property
    def keys(self) -> dict[str, str]:
        return {page.path: page.key for page in self.pages}

    def todo(self, written: Mapping[str, str], present: set[str]) -> list[Page]:
        """The pages to render: key changed since `written` ({path: key}), or file not `present`."""
        return [page for page in self.pages if written.get(page.path) != page.key or page.path not in present]

    def family_of(self, page: Page) -> type[Family]:
        return type(self._family_of[page.path])

    def prepare(self, todo: list[Page], timings: Timings) -> None:
        """Compile the templates, and load the bodies and cards, that these pages need; and let
        each family get ready for its own. Done before any worker is forked, so workers share it."""
        for site in self.sites:
            prepare(site, [page for page in todo if self._family_of[page.path].site is site])
        for family in dict.fromkeys(self._family_of[page.path] for page in todo):
            with timings.part(f"{family_name(type(family))}: preparing").making_of(0):
                family.prepare([page for page in todo if self._family_of[page.path] is family])


def first_pages(site: Edition, entry_files: frozenset[str], at_most: int = 20) -> list[Page]:
    """The event pages of these entry files (as Event.path names them), ready to render: what an
    editor just saved, to be written before the rest is planned. None for a bigger change (a
    checkout, a search and replace), which is just built."""
    events = [event for event in site.timeline.events if event.path in entry_files]
    if not events or len(events) > at_most:
        return []
    family = EventPages(site)
    pages = [family.page(event) for event in events]
    prepare(site, pages)
    return pages


def prepare(site: Edition, pages: list[Page]) -> None:
    """What any page needs before it is rendered: its template compiled, its bodies and cards."""
    for name in sorted({page.template for page in pages if page.template} | {"_macros.html"}):
        site.templates.get(name)
    site.bodies.load(event for page in pages for event in page.bodies)
    site.cards.load(event for page in pages for event in page.cards)


def forget_unused(sites: Sequence[Edition], events: Iterable[Event]) -> None:
    """Drop the cached bodies and cards no event of any language uses any more (drafts included,
    so their work survives a build without them)."""
    in_use = [(sites[0], list(events))] + [(site, site.timeline.events) for site in sites[1:]]
    sites[0].bodies.forget_unused({site.bodies.key(event) for site, shown in in_use for event in shown})
    sites[0].cards.forget_unused({site.cards.key(event) for site, shown in in_use for event in shown})
