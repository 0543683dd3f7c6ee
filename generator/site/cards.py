"""Event cards (the `card` macro of `_macros.html`), rendered once per event and shared by every
list page that shows the event.

A card is drawn from the event's front matter only: the macro receives the event with its body
withheld, so reading `event.body` in a card is a template error naming the line, not a silent
dependency. That is what lets a card's key leave the body out, and a body edit leave every list
as it was.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

import jinja2
from markupsafe import Markup

from ..core.cache import MemoryCache, key_of
from ..core.timings import Cost
from ..core.workers import fork_map
from ..model.timeline import Event
from .templates import Templates

CARD = "card"  # the kind of cache record
_NO_BODY = "cards show an event's front matter only; use event.summary (the body is on the event's page)"


class Cards:
    def __init__(self, templates: Templates, cache: MemoryCache, global_key: str, language: str):
        self.templates, self.cache, self.global_key = templates, cache, global_key
        self.rendered: dict[str, Markup] = {}
        self.spent = Cost()  # rendering cards, this build
        self._keys: dict[str, str] = {}  # by slug, this build
        # kept by the preview, one per language
        self._memo: dict[tuple, str] = cache.memo(f"card keys:{language}", global_key)

    def key(self, event: Event) -> str:
        key = self._keys.get(event.slug)
        if key is None:
            key = self._memo.get((event.front_fingerprint, event.slug))
            if key is None:
                key = self._memo[event.front_fingerprint, event.slug] = key_of(
                    "card", self.global_key, event.front_fingerprint, event.slug)
            self._keys[event.slug] = key
        return key

    def keys(self, events: Iterable[Event]) -> str:
        """The card keys of these events, joined (a list page's key holds those of its cards)."""
        keys = self._keys
        return "\x1f".join([keys[e.slug] if e.slug in keys else self.key(e) for e in events])

    def load(self, events: Iterable[Event]) -> None:
        """Make these events' cards available: from the cache, or rendered (in parallel)."""
        wanted = {self.key(e): e for e in events if self.key(e) not in self.rendered}
        self.rendered.update(self.cache.get(CARD, wanted))
        missing = [(key, event) for key, event in wanted.items() if key not in self.rendered]
        if not missing:
            return
        card = self.templates.get("_macros.html").module.card
        with self.spent.making_of(len(missing)):
            fresh = {key: Markup(html) for key, html in fork_map(
                lambda i: (missing[i][0], self.templates.guarded(lambda: str(card(front_matter(missing[i][1]))))),
                range(len(missing)))}
        self.cache.put(CARD, fresh)
        self.rendered.update(fresh)

    def card(self, event: Event) -> Markup:
        return self.rendered[self.key(event)]

    def forget_unused(self, live: set[str]) -> None:
        """Drop cached cards but these (the keys of the cards every language shows)."""
        self.cache.keep_only(CARD, live)


def front_matter(event: Event) -> Event:
    """The event as a card sees it: without its body."""
    return replace(event, body=jinja2.StrictUndefined(hint=_NO_BODY, name="body"))
