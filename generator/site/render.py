"""Render: the timeline model -> pages, each with a key that changes whenever its bytes could.

`SiteRenderer.plan()` lists every page cheaply (path, template, key); a build renders only the
pages whose key changed since the output was last written. Templates receive a small explicit
context plus the globals below, and never open files; every input a template can see is part of
the page's key, so skipping a page is safe.

Event cards are rendered once per event and reused by every list page that shows the event.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Optional

import jinja2
from markupsafe import Markup

from ..config import Config
from ..content.sources import Seed
from ..core.cache import MemoryCache, key_of
from ..core.errors import Problems
from ..core.workers import fork_map
from ..model.timeline import Event, Source, Timeline
from ..outputs.exports import Exports, schema_text
from ..outputs.feeds import Feeds
from ..outputs.items import LIST_EXPORTS, Previous, no_previous
from ..urls import Urls
from .markdown import Body, relink, render_bodies
from .overview import Overview
from .pagination import YEAR, Chunk, paginate
from .templates import Templates, status_label, templates_key

TAXONOMIES = ("kinds", "parties", "tags", "years", "status")
TAXONOMY_TITLES = {"kinds": "Kinds of event", "parties": "Parties", "tags": "Tags", "years": "Years",
                   "status": "Statuses"}
BODY, CARD, REFS = "body", "card", "refs"  # kinds of cache records (REFS is one map)


@dataclass(frozen=True)
class Page:
    path: str  # the output file, relative to the output folder
    url: str
    template: str
    key: str
    context: Callable[[], dict]  # built only if the page is rendered
    events: tuple[Event, ...] = ()  # whose cards (lists) or bodies (with `bodies`) it needs
    bodies: bool = False
    produce: Optional[Callable[[], bytes]] = None  # an export's bytes, made without a template
    weight: int = 0  # how much work rendering it is, roughly: the events it shows

    @property
    def cost(self) -> int:
        return max(self.weight, len(self.events))


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    url: str
    events: list[Event]


def body_key(config: Config, event: Event) -> str:
    """The key of an event's rendered body: its text and the settings that shape its HTML."""
    return key_of("body", event.fingerprint, config.base_path, config.unsafe_html)


def page_path(url: str, base: str) -> str:
    """The output file for a page URL: /repo/events/x/ -> events/x/index.html."""
    relative = url[len(base):]
    return relative + "index.html" if relative.endswith("/") or not relative else relative


