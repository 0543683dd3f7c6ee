"""The one gate: the checks that need the whole site (links between entries in every language's
bodies, loose ends, stale copies and forms, untranslated words), after which every problem of every
stage is known, and the build stops on an error (or, under --strict, a warning) before anything is
planned or written."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

from ..authoring.cms import CMS_FILE, warn_stale_cms_config
from ..authoring.theme import warn_stale_copies
from ..config import Config
from ..content.files import refuse_links_out
from ..content.loading import Loaded
from ..content.sources import Seed
from ..content.translations import warn_about_translations
from ..core.cache import MemoryCache, key_of
from ..core.errors import Problems
from ..model.timeline import Timeline
from ..site.catalogs import check_site_catalogs
from ..site.pages import Edition
from ..site.words import LOCALES_DIR, warn_untranslated

SHARES = "shares"  # the kind of cache record: (share quoted, the entries that quote most) by article and quotes


def check_site(config: Config, loaded: Loaded, sites: Sequence[Edition], problems: Problems) -> None:
    """Add the whole site's problems to those of loading and the model; `sites`: one per language."""
    timeline = sites[0].timeline
    if not problems.errors:  # with entries missing, a party or article may only seem unused
        _warn_unused(timeline, loaded, problems)
    _warn_quoting_too_much(config, timeline, loaded.seeds, sites[0].cache, problems)
    warn_about_translations(timeline.events, loaded.translations, problems)
    for site in sites:  # a translation's body links to entries too
        site.bodies.check_links(site.timeline.events, problems, loaded.failed_slugs)
    for folder in (config.templates_dir, config.static_dir, config.root / LOCALES_DIR, (config.root / CMS_FILE).parent):
        refuse_links_out(folder, f"{folder.name}/", problems)
    warn_stale_copies(config, problems)
    warn_stale_cms_config(config, loaded.registry, sorted(loaded.seeds), problems)
    check_site_catalogs(config, config.edition_codes(unpublished=True), problems)
    for site in sites:
        warn_untranslated(site.words, config.root, problems)


def _warn_unused(timeline: Timeline, loaded: Loaded, problems: Problems) -> None:
    """Warnings (fatal under --strict): loose ends an editor probably did not mean."""
    for party in loaded.registry.parties.values():
        if party.id not in timeline.by_party:
            problems.warn("content/parties.toml", party.line, party.id, "declared but no event names it",
                          "remove it, or add it to an entry's parties")
    for name in loaded.seeds:
        if name not in timeline.by_seed:
            problems.warn(f"seeds/{name}", 0, "", "no entry cites this article")
    for event in timeline.events:
        if not event.summary:
            problems.warn(event.path, 1, "summary", "missing", "one sentence for cards, feeds and previews")


def _warn_quoting_too_much(config: Config, timeline: Timeline, seeds: Mapping[str, Seed], cache: MemoryCache,
                           problems: Problems) -> None:
    """A warning (fatal under --strict) when the entries quote more of a quotes-only article than
    its share (its sidecar's quoted_share, else the site's): its page would republish that much.
    The shares are kept in the cache by the article's text and quotes (a large site's take 0.1 to
    0.5 s to measure)."""
    wanted = {}
    for name, events in timeline.by_seed.items():
        seed = seeds[name]
        if seed.meta.republish == "full" or (seed.meta.quoted_share or config.quoted_share) >= 1:
            continue
        quotes = tuple((event.path, tuple(s.quote for s in event.sources if s.seed == name and s.quote))
                       for event in events)
        wanted[key_of("shares", seed.digest, quotes)] = (seed, quotes)
    shares = cache.get(SHARES, wanted)
    fresh = {key: _shares(seed, quotes) for key, (seed, quotes) in wanted.items() if key not in shares}
    cache.put(SHARES, fresh)
    cache.keep_only(SHARES, set(wanted))
    shares.update(fresh)
    for key, (seed, _) in wanted.items():
        share, most = shares[key]
        limit = seed.meta.quoted_share or config.quoted_share
        if share > limit:
            named = ", ".join(f"{path} {part:.0%}" for part, path in most)
            problems.warn(f"seeds/{seed.name}", 0, "", f"the entries quote {share:.0%} of this article's text, more "
                          f"than the {limit:.0%} a quotes-only article may show (its page republishes them); most: "
                          f"{named}", f"quote less of it; or, if you may show that much, raise quoted_share in "
                          f"seeds/{Path(seed.name).stem}.toml, or set republish = \"full\" there if its license allows")


def _shares(seed: Seed, quotes: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[float, list[tuple[float, str]]]:
    """The share of the article its entries quote, and the three entries that quote most, with theirs."""
    share = seed.quoted_share(q for _, each in quotes for q in each)
    most = sorted(((seed.quoted_share(each), path) for path, each in quotes), key=lambda item: (-item[0], item[1]))
    return share, [(part, path) for part, path in most[:3] if part > 0]
