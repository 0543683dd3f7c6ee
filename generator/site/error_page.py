"""404.html: GitHub Pages serves it for any missing address, at any depth (so its links are
absolute), and it is left out of the sitemap."""

from __future__ import annotations

from typing import Iterable, Sequence

from .pages import Family, Page


class NotFoundPage(Family):
    every_language = False
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        yield site.page(site.urls.not_found(), "404.html", "",
                        lambda: {"title": site.words.gettext("Page not found")}, listed=False)
