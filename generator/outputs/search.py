"""Full-text search in pieces: a Pagefind bundle at /pagefind/, made from records of our own.

Each event of each language is one record, a small page of Pagefind's own: its title, summary,
place, parties, tags, the site's own fields, its body as text and the passages its sources quote,
in the language's index (Pagefind stems the languages it knows and folds accents in all), with the
card's text as metadata, the filter's terms as filters and its first day to sort by. The reader's
browser then downloads only the index chunks its words need and the fragments of the results it
shows, never the whole index.

The bundle is made again only when a record changed (its key is kept in the cache); pagefind.py
runs Pagefind and makes its output the same bytes for the same records.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

from markupsafe import escape

from ..core.cache import key_of
from ..model.timeline import Event, slugify, term_values
from ..site.pages import Edition
from ..site.taxonomies import EVERY_EVENT, filtered_by
from .pagefind import run_pagefind

BUNDLE = "pagefind"  # its folder at the top of the output



def search_records(site: Edition) -> list[dict]:
    """One record per event of a language's edition."""
    return [_record(site, event) for event in site.timeline.events]


def _record(site: Edition, event: Event) -> dict:
    """A page of Pagefind's own making: the title as its heading (Pagefind ranks a match there
    above one in the body), the summary, body and quoted passages as paragraphs, the card's text
    as metadata, the terms as filters and the first day to sort by."""
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
    tags = [f'<span data-pagefind-meta="{escape(key)}:{escape(value)}"></span>' for key, value in meta.items()
            if value and key != "title"]
    tags += [f'<span data-pagefind-filter="{escape(name)}:{escape(term)}"></span>'
             for name, terms in _filters(site, event).items() for term in terms]
    tags.append(f'<span data-pagefind-sort="date:{event.span.first_day().isoformat()}"></span>')
    text = [event.summary, plain_text(event.body), *(source.quote for source in event.sources if source.quote),
            event.location, ", ".join(parties), ", ".join(event.tags), *own]
    paragraphs = "".join(f"<p>{escape(part)}</p>" for part in text if part) + f"<p>{EVERY_EVENT}</p>"
    return {"url": site.urls.event(event.slug),
            "file_contents": f'<html lang="{escape(site.config.language.lower())}"><body>{"".join(tags)}'
                             f'<h1 data-pagefind-meta="title">{escape(event.title)}</h1>{paragraphs}</body></html>'}


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
    """(the bundle's key, its files by path in the output) made from every edition's records; files
    None when `last` (what the cache kept of the last bundle: its key) had the same records."""
    records = [record for site in sites for record in search_records(site)]
    key = key_of(BUNDLE, json.dumps(records, sort_keys=True, ensure_ascii=False))
    return key, None if last.get("key") == key else run_pagefind(records, BUNDLE)
