"""Pages, page families, and what every family of one build shares.

A page family (event pages, the timeline's pages, term lists, source pages, the feed, the data
exports...) is one small unit: `pages()` lists its pages cheaply, each with a key that changes
whenever its bytes could, and a page renders itself only when asked (when its key changed since
the output was last written). The plan is the union of the families (build/plan.py), so a new
kind of page is a new family, not an edit of a renderer that knows them all.

Keys come from declared inputs: the settings, templates, parties and articles every page may
show (`Edition.global_key`), plus what the family says the page shows. Templates never open files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable, Iterable, Optional, Sequence

import jinja2

from ..config import Config
from ..content import link_states
from ..content.sources import Seed
from ..core.cache import MemoryCache, key_of
from ..core.languages import language_name
from ..model.date_text import DateText
from ..model.media import images, links, preview_picture
from ..model.timeline import Event, Timeline
from ..urls import Urls
from .bodies import Bodies
from .cards import Cards
from .figures import Figures
from .taxonomies import taxonomies
from .templates import Templates, templates_key
from .words import LOCALES_DIR, Words, lang_of

Previous = Callable[[str], Optional[bytes]]  # a file an earlier build left in the output, or None


def no_previous(name: str) -> Optional[bytes]:
    return None


@dataclass(frozen=True)
class Page:
    path: str  # the output file, relative to the output folder
    url: str
    key: str
    make: Callable[[], bytes | list]  # the bytes (a big export: its pieces); called only if rendered
    template: str = ""  # the template it is rendered from, if any
    bodies: tuple[Event, ...] = ()  # events whose rendered bodies it shows
    cards: tuple[Event, ...] = ()  # events whose cards it shows
    listed: bool = True  # in the sitemap
    weight: int = 0  # how much work rendering it is, roughly, beyond its bodies and cards

    @property
    def cost(self) -> int:
        return max(self.weight, len(self.bodies) + len(self.cards))


_INDENT = re.compile(r"\n\s+(?=<)")  # white space that starts a line before a tag: never shown
_VERBATIM = re.compile(r"(<(?:pre|textarea)\b.*?</(?:pre|textarea)>)", re.S)


def tidy(html: str) -> str:
    """The page without the templates' indentation and blank lines (a tenth of a list page's
    bytes), except inside <pre> and <textarea>, whose white space is the content."""
    if "<pre" not in html and "<textarea" not in html:
        return _INDENT.sub("\n", html)
    return "".join(part if i % 2 else _INDENT.sub("\n", part) for i, part in enumerate(_VERBATIM.split(html)))


@dataclass(frozen=True)
class Social:
    """A page's picture for link previews (og:image)."""

    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Alternate:
    """A language the site is published in, as a language switcher and hreflang links show it."""

    code: str
    name: str  # in that language: 'Українська'
    urls: Urls