class SiteRenderer:
    """Plans and renders every page of a timeline. One instance per build."""

    def __init__(self, config: Config, timeline: Timeline, seeds: dict[str, Seed], env: jinja2.Environment,
                 cache: MemoryCache, previous: Previous = no_previous):
        """`previous`: reads a file an earlier build left in the output (exports reuse their items)."""
        self.config, self.timeline, self.seeds, self.env, self.cache = config, timeline, seeds, env, cache
        self.templates = Templates(config, env)
        self.urls = Urls.of(config)
        self.slugs = {e.path.rpartition("/")[2][:-3]: e.slug for e in timeline.events} | {
            e.slug: e.slug for e in timeline.events}
        self.status_pages = frozenset(timeline.by_status)
        env.globals.update(site=config, urls=self.urls, kinds=config.kinds, parties=timeline.parties,
                           tag_labels=timeline.tag_labels, status_pages=self.status_pages)
        self.global_key = key_of(templates_key(config), repr(replace(config, root=None, output=None)),
                                 repr(timeline.parties), sorted((n, s.digest) for n, s in seeds.items()),
                                 sorted(self.status_pages), sorted(timeline.tag_labels.items()))
        # keys already hashed, kept from one build to the next by a long-lived cache (the preview's)
        self._body_keys: dict[str, str] = cache.memo("body keys", repr((config.base_path, config.unsafe_html)))
        self._card_memo: dict[tuple, str] = cache.memo("card keys", self.global_key)
        self._card_keys: dict[str, str] = {}
        self.cards_read_body = ".body" in (config.templates_dir / "_macros.html").read_text(encoding="utf-8") \
            if (config.templates_dir / "_macros.html").is_file() else True
        self.overview = Overview(config, timeline, self.urls)
        self.exports = Exports(config, timeline, seeds, self.urls, cache, self.global_key, previous,
                               pages_of=self._timeline_pages())
        self.feeds = Feeds(config, timeline, seeds, self.urls, self.body_html, self.exports.updated)
        self._briefs: dict[str, str] = {}
        self.bodies: dict[str, Body] = {}
        self.cards: dict[str, Markup] = {}
        self.refs: dict[str, tuple[str, ...]] = cache.get_map(REFS)

    # -- bodies and links ------------------------------------------------------------------------

    def body_key(self, event: Event) -> str:
        key = self._body_keys.get(event.fingerprint)
        if key is None:
            key = self._body_keys[event.fingerprint] = body_key(self.config, event)
        return key

    def load_bodies(self, events: Iterable[Event]) -> None:
        """Make the bodies of these events available: from the cache, or rendered (in parallel)."""
        wanted = {self.body_key(e): e for e in events if self.body_key(e) not in self.bodies}
        self.bodies.update(self.cache.get(BODY, wanted))
        missing = {key: event.body for key, event in wanted.items() if key not in self.bodies}
        if missing:
            rendered = render_bodies(missing, self.config.base_path, self.config.unsafe_html)
            self.cache.put(BODY, rendered)
            self.bodies.update(rendered)
        self._note_refs({key: self.bodies[key] for key in wanted})

    def _note_refs(self, bodies: dict[str, Body]) -> None:
        fresh = {key: body.refs for key, body in bodies.items() if key not in self.refs}
        if fresh:
            self.refs.update(fresh)
            self.cache.put_map(REFS, self.refs)

    def check_links(self, problems: Problems) -> None:
        """Every link in a body to another entry's file must name an entry."""
        keys = [self.body_key(e) for e in self.timeline.events]
        self.load_bodies(e for e, key in zip(self.timeline.events, keys) if key not in self.refs)
        for event, key in zip(self.timeline.events, keys):
            for stem in self.refs[key]:
                if stem not in self.slugs:
                    text = f"{stem}.md"
                    line = event.line("body") + event.body[:max(event.body.find(text), 0)].count("\n")
                    problems.error(event.path, line, "body", f"link to '{text}' names no entry",
                                   "link to another entry's file name, like [G7](g7-summit-2024.md)")

    def forget_unused(self, events: Iterable[Event]) -> None:
        """Drop cached bodies, links and cards that no event of this site uses any more."""
        events = list(events)
        bodies = {self.body_key(e) for e in events}
        self.cache.keep_only(BODY, bodies)
        if len(self.refs) > len(bodies):
            self.cache.put_map(REFS, {k: v for k, v in self.refs.items() if k in bodies})
        self.cache.keep_only(CARD, {self.card_key(e) for e in events})

    def body_html(self, event: Event) -> Markup:
        return Markup(relink(self.bodies[self.body_key(event)], self.slugs, self.config.base_path))

    # -- cards -----------------------------------------------------------------------------------

    def card_key(self, event: Event) -> str:
        key = self._card_keys.get(event.slug)
        if key is None:
            # A card shows front matter only, so a body edit leaves it (and every list) as it was,
            # unless a maintainer's card template reads the body.
            body = event.fingerprint if self.cards_read_body else ""
            key = self._card_memo.get((event.front_fingerprint, body, event.slug))
            if key is None:
                key = self._card_memo[event.front_fingerprint, body, event.slug] = key_of(
                    "card", self.global_key, event.front_fingerprint, body, event.slug)
            self._card_keys[event.slug] = key
        return key

    def _cards_key(self, events: Iterable[Event]) -> str:
        """The card keys of these events, joined (a list page's key holds those of its cards)."""
        keys = self._card_keys
        return "\x1f".join([keys[e.slug] if e.slug in keys else self.card_key(e) for e in events])

    def load_cards(self, events: Iterable[Event]) -> None:
        wanted = {self.card_key(e): e for e in events if self.card_key(e) not in self.cards}
        self.cards.update(self.cache.get(CARD, wanted))
        card = self.templates.get("_macros.html").module.card
        missing = [(key, event) for key, event in wanted.items() if key not in self.cards]
        fresh = {key: Markup(html) for key, html in fork_map(
            lambda i: (missing[i][0], self.templates.guarded(lambda: str(card(missing[i][1])))), range(len(missing)))}
        self.cache.put(CARD, fresh)
        self.cards.update(fresh)

    def card(self, event: Event) -> Markup:
        return self.cards[self.card_key(event)]

    # -- pages -----------------------------------------------------------------------------------

    def plan(self) -> list[Page]:
        """Every page of the site, with its key; nothing is rendered yet."""
        pages = [*self._pages_index(), *self._pages_events(), *self._pages_taxonomies(), *self._pages_sources(),
                 self._page_404()]
        return pages + list(self._pages_exports(pages))

    def prepare(self, pages: list[Page]) -> None:
        """Compile the templates and load the bodies and cards these pages need.

        Done in this process, before any worker is forked, so that workers share the result.
        """
        for name in sorted({p.template for p in pages if p.template} | {"_macros.html"}):
            self.templates.get(name)
        self.load_bodies(e for p in pages if p.bodies for e in p.events)
        self.load_cards(e for p in pages if not p.bodies for e in p.events)
        self.exports.prepare(p.path for p in pages if p.path in LIST_EXPORTS)

    def render_page(self, page: Page) -> tuple[str, bytes]:
        """(path, bytes); template mistakes become ContentError naming the template file and line."""
        if page.produce is not None:
            return page.path, page.produce()

        def work():
            return self.env.get_template(page.template).render(url=page.url, **page.context())
        return page.path, self.templates.guarded(work).encode("utf-8")

    def _page(self, url: str, template: str, key: str, context: Callable[[], dict],
              events: Iterable[Event] = (), bodies: bool = False) -> Page:
        path = "404.html" if template == "404.html" else page_path(url, self.urls.base)
        return Page(path, url, template, key_of(self.global_key, path, key), context, tuple(events), bodies)

    def _export(self, name: str, key: str, produce: Callable[[], bytes], events: Iterable[Event] = ()) -> Page:
        path = page_path(self.urls.export(name), self.urls.base)
        return Page(path, self.urls.export(name), "", key_of(self.global_key, path, key), dict, tuple(events),
                    bool(events), produce, weight=len(self.timeline.events))

    def _pages_index(self) -> Iterable[Page]:
        strip = self.overview
        yield from self._pages_list(self.urls.home(), "index.html", self.timeline.events, strip.key, lambda: {
            "title": self.config.title, "overview": strip.svg(),
            "overview_legend": strip.legend() if strip.detailed else [],
            "facets": {t: self._terms(t) for t in ("kinds", "status", "parties", "years")}})

    def _pages_list(self, url: str, template: str, events: list[Event], key: str,
                    context: Callable[[], dict]) -> Iterable[Page]:
        """A list of events: one page, or pages of whole years past `page_size` events."""
        paged = self._paged(url, events)
        pages = [(chunk.label, page_url) for chunk, page_url in paged] if len(paged) > 1 else []
        nav_key = key_of(pages)
        for n, (chunk, page_url) in enumerate(paged):
            nav = {"pages": pages, "current": n, "label": chunk.label}
            yield self._page(page_url, template, key + nav_key + self._cards_key(chunk.events),
                             lambda c=chunk, v=nav: self._list_context(context(), c, v, len(events)), chunk.events)

    def _paged(self, url: str, events: list[Event]) -> list[tuple[Chunk, str]]:
        """A list's pages in display order: (the events and label, the page's URL)."""
        ordered = events[::-1] if self.config.order == "newest-first" else events
        chunks = paginate(ordered, self.config.page_size)
        return [(chunk, url if n == 0 else f"{url}page/{n + 1}/") for n, chunk in enumerate(chunks)]

    def _timeline_pages(self) -> dict[str, str]:
        """slug -> the timeline page that shows the event, when the timeline has more than one."""
        paged = self._paged(self.urls.home(), self.timeline.events)
        return {e.slug: url for chunk, url in paged for e in chunk.events} if len(paged) > 1 else {}

    def _list_context(self, context: dict, chunk: Chunk, nav: dict, count: int) -> dict:
        if nav["current"] > 0:  # later pages say which years they hold, so no two pages share a title
            title = context["title"]
            context["title"] = chunk.label if title == self.config.title else f"{title}, {chunk.label}"
        return {**context, "groups": self._year_groups(chunk.events), "count": count, "pagination": nav}

    def _pages_events(self) -> Iterable[Page]:
        return map(self.event_page, self.timeline.events)

    def event_page(self, event: Event) -> Page:
        previous, following = self.timeline.neighbours(event)
        links = self.timeline.links.get(event.slug, [])
        refs = self.refs[self.body_key(event)]
        key = "\x1f".join([event.fingerprint, *(f"{r}>{self.slugs.get(r)}" for r in refs),
                            *(f"{link.label}>{self.brief(link.event)}" for link in links),
                            self.brief(previous), self.brief(following)])
        context = {"title": event.title, "event": event, "links": links, "previous": previous, "next": following}
        return self._page(self.urls.event(event.slug), "event.html", key, lambda: {
            **context, "body": self.body_html(event), "citations": citations(event),
            "jsonld": self.feeds.jsonld(event)}, [event], bodies=True)

    def _pages_taxonomies(self) -> Iterable[Page]:
        for taxonomy in TAXONOMIES:
            terms = self._terms(taxonomy)
            yield self._page(self.urls.term(taxonomy), "terms.html",
                             key_of([(t.key, t.label, len(t.events)) for t in terms]), lambda x=taxonomy, t=terms: {
                                 "title": TAXONOMY_TITLES[x], "taxonomy": x, "terms": t})
            for term in terms:
                yield from self._pages_list(term.url, "list.html", term.events, term.label,
                                            lambda x=taxonomy, t=term: {"title": t.label, "taxonomy": x, "term": t})

    def _pages_sources(self) -> Iterable[Page]:
        cited = [self.seeds[name] for name in sorted(self.timeline.by_seed)]
        citing = self.timeline.by_seed
        yield self._page(self.urls.source(), "sources.html", key_of([(s.name, len(citing[s.name])) for s in cited]),
                         lambda: {"title": "Sources", "seeds": cited, "citing": citing})
        for seed in cited:
            events = citing[seed.name]
            quotes = sorted({s.quote for e in events for s in e.sources if s.seed == seed.name})
            yield self._page(self.urls.seed(seed.name), "source.html", key_of([self.brief(e) for e in events], quotes),
                             lambda s=seed, e=events, q=quotes: {"title": s.title, "seed": s,
                                                                 "paragraphs": s.paragraphs(q), "events": e})

    def _page_404(self) -> Page:
        return self._page(self.urls.base + "404.html", "404.html", "", lambda: {"title": "Page not found"})

    def _pages_exports(self, pages: list[Page]) -> Iterable[Page]:
        """The feed, the calendar, the data files and the sitemap."""
        exports, feeds, events = self.exports, self.feeds, self.timeline.events
        everything = "\x1f".join(e.fingerprint for e in events)
        fronts = "\x1f".join(e.front_fingerprint for e in events)  # for exports that leave the body out
        feed = feeds.feed_events
        yield self._export("feed.xml", "\x1f".join(e.fingerprint for e in feed), feeds.atom, feed)
        for name in LIST_EXPORTS:
            key = everything if LIST_EXPORTS[name].shows_body else fronts
            if name == "search-index.json":
                key = key_of(fronts, "\x1f".join(f"{slug}>{url}" for slug, url in exports.pages_of.items()))
            yield self._export(name, key, lambda n=name: exports.list_export(n))
        yield self._export("events.schema.json", key_of(schema_text()), schema_text)
        listed = [p.url for p in pages if p.template != "404.html"]
        lastmod = {self.urls.event(e.slug): exports.updated[e.slug] for e in events}
        yield self._export("sitemap.xml", key_of("\x1f".join(listed), "\x1f".join(map(str, lastmod.values()))),
                           lambda: feeds.sitemap(listed, lastmod))
        yield self._export("robots.txt", "", feeds.robots)

    # -- helpers ---------------------------------------------------------------------------------

    def brief(self, event: Optional[Event]) -> str:
        """What a page shows of another event (title and dates): enough to key the page on."""
        if event is None:
            return ""
        brief = self._briefs.get(event.slug)
        if brief is None:
            brief = self._briefs[event.slug] = f"{event.slug}\x1e{event.title}\x1e{event.span.key}"
        return brief

    def _year_groups(self, ordered: Iterable[Event]) -> list[tuple[int, Markup]]:
        """(year, the cards of the events starting that year, joined), for events in display order."""
        return [(year, Markup("\n").join(self.card(e) for e in group))
                for year, group in itertools.groupby(ordered, YEAR)]

    def _terms(self, taxonomy: str) -> list[Term]:
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




def citations(event: Event) -> list[tuple[Source, list[str]]]:
    """The event's sources with the quotes taken from each, in the order first cited."""
    grouped: dict[Source, list[str]] = {}
    for source in event.sources:
        quotes = grouped.setdefault(replace(source, quote=""), [])
        if source.quote:
            quotes.append(source.quote)
    return list(grouped.items())
