"""Loading: everything the site is made of, read and checked one file at a time, returned as one
value for the recipe. What cannot be read is reported (`file:line`) and named in `Loaded.failed`,
so that links to a broken entry are not reported again and the next load looks at it again.

In the preview, `changed` (the files the watcher saw change) spares the listing of content/: the
files are the last load's (entries and translations the cache holds, with their stamps), updated
with the changed ones and those that failed last time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..config import Config
from ..core.cache import MemoryCache
from ..core.errors import Problems
from ..model.timeline import Event
from ..model.translations import Translation
from .checks import check_entries
from .entries import Context, known_entries, load_entries
from .files import entry_files, listing_after
from .media import load_pictures
from .parties import Registry, load_parties
from .sources import Seed, load_seeds
from .translations import known_translations, load_translations, translation_language


@dataclass(frozen=True)
class Loaded:
    registry: Registry
    seeds: dict[str, Seed]
    events: list[Event]  # drafts included
    translations: dict[str, dict[str, Translation]]  # {language: {slug: translation}}
    failed: frozenset[str]  # the content files (as shown) that could not be read

    @property
    def failed_slugs(self) -> frozenset[str]:
        """The slugs of entries that could not be read: links to them are not reported again."""
        return frozenset(Path(path).stem for path in self.failed if not translation_language(path))


def load_content(config: Config, today: dt.date, cache: MemoryCache, changed: Optional[set[str]],
                 problems: Problems) -> Loaded:
    """Every entry, translation, party and article, read and checked; the problems are kept for the
    one gate after the model (a broken registry stops at once: every entry naming a party would
    add to it)."""
    registry = load_parties(config.root, problems)
    problems.raise_if_errors()
    seeds = load_seeds(config.root, problems, today)
    context = Context(config, registry, seeds)
    last = cache.memo("content files", context.key)  # what this process's last load could not read
    listing = None
    if changed is not None:
        known = {**known_entries(cache, context.key), **known_translations(cache)}
        listing = listing_after(changed, known, last.get("failed"), config.content_dir, config.root)
    if listing is None:
        listing = entry_files(config.content_dir, config.root, problems)
    entries = [item for item in listing if not translation_language(item[1])]
    events, failed = load_entries(config, context, entries, problems, cache)
    events = load_pictures(config, events, problems, cache)
    check_entries(events, config.kinds, today, problems)
    translation_files = [item for item in listing if translation_language(item[1])]
    translations, untranslated = load_translations(config, translation_files, events, problems, cache)
    last["failed"] = failed | untranslated
    return Loaded(registry, seeds, events, translations, frozenset(failed | untranslated))