class Edition:
    """One language's edition of the site, made once per build and handed to every page family:
    its settings (config.language is its code), its addresses (at the root, or under /<code>/),
    its words and dates, its Jinja environment and the globals every template gets, its timeline
    (translated), the articles, the cache, and the bodies and cards rendered so far."""

    def __init__(self, config: Config, timeline: Timeline, seeds: dict[str, Seed], env: jinja2.Environment,
                 cache: MemoryCache, previous: Previous = no_previous, editions: tuple[str, ...] = ()):
        """`config`: the settings as this language's pages show them (config.language is its code);
        `previous`: reads a file an earlier build left in the output (exports reuse their items);
        `editions`: the languages this build makes, the default first (its pages at the site's root,
        the others' under /<code>/); none for a site in one language."""
        self.config, self.timeline, self.seeds, self.cache, self.previous = config, timeline, seeds, cache, previous
        at_root = not editions or config.language == editions[0]
        self.urls = Urls.of(config, "" if at_root else config.language)
        # every edition, for the language switcher and hreflang links
        self.alternates = [Alternate(code, language_name(code), Urls.of(config, code if n else ""))
                           for n, code in enumerate(editions)] if len(editions) > 1 else []
        self.words = Words(config.language, config.root / LOCALES_DIR)
        self.dates = DateText(config.language, approximate=self.words.approximate)
        self.templates = Templates(config, env)
        self.figures = Figures(self.urls)
        self.slugs = {e.path.rpartition("/")[2][:-3]: e.slug for e in timeline.events} | {
            e.slug: e.slug for e in timeline.events}
        status_pages = frozenset(timeline.by_status)
        gone = link_states.gone(cache)  # originals the last `timeline links` found dead: their copies go first
        registry = taxonomies(config)
        words = self.words
        # what every template of this site's language sees: the globals of its own environment
        self.globals = {"site": config, "urls": self.urls, "dates": self.dates, "kinds": config.kinds,
                        "parties": timeline.parties, "tag_labels": timeline.tag_labels,
                        "term_labels": timeline.term_labels, "status_pages": status_pages,
                        "rtl": words.right_to_left, "status_label": words.status, "party_type": words.party_type,
                        "kind_label": lambda k: words.kind(config.kinds[k]),
                        "kind_plural": lambda k: words.kind(config.kinds[k], plural=True),
                        "alternates": self.alternates, "language_name": language_name, "lang_of": lang_of,
                        "figures": self.figures, "pictures_of": lambda e: images(e.media),
                        "links_of": lambda e: links(e.media),
                        # the taxonomies (site/taxonomies.py); `word`: a message or a label of the site's
                        # own in this language, as text to escape (a label from timeline.toml is no markup)
                        "taxonomies": {t.key: t for t in registry}, "word": words.gettext,
                        "navigation": [(words.gettext(t.name), self.urls.term(t.key)) for t in registry
                                       if t.in_navigation],
                        "fields": config.plain_fields, "once": {},  # ({% once %}'s markup, this build)
                        "gone": gone,
                        **words.jinja_callables()}
        env.globals.update(self.globals)  # the environment is this language's own
        # what any page may show besides its own events: settings, templates, words, parties, articles
        self.global_key = key_of(templates_key(config), words.key, repr(replace(config, root=None, output=None)),
                                 repr(timeline.parties), sorted((n, s.digest) for n, s in seeds.items()),
                                 sorted(status_pages), editions, sorted((u, d.iso()) for u, d in gone.items()),
                                 sorted((x, sorted(labels.items())) for x, labels in timeline.term_labels.items()))
        self.bodies = Bodies(config, cache, self.slugs, self.urls.base)
        self.cards = Cards(self.templates, cache, self.global_key, config.language)
        self._briefs: dict[str, str] = {}
        self.shared: dict = {}  # what several families make from this timeline, made once (term lists)

    def page(self, url: str, template: str, key: str, context: Callable[[], dict], bodies: Iterable[Event] = (),
             cards: Iterable[Event] = (), path: Optional[str] = None, listed: bool = True) -> Page:
        """A page made from a template; `context` is built only if the page is rendered."""
        path = path or self.urls.path(url)
        return Page(path, url, key_of(self.global_key, path, template, key),
                    lambda: self.render(template, url, context), template, tuple(bodies), tuple(cards), listed)

    def file(self, name: str, key: str, make: Callable[[], bytes], bodies: Iterable[Event] = (),
             weight: int = 0) -> Page:
        """A file at the top of the site made without a template (feed.xml, events.json...); not
        listed in the sitemap."""
        url = self.urls.export(name)
        path = self.urls.path(url)
        return Page(path, url, key_of(self.global_key, path, key), make, bodies=tuple(bodies), listed=False,
                    weight=weight)

    def blob(self, url: str, name: str) -> Page:
        """A file copied from the blob store (a picture's variant, a social card), keyed by its
        name there (which says what it was made from); the store keeps it while a build uses it."""
        blobs = self.cache.blobs
        blobs.used.add(name)
        return Page(self.urls.path(url), url, name, lambda: blobs.read(name), listed=False)

    def render(self, template: str, url: str, context: Callable[[], dict]) -> bytes:
        """A template's page; template mistakes become problems naming the template file and line."""
        return tidy(self.templates.guarded(lambda: self.templates.env.get_template(template).render(
            url=url, **{"social": self.timeline_social, **context()}))).encode("utf-8")

    def social(self, event: Optional[Event] = None) -> Optional[Social]:
        """A page's og:image: the event's picture or drawn card, or the timeline's card; None
        when the site's host is unknown (the address must be absolute)."""
        if not self.urls.origin:
            return None
        picture = preview_picture(event.media) if event else None
        if picture:
            shown = self.figures.shown(picture)
            return Social(self.figures.full(picture), shown.width, shown.height, picture.alt)
        if event is None:
            about = f"{self.config.title}: {self.config.description}" if self.config.description else self.config.title
            return Social(self.urls.full(self.urls.card("timeline")), 1200, 630, about)
        title, date, kind = self.card_text(event)[:3]
        return Social(self.urls.full(self.urls.card(event.slug)), 1200, 630, f"{title}. {date} · {kind}")

    @cached_property
    def timeline_social(self) -> Optional[Social]:
        """The og:image of every page but an event's: the timeline's card."""
        return self.social()

    def card_text(self, event: Event) -> tuple[str, str, str, str, str]:
        """(title, date, kind, site name, kind's name): what an event's drawn card shows (and its
        og:image:alt says)."""
        return (event.title, self.dates.span(event.span), self.words.kind(self.config.kinds[event.kind]),
                self.config.title, event.kind)

    def brief(self, event: Optional[Event]) -> str:
        """What a page shows of another event (title and dates): enough to key the page on."""
        if event is None:
            return ""
        brief = self._briefs.get(event.slug)
        if brief is None:
            brief = self._briefs[event.slug] = f"{event.slug}\x1e{event.title}\x1e{event.span.key}"
        return brief


class Family:
    """A kind of page, made for one build's `Edition`."""

    every_language = True  # False: made once, with the default language's site (404.html, pictures)

    def __init__(self, site: Edition):
        self.site = site

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        """Every page of this family; `planned`: the pages of the families planned before it."""
        raise NotImplementedError

    def prepare(self, todo: Sequence[Page]) -> None:
        """Get ready to render these of its pages, before the workers are forked (they share it)."""
