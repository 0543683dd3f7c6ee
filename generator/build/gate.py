"""The one gate: the checks that need the whole site (links between entries in every language's
bodies, loose ends, stale copies and forms, untranslated words), after which every problem of every
stage is known, and the build stops on an error (or, under --strict, a warning) before anything is
planned or written."""

from __future__ import annotations

from typing import Sequence

from ..authoring.cms import CMS_FILE, warn_stale_cms_config
from ..authoring.theme import warn_stale_copies
from ..config import Config
from ..content.files import refuse_links_out
from ..content.loading import Loaded
from ..content.translations import warn_about_translations
from ..core.errors import Problems
from ..model.timeline import Timeline
from ..site.catalogs import check_site_catalogs
from ..site.pages import Edition
from ..site.words import LOCALES_DIR, warn_untranslated


def check_site(config: Config, loaded: Loaded, sites: Sequence[Edition], problems: Problems) -> None:
    """Add the whole site's problems to those of loading and the model; `sites`: one per language."""
    timeline = sites[0].timeline
    if not problems.errors:  # with entries missing, a party or article may only seem unused
        _warn_unused(timeline, loaded, problems)
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
