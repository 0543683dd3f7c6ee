"""Full-text search in pieces: an index of our own at /search/<language>/ (outputs/search_index.py,
read by static/search.js), made from a record per event of each language.

A record is the event's texts with their weights (its title most, then its summary, place,
parties, tags and the site's own fields, then its body and the passages its sources quote), the
filter's terms (under the names the filter's form sends) and what its card shows. The reader's
browser downloads only the pieces its words and choices need, never the whole index.

The index is made again only when a record changed (its key is kept in the cache); the same
records make the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

from ..core.cache import key_of
from ..model.timeline import Event, slugify, term_values
from ..site.pages import Edition
from ..site.taxonomies import filtered_by
from .search_index import Index

BUNDLE = "search"  # its folder at the top of the output
TITLE, NAMED, TEXT = 5, 3, 1  # a word's weight in the title, in the card's other words, in the body


def search_records(site: Edition) -> list[dict]:
    """One record per event of a language's edition, in the timeline's order."""
    return [_record(site, event) for event in site.timeline.events]


def _record(site: Edition, event: Event) -> dict:
    words, timeline = site.words, site.timeline
    parties = [timeline.parties[p].name for p in event.parties]
    own = [" ".join(value) if isinstance(value, (list, tuple)) else str(value) for _, value in event.extra
           if isinstance(value, (str, list, tuple))]
    kind = site.config.kinds[event.kind]
    meta = {"title": event.title, "date": site.dates.span(event.span),
            "year": site.dates.year_label(event.span.start.year), "kind": event.kind,
            "kind_label": words.kind(kind), "shape": kind.shape,
            "status": words.status(event.status) if event.status else "", "location": event.location,
            "summary": event.summary, "parties": ", ".join(parties)}
    if original := sorted(set(event.fallback) & {"title", "summary", "location"}):
        meta.update(original=event.original_language, original_fields=" ".join(original))
    named = [event.summary, event.location, ", ".join(parties), ", ".join(event.tags), *own]
    body = [plain_text(event.body), *(source.quote for source in event.sources if source.quote)]
    weighted = [(TITLE, event.title), *((NAMED, text) for text in named if text),
                *((TEXT, text) for text in body if text)]
    shown = {"url": site.urls.event(event.slug), "meta": {k: v for k, v in meta.items() if v},
             "text": "\n".join(text for text in [*body, *named] if text)}
    return {"weighted": weighted, "filters": _filters(site, event), "shown": shown}


def _filters(site: Edition, event: Event) -> dict[str, list[str]]:
    """The event's terms, under the filter's names for them (as the page's form sends them)."""
    values = {"kinds": [event.kind], "status": [event.status] if event.status else [],
              "parties": list(event.parties), "years": [str(year) for year in event.span.years()]}
    found = {}
    for taxonomy in filtered_by(site.config):
        terms = values[taxonomy.key] if taxonomy.key in values else \
            [slugify(value) for value in term_values(event, taxonomy.key)]
        if terms:
            found[taxonomy.param] = terms
    return found


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"<[^>]+>|[*_`#>|~]+|^\s*[-+]\s+|^\s*\d+\.\s+", re.M)


def plain_text(markdown: str) -> str:
    """A body's words, without its markup: a link's or picture's text stays, its address goes."""
    return " ".join(_MARKUP.sub(" ", _LINK.sub(r"\1", markdown)).split())


def search_bundle(sites: Iterable[Edition], last: dict) -> tuple[str, dict[str, bytes] | None]:
    """(the index's key, its files by path in the output) made from every edition's records; files
    None when `last` (what the cache kept of the last index: its key) had the same records."""
    made = [(site.config.language.lower(), search_records(site)) for site in sites]
    key = key_of(BUNDLE, json.dumps(made, sort_keys=True, ensure_ascii=False))
    if last.get("key") == key:
        return key, None
    files = {}
    for language, records in made:
        index = Index(language)
        for record in records:
            index.add(record["weighted"], record["filters"], record["shown"])
        files.update({f"{BUNDLE}/{language}/{path}": data for path, data in index.files().items()})
    return key, files
