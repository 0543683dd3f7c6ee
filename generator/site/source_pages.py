"""The cited articles: an index, and a page per article with every quoted passage highlighted
and the events that cite it."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..core.cache import key_of
from .pages import Family, Page


class SourcePages(Family):
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site, citing = self.site, self.site.timeline.by_seed
        cited = [site.seeds[name] for name in sorted(citing)]
        yield site.page(site.urls.source(), "sources.html", key_of([(s.name, len(citing[s.name])) for s in cited]),
                        lambda: {"title": "Sources", "seeds": cited, "citing": citing})
        for seed in cited:
            events = citing[seed.name]
            quotes = sorted({s.quote for e in events for s in e.sources if s.seed == seed.name})
            yield site.page(site.urls.seed(seed.name), "source.html", key_of([site.brief(e) for e in events], quotes),
                            lambda s=seed, e=events, q=quotes: {"title": s.title, "seed": s,
                                                                "paragraphs": s.paragraphs(q), "events": e})
