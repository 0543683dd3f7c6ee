"""The taxonomies: kinds, statuses, parties, tags, years and the site's own (timeline.toml's fields
with `taxonomy = true`), as entries of one registry. The term pages, the navigation, breadcrumbs,
the timeline's filter (and, through the page, its script) and the search bundle all read it; none
lists the taxonomies again.

A term's page name (its slug) is made from the original's value, so it is the same in every
language: a translated tag or topic changes its label, never its address.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from .words import N_


@dataclass(frozen=True)
class Taxonomy:
    key: str  # its folder (/kinds/, /topics/) and its name in templates
    title: str  # its index page's title, a message of the catalogs (a site taxonomy: its field's label)
    name: str  # in the navigation and breadcrumbs
    param: str = ""  # its name in the filter's query string; '' when the filter has no control for it
    label: str = ""  # the filter control's label
    every: str = ""  # the filter control's first choice
    in_navigation: bool = False
    own: bool = False  # a site field's

    @property
    def facet(self) -> dict:
        """What the filter script needs to know of this facet, handed to it by the page: its name,
        the search bundle's filter of the same name (outputs/search.py) and the query string's."""
        return {"name": self.param}


BUILT_IN = (
    Taxonomy("kinds", N_("Kinds of event"), N_("Kinds"), "kind", N_("Kind"), N_("All kinds"), True),
    Taxonomy("parties", N_("Parties"), N_("Parties"), "party", N_("Party"), N_("All parties"), True),
    Taxonomy("tags", N_("Tags"), N_("Tags")),
    Taxonomy("years", N_("Years"), N_("Years"), "year", N_("Year"), N_("All years"), True),
    Taxonomy("status", N_("Statuses"), N_("Statuses"), "status", N_("Status"), N_("Any status"), False),
)
# The filter's controls, in this order (the site's own taxonomies after them).
FILTER_ORDER = ("kinds", "status", "parties", "years")


def taxonomies(config: Config) -> tuple[Taxonomy, ...]:
    """Every taxonomy of the site, in the order of its pages: the built-in ones, then the site's own."""
    own = tuple(Taxonomy(field.name, field.label, field.label, field.name, field.label, N_("All"),
                         in_navigation=True, own=True) for field in config.taxonomy_fields)
    return BUILT_IN + own


def filtered_by(config: Config) -> tuple[Taxonomy, ...]:
    """The taxonomies the timeline's filter has a control for, in the order the form shows them."""
    found = {taxonomy.key: taxonomy for taxonomy in taxonomies(config)}
    return tuple(found[key] for key in FILTER_ORDER) + tuple(t for t in found.values() if t.own)

