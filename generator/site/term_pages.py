"""The term pages: an index per taxonomy (site/taxonomies.py: kinds, parties, tags, years,
statuses and the site's own) and a list of the events of each term."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..core.cache import key_of
from ..model.timeline import Event
from .lists import list_pages
from .pages import Edition, Family, Page
from .taxonomies import Taxonomy, filtered_by, taxonomies
from .zoom import year_strip, year_zoom


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    url: str
    events: list[Event]


def terms(site: Edition, taxonomy: str) -> list[Term]:
    """The terms of a taxonomy that some event has, in the order their index lists them; made once
    per site (the term pages, the timeline's filter and its embed's all show them)."""
    made = site.shared.get(("terms", taxonomy))
    if made is None:
        made = site.shared["terms", taxonomy] = _terms(site, taxonomy)
    return made


def facets(site: Edition) -> tuple[list[tuple[Taxonomy, list[Term]]], str]:
    """The filter's controls (each facet with its terms), and a key of what they show: their labels
    and counts."""
    found = [(taxonomy, terms(site, taxonomy.key)) for taxonomy in filtered_by(site.config)]
    return found, key_of([(x.key, x.param, x.label, t.key, t.label, len(t.events)) for x, listed in found
                          for t in listed])


def _terms(site: Edition, taxonomy: str) -> list[Term]:
    t, urls = site.timeline, site.urls
    if taxonomy == "kinds":
        return [Term(k, site.words.kind(site.config.kinds[k], plural=True), urls.term("kinds", k), t.by_kind[k])
                for k in site.config.kinds if k in t.by_kind]
    if taxonomy == "parties":
        return [Term(p, t.parties[p].name, urls.term("parties", p), t.by_party[p])
                for p in sorted(t.by_party, key=lambda p: t.parties[p].name.casefold())]
    if taxonomy in t.by_term:  # tags and the site's own: named terms
        labels, found = t.term_labels[taxonomy], t.by_term[taxonomy]
        return [Term(s, labels[s], urls.term(taxonomy, s), found[s])
                for s in sorted(found, key=lambda s: labels[s].casefold())]
    if taxonomy == "years":
        return [Term(str(y), site.dates.year_label(y), urls.term("years", y), t.by_year[y]) for y in sorted(t.by_year)]
    statuses = [s for k in site.config.kinds.values() for s in k.statuses]
    ordered = sorted(t.by_status, key=lambda s: (statuses.index(s) if s in statuses else len(statuses), s))
    return [Term(s, site.words.status(s), urls.term("status", s), t.by_status[s]) for s in ordered]


class TermPages(Family):
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        for taxonomy in taxonomies(site.config):
            found = terms(site, taxonomy.key)
            yield site.page(site.urls.term(taxonomy.key), "terms.html",
                            key_of([(t.key, t.label, len(t.events)) for t in found]),
                            lambda x=taxonomy, t=found: {"title": site.words.gettext(x.title), "taxonomy": x.key,
                                                         "terms": t})
            for term in found:
                key, shown = (term.label, dict) if taxonomy.key != "years" else _year_overview(site, term)
                yield from list_pages(site, term.url, "list.html", term.events, key,
                                      lambda x=taxonomy, t=term, o=shown: {"title": t.label, "taxonomy": x.key,
                                                                           "term": t, **o()})


def _year_overview(site: Edition, term: Term) -> tuple[str, Callable[[], dict]]:
    """A year's page shows its strip, by month, with its zoom's links: (their key, the context's)."""
    strip, zoom = year_strip(site, int(term.key), term.url), year_zoom(site, int(term.key))
    return key_of(term.label, strip.key, zoom.key), lambda: {
        "overview": strip.svg(), "overview_legend": strip.legend() if strip.detailed else [], "zoom": zoom}
