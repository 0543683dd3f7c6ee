"""Render: the timeline model -> pages as {output path: bytes}.

Templates receive a small, explicit context (see each `_page_*` function) and never open files.
Every internal URL is made here, from the base path, so the site works under any base_url.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Iterable, Optional

import jinja2
from markupsafe import Markup

from .config import Config
from .errors import Problems
from .markdown_render import MarkdownRenderer
from .model import Event, Source, Timeline, slugify
from .sources import Seed

TAXONOMIES = ("kinds", "parties", "tags", "years", "status")


@dataclass(frozen=True)
class Urls:
    """Every internal URL of the site, under the base path."""

    base: str  # '/' or '/repo/'

    def home(self) -> str:
        return self.base

    def event(self, slug: str) -> str:
        return f"{self.base}events/{slug}/"

    def term(self, taxonomy: str, term: object = None) -> str:
        return f"{self.base}{taxonomy}/" + (f"{term}/" if term is not None else "")

    def source(self, stem: Optional[str] = None) -> str:
        return f"{self.base}sources/" + (f"{stem}/" if stem else "")

    def seed(self, name: str) -> str:
        return self.source(PurePosixPath(name).stem)

    def static(self, name: str) -> str:
        return f"{self.base}static/{name}"


def page_path(url: str, base: str) -> str:
    """The output file for a page URL: /repo/events/x/ -> events/x/index.html."""
    relative = url[len(base):]
    return relative + "index.html" if relative.endswith("/") or not relative else relative


def make_environment(config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(config.templates_dir)),
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["status_label"] = status_label
    env.filters["slugify"] = slugify
    return env


def status_label(status: str) -> str:
    return status.replace("-", " ").capitalize()


class SiteRenderer:
    """Renders every page of a timeline. One instance per build."""

    def __init__(self, config: Config, timeline: Timeline, seeds: dict[str, Seed], env: jinja2.Environment):
        self.config, self.timeline, self.seeds, self.env = config, timeline, seeds, env
        self.urls = Urls(config.base_path)
        known = timeline.by_slug
        self.markdown = MarkdownRenderer(lambda slug: self.urls.event(slug) if slug in known else None,
                                         config.base_path, config.unsafe_html)
        self.globals = {
            "site": config, "urls": self.urls, "timeline": timeline, "kinds": config.kinds,
            "parties": timeline.parties, "tag_labels": timeline.tag_labels,
        }

    def bodies(self, problems: Problems) -> dict[str, Markup]:
        """Each event's body as HTML; links to unknown entries are problems."""
        result = {}
        for event in self.timeline.events:
            rendered = self.markdown.render(event.body)
            for url in rendered.broken_links:
                line = event.line("body") + event.body[:max(event.body.find(f"({url}"), 0)].count("\n")
                problems.error(event.path, line, "body", f"link to '{url}' names no entry",
                               "link to another entry's file name, like [G7](g7-summit-2024.md)")
            result[event.slug] = Markup(rendered.html)
        return result

    def pages(self, bodies: dict[str, Markup]) -> dict[str, bytes]:
        pages: dict[str, bytes] = {}
        for url, template, context in itertools.chain(
                [self._page_index()], self._pages_events(bodies), self._pages_taxonomies(),
                self._pages_sources(), [self._page_404()]):
            path = "404.html" if template == "404.html" else page_path(url, self.urls.base)
            pages[path] = self._render(template, url=url, **context)
        return pages

    def _render(self, template: str, **context) -> bytes:
        return self.env.get_template(template).render(**self.globals, **context).encode("utf-8")

    # -- pages -----------------------------------------------------------------------------

    def _page_index(self):
        events = self.timeline.events
        return self.urls.home(), "index.html", {
            "title": self.config.title, "groups": self.by_year(events), "count": len(events),
            "facets": self._facets(),
        }

    def _pages_events(self, bodies: dict[str, Markup]):
        for event in self.timeline.events:
            previous, following = self.timeline.neighbours(event)
            yield self.urls.event(event.slug), "event.html", {
                "title": event.title, "event": event, "body": bodies[event.slug],
                "links": self.timeline.links.get(event.slug, []), "previous": previous, "next": following,
                "citations": citations(event),
            }

    def _pages_taxonomies(self):
        for taxonomy in TAXONOMIES:
            terms = self._terms(taxonomy)
            yield self.urls.term(taxonomy), "terms.html", {
                "title": TAXONOMY_TITLES[taxonomy], "taxonomy": taxonomy, "terms": terms,
            }
            for term in terms:
                yield term.url, "list.html", {
                    "title": term.label, "taxonomy": taxonomy, "term": term,
                    "groups": self.by_year(term.events), "count": len(term.events),
                }

    def _pages_sources(self):
        cited = [self.seeds[name] for name in sorted(self.timeline.by_seed)]
        yield self.urls.source(), "sources.html", {
            "title": "Sources", "seeds": cited, "citing": self.timeline.by_seed,
        }
        for seed in cited:
            events = self.timeline.by_seed[seed.name]
            quotes = [s.quote for e in events for s in e.sources if s.seed == seed.name]
            yield self.urls.seed(seed.name), "source.html", {
                "title": seed.title, "seed": seed, "paragraphs": seed.paragraphs(quotes), "events": events,
            }

    def _page_404(self):
        return self.urls.base + "404.html", "404.html", {"title": "Page not found"}

    # -- helpers ---------------------------------------------------------------------------

    def by_year(self, events: Iterable[Event]) -> list[tuple[int, list[Event]]]:
        """Events grouped by the year they start, in the configured order."""
        newest_first = self.config.order == "newest-first"
        ordered = sorted(events, key=lambda e: e.sort_key, reverse=newest_first)
        return [(year, list(group)) for year, group in itertools.groupby(ordered, lambda e: e.span.start.year)]

    def _terms(self, taxonomy: str) -> list["Term"]:
        t, urls = self.timeline, self.urls
        if taxonomy == "kinds":
            return [Term(k, self.config.kinds[k].plural, urls.term("kinds", k), t.by_kind[k])
                    for k in self.config.kinds if k in t.by_kind]
        if taxonomy == "parties":
            return [Term(p, t.parties[p].name, urls.term("parties", p), t.by_party[p])
                    for p in sorted(t.by_party, key=lambda p: t.parties[p].name.casefold())]
        if taxonomy == "tags":
            return [Term(s, t.tag_labels[s], urls.term("tags", s), t.by_tag[s])
                    for s in sorted(t.by_tag, key=lambda s: t.tag_labels[s].casefold())]
        if taxonomy == "years":
            return [Term(str(y), str(y), urls.term("years", y), t.by_year[y]) for y in sorted(t.by_year)]
        statuses = [s for k in self.config.kinds.values() for s in k.statuses]
        ordered = sorted(t.by_status, key=lambda s: (statuses.index(s) if s in statuses else len(statuses), s))
        return [Term(s, status_label(s), urls.term("status", s), t.by_status[s]) for s in ordered]

    def _facets(self) -> dict[str, list["Term"]]:
        """The taxonomy terms offered as filters on the timeline."""
        return {taxonomy: self._terms(taxonomy) for taxonomy in ("kinds", "status", "parties", "years")}


def citations(event: Event) -> list[tuple[Source, list[str]]]:
    """The event's sources with the quotes taken from each, in the order first cited."""
    grouped: dict[Source, list[str]] = {}
    for source in event.sources:
        quotes = grouped.setdefault(replace(source, quote=""), [])
        if source.quote:
            quotes.append(source.quote)
    return list(grouped.items())


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    url: str
    events: list[Event]


TAXONOMY_TITLES = {"kinds": "Kinds of event", "parties": "Parties", "tags": "Tags", "years": "Years",
                   "status": "Statuses"}
