"""The term pages: an index per taxonomy (kinds, parties, tags, years, statuses) and a list of
the events of each term."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..core.cache import key_of
from ..model.timeline import Event
from .interface import N_
from .lists import list_pages
from .pages import Family, Page, Site

TAXONOMIES = ("kinds", "parties", "tags", "years", "status")
FACETS = ("kinds", "status", "parties", "years")  # the timeline's filter's choices, as term lists
TAXONOMY_TITLES = {"kinds": N_("Kinds of event"), "parties": N_("Parties"), "tags": N_("Tags"), "years": N_("Years"),
                   "status": N_("Statuses")}


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    url: str
    events: list[Event]


def terms(site: Site, taxonomy: str) -> list[Term]:
    """The terms of a taxonomy that some event has, in the order their index lists them; made once
    per site (the term pages, the timeline's filter and its embed's all show them)."""
    made = site.shared.get(("terms", taxonomy))
    if made is None:
        made = site.shared["terms", taxonomy] = _terms(site, taxonomy)
    return made


def facets(site: Site) -> tuple[dict[str, list[Term]], str]:
    """The filter's choices (each facet's terms), and a key of what they show: their labels and counts."""
    found = {taxonomy: terms(site, taxonomy) for taxonomy in FACETS}
    return found, key_of([(x, t.key, t.label, len(t.events)) for x, listed in found.items() for t in listed])


def _terms(site: Site, taxonomy: str) -> list[Term]:
    t, urls = site.timeline, site.urls
    if taxonomy == "kinds":
        return [Term(k, site.words.kind(site.config.kinds[k], plural=True), urls.term("kinds", k), t.by_kind[k])
                for k in site.config.kinds if k in t.by_kind]
    if taxonomy == "parties":
        return [Term(p, t.parties[p].name, urls.term("parties", p), t.by_party[p])
                for p in sorted(t.by_party, key=lambda p: t.parties[p].name.casefold())]
    if taxonomy == "tags":
        return [Term(s, t.tag_labels[s], urls.term("tags", s), t.by_tag[s])
                for s in sorted(t.by_tag, key=lambda s: t.tag_labels[s].casefold())]
    if taxonomy == "years":
        return [Term(str(y), site.dates.year_label(y), urls.term("years", y), t.by_year[y]) for y in sorted(t.by_year)]
    statuses = [s for k in site.config.kinds.values() for s in k.statuses]
    ordered = sorted(t.by_status, key=lambda s: (statuses.index(s) if s in statuses else len(statuses), s))
    return [Term(s, site.words.status(s), urls.term("status", s), t.by_status[s]) for s in ordered]


class TermPages(Family):
    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        for taxonomy in TAXONOMIES:
            found = terms(site, taxonomy)
            yield site.page(site.urls.term(taxonomy), "terms.html",
                            key_of([(t.key, t.label, len(t.events)) for t in found]),
                            lambda x=taxonomy, t=found: {"title": site.words.gettext(TAXONOMY_TITLES[x]), "taxonomy": x,
                                                            "terms": t})
            for term in found:
                yield from list_pages(site, term.url, "list.html", term.events, term.label,
                                      lambda x=taxonomy, t=term: {"title": t.label, "taxonomy": x, "term": t})
