"""Events' Markdown bodies, rendered once per text and kept in the cache, with the links each makes
to other entries (checked before anything is written, and followed when a slug changes)."""

from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from ..config import Config
from ..core.cache import MemoryCache, key_of
from ..core.errors import Problems
from ..core.timings import Cost
from ..model.timeline import Event
from .markdown import Body, relink, render_bodies

BODY, REFS = "body", "refs"  # kinds of cache records (REFS is one map: body key -> entry stems it links to)


def body_key(config: Config, event: Event) -> str:
    """The key of an event's rendered body: its text and the settings that shape its HTML."""
    return key_of("body", event.fingerprint, config.base_path, config.unsafe_html)


class Bodies:
    """The rendered bodies this build has needed so far, by key."""

    def __init__(self, config: Config, cache: MemoryCache, slugs: dict[str, str], pages_base: str = ""):
        """`slugs`: an entry's file stem or slug -> its slug (what a body's links are resolved by);
        `pages_base`: where the pages its links lead to are (a language's: '/uk/')."""
        self.config, self.cache, self.slugs, self.pages_base = config, cache, slugs, pages_base
        self.rendered: dict[str, Body] = {}
        self.spent = Cost()  # rendering Markdown, this build
        self.refs: dict[str, tuple[str, ...]] = cache.get_map(REFS)
        # keys already hashed, kept from one build to the next by a long-lived cache (the preview's)
        self._keys: dict[str, str] = cache.memo("body keys", repr((config.base_path, config.unsafe_html)))

    def key(self, event: Event) -> str:
        key = self._keys.get(event.fingerprint)
        if key is None:
            key = self._keys[event.fingerprint] = body_key(self.config, event)
        return key

    def load(self, events: Iterable[Event]) -> None:
        """Make the bodies of these events available: from the cache, or rendered (in parallel)."""
        wanted = {self.key(e): e for e in events if self.key(e) not in self.rendered}
        self.rendered.update(self.cache.get(BODY, wanted))
        missing = {key: event.body for key, event in wanted.items() if key not in self.rendered}
        if missing:
            with self.spent.making_of(len(missing)):
                rendered = render_bodies(missing, self.config.base_path, self.config.unsafe_html)
            self.cache.put(BODY, rendered)
            self.rendered.update(rendered)
        fresh = {key: self.rendered[key].refs for key in wanted if key not in self.refs}
        if fresh:
            self.refs.update(fresh)
            self.cache.put_map(REFS, self.refs)

    def links(self, event: Event) -> tuple[str, ...]:
        """The entry stems the event's body links to (its body need not be loaded, once checked)."""
        return self.refs[self.key(event)]

    def check_links(self, events: list[Event], problems: Problems, failed: frozenset[str] = frozenset()) -> None:
        """Every link in a body to another entry's file must name an entry (or one that failed to
        load, whose own problems are reported)."""
        keys = [self.key(e) for e in events]
        self.load(e for e, key in zip(events, keys) if key not in self.refs)
        for event, key in zip(events, keys):
            for stem in self.refs[key]:
                if stem not in self.slugs and stem not in failed:
                    text = f"{stem}.md"
                    line = event.line("body") + event.body[:max(event.body.find(text), 0)].count("\n")
                    problems.error(event.path, line, "body", f"link to '{text}' names no entry",
                                   "link to another entry's file name, like [G7](g7-summit-2024.md)")

    def html(self, event: Event) -> Markup:
        return Markup(relink(self.rendered[self.key(event)], self.slugs, self.config.base_path, self.pages_base))

    def forget_unused(self, live: set[str]) -> None:
        """Drop cached bodies and links but these (the keys of the bodies every language shows)."""
        self.cache.keep_only(BODY, live)
        if len(self.refs) > len(live):
            self.cache.put_map(REFS, {k: v for k, v in self.refs.items() if k in live})
