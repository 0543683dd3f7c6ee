"""The cited articles: an index, and a page per article with the events that cite it and what
they quote. Unless the article's sidecar says it may be republished in full, its page shows only
the quoted passages, each in the sentences around it; never the whole text."""

from __future__ import annotations

from typing import Iterable, Sequence

from babel import Locale
from babel.numbers import format_percent

from ..content.sources import Seed
from ..core.cache import key_of
from ..model.timeline import Event
from .pages import Family, Page


class SourcePages(Family):
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site, citing = self.site, self.site.timeline.by_seed
        locale = site.words.locale
        cited = [site.seeds[name] for name in sorted(citing)]
        yield site.page(site.urls.source(), "sources.html", key_of([(s.name, len(citing[s.name])) for s in cited]),
                        lambda: {"title": site.words.gettext("Sources"), "seeds": cited, "citing": citing})
        for seed in cited:
            events = citing[seed.name]
            quotes = sorted({s.quote for e in events for s in e.sources if s.seed == seed.name})
            yield site.page(site.urls.seed(seed.name), "source.html", key_of([site.brief(e) for e in events], quotes),
                            lambda s=seed, e=events, q=quotes: article_context(s, e, q, locale))


def article_context(seed: Seed, events: list[Event], quotes: list[str], locale: Locale) -> dict:
    """The article's page: the whole text with its quotes marked, or the quoted passages alone
    (with the share of the article they are, in the page's language)."""
    mode = "full" if seed.meta.republish == "full" else "quotes"
    context = {"title": seed.title, "seed": seed, "mode": mode, "events": events, "paragraphs": [], "excerpts": []}
    if mode == "full":
        context["paragraphs"] = seed.paragraphs(quotes)
    else:
        quoting: dict[str, list[Event]] = {}
        for event in events:
            for quote in dict.fromkeys(s.quote for s in event.sources if s.seed == seed.name):
                quoting.setdefault(quote, []).append(event)
        context["excerpts"] = [(segments, list({e.slug: e for q in held for e in quoting[q]}.values()))
                               for segments, held in seed.excerpts(quotes)]
        shown = " ".join(text for segments, _ in context["excerpts"] for text, _ in segments)
        context["share"] = format_percent(seed.share_of(shown), locale=locale)
    return context
