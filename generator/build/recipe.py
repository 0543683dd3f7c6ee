"""The build recipe: config -> load/validate -> model -> plan -> render and write, each step timed.

`check` is the same recipe with nothing written. With a cache (the default), entries, bodies,
cards and page keys from earlier builds are reused, and only pages whose key changed are
rendered; the output is byte-identical either way. The recipe does not know which pages exist
(the plan joins the page families) nor who is building (the preview reaches in through
`Hooks`).
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, Optional

import jinja2

from ..config import Config
from ..content.checks import check_entries
from ..content.cms import warn_stale_cms_config
from ..content.entries import Context, load_entries
from ..content.media import load_pictures
from ..content.parties import load_parties
from ..content.sources import Seed, load_seeds
from ..content.translations import load_translations, warn_about_translations
from ..core.blobs import blobs_of
from ..core.cache import CACHE_DIR, MemoryCache
from ..core.errors import Problem, Problems
from ..core.languages import language_name
from ..core.workers import fork_map
from ..model.timeline import Event, Timeline, build_timeline
from ..model.translations import translated_timeline
from ..site.interface import warn_untranslated
from ..site.pages import Alternate, Page, Site, no_previous
from ..site.templates import make_environment, templates_key
from ..site.theme import warn_stale_copies
from .plan import Plan, forget_unused
from .write import MARKER, OutputTransaction, check_output_dir, copy_static, files_in, read_previous

Report = Callable[[str], None]
Progress = Callable[[str, int, int], None]
Written = dict[str, str]  # {path: key} of pages already written this build


@dataclass
class Hooks:
    """How a caller (the preview server) joins in. `before_plan(site, output, present)` may write
    some pages at once, before the rest is planned, and returns them ({path: key}) and how many
    files it changed, so the build takes them as done."""

    before_plan: Callable[[Site, Path, set[str]], tuple[Written, int]] = lambda site, output, present: ({}, 0)


@dataclass
class BuildResult:
    timeline: Timeline
    pages: int
    warnings: list[Problem]
    output: Optional[Path] = None
    rendered: int = 0
    written: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def build(config: Config, today: dt.date, drafts: bool = False, strict: bool = False, write: bool = True,
          cache: Optional[MemoryCache] = None, report: Report = lambda line: None,
          progress: Progress = lambda stage, done, total: None, changed: Optional[set[str]] = None,
          hooks: Hooks = Hooks()) -> BuildResult:
    """Build the site (or, with write=False, validate and render everything and write nothing).

    `changed`: the files that changed since this process's last build with this cache, when a
    watcher knows them (the preview server); without it, every entry file is looked at.
    """
    cache = cache if cache is not None else MemoryCache()
    problems, timed = Problems(), _Timer(report)
    output = check_output_dir(config, config.root / CACHE_DIR) if write else None
    with timed("load", lambda: f"{len(events)} entries"):
        events, registry, seeds = _load(config, today, cache, changed, problems)
        failed = frozenset(Path(path).stem for path in cache.failed_entries or ())  # their slugs still count
    with timed("model", lambda: f"{len(timeline.events)} events"):
        timeline = _model(config, events, registry.parties, seeds, drafts, failed, problems)
        translations = load_translations(config, cache.translation_files, events, problems, cache)
        warn_about_translations(timeline.events, translations, problems)
    with timed("plan", lambda: f"{len(plan.pages)} pages, {len(todo)} to render"):
        sites = _sites(config, timeline, translations, seeds, cache,
                       partial(read_previous, output) if output else no_previous)
        site = sites[0]
        for each in sites:  # a translation's body links to entries too
            each.bodies.check_links(each.timeline.events, problems, failed)
        warn_stale_copies(config, problems)
        warn_stale_cms_config(config, registry, sorted(seeds), problems)
        for each in sites:
            warn_untranslated(each.words, config.root, problems)
        problems.raise_if_errors(strict)  # every problem of every stage so far, in one run
        present = _inventory(output, cache) if output else set()
        early, early_changed = hooks.before_plan(site, output, present) if output else ({}, 0)
        present |= early.keys()
        blobs_of(cache).used.clear()
        plan = Plan(sites)
        written = {**cache.get_map(_pages_map(output)), **early} if output else {}
        todo = plan.todo(written, present)
    result = BuildResult(timeline, len(plan.pages), problems.warnings, output, len(todo) + len(early),
                         timings=timed.timings)
    with timed("render", lambda: f"{result.rendered} rendered, {result.written} files written"):
        plan.prepare(todo)
        if output is None:
            _render_only(todo, progress)
        else:
            result.written = early_changed + _write(output, config, todo, plan, present, progress, cache)
            if todo or early or len(written) != len(plan.pages):  # the site changed (not a warm build's no-op)
                cache.put_map(_pages_map(output), plan.keys)
                blobs_of(cache).forget_unused()
    forget_unused(sites, events)
    cache.commit()
    return result


def _load(config: Config, today: dt.date, cache: MemoryCache, changed: Optional[set[str]],
          problems: Problems) -> tuple[list[Event], object, dict[str, Seed]]:
    """Every entry that could be read, the parties registry and the articles, validated. The
    problems are kept for the end of the checks (a broken registry stops at once)."""
    registry = load_parties(config.root, problems)
    problems.raise_if_errors()  # a broken registry alone: every entry naming a party would add to it
    seeds = load_seeds(config.root, problems)
    events = load_entries(config, Context(config, registry, seeds), problems, cache, changed)
    events = load_pictures(config, events, problems, cache)
    check_entries(events, config.kinds, today, problems)
    return events, registry, seeds


def _model(config: Config, events: list[Event], parties: dict, seeds: dict, drafts: bool, failed: frozenset[str],
           problems: Problems) -> Timeline:
    """`failed`: the slugs of entries that could not be read (links to them are not reported again)."""
    published = [e for e in events if drafts or not e.draft]
    held_back = {e.slug: e for e in events if e.draft and not drafts}
    taxonomies = tuple(field.name for field in config.taxonomy_fields)
    timeline = build_timeline(published, parties, problems, held_back, failed, taxonomies)
    if not problems.errors:  # with entries missing, a party or article may only seem unused
        _warn_unused(timeline, parties, seeds, problems)
    return timeline


def _sites(config: Config, timeline: Timeline, translations: dict, seeds: dict, cache: MemoryCache,
           previous) -> list[Site]:
    """A site per language: the default at the root, each other under /<language>/ with its
    translated timeline and a Jinja environment of its own (whose globals are its words and
    addresses); each knows them all (for the language switcher and hreflang links)."""
    sites = [Site(config, timeline, dict(seeds), _environment(config, cache, config.language), cache, previous)]
    for code in config.language_codes[1:]:
        shown = translated_timeline(timeline, translations.get(code, {}), code, config.language,
                                    frozenset(f.name for f in config.plain_fields if f.translated),
                                    tuple(f.name for f in config.taxonomy_fields))
        sites.append(Site(config.in_language(code), shown, dict(seeds), _environment(config, cache, code), cache,
                          previous, prefix=f"{code}/"))
    if len(sites) > 1:
        alternates = [Alternate(s.config.language, language_name(s.config.language), s.urls) for s in sites]
        for site in sites:
            site.alternates.extend(alternates)
    return sites


def _inventory(output: Path, cache: MemoryCache) -> set[str]:
    """The files in the output: as this process left them (the preview server), or as listed now."""
    known = cache.inventories.pop(output, None)
    if known is not None and (output / MARKER).is_file():
        return known
    return files_in(output) if output.is_dir() else set()


def _render_only(todo: list[Page], progress: Progress) -> None:
    """`check`: render every page (to catch template mistakes), on every core, and keep nothing."""
    for done, _ in enumerate(fork_map(lambda i: todo[i].make(), range(len(todo))), 1):
        _tick(progress, done, len(todo))


def _write(output: Path, config: Config, todo: list[Page], plan: Plan, present: set[str], progress: Progress,
           cache: MemoryCache) -> int:
    """Render the pages that changed and write them, on every core, as one output transaction."""
    heaviest_first = sorted(todo, key=lambda page: -page.cost)  # so no worker is left with a long tail
    with OutputTransaction(output, present) as transaction:
        jobs = fork_map(lambda i: transaction.put(heaviest_first[i].path, heaviest_first[i].make()),
                        range(len(todo)))
        for done, (page, changed) in enumerate(zip(heaviest_first, jobs), 1):
            transaction.note(page.path, changed)
            _tick(progress, done, len(todo))
        for page in plan.pages:
            transaction.keep(page.path)
        transaction.write(".nojekyll", b"")
        copy_static(transaction, config.static_layers)
        transaction.remove_others()
    cache.inventories[output] = set(transaction.kept)
    return transaction.changed


def _tick(progress: Progress, done: int, total: int) -> None:
    if done % 200 == 0 or done == total:
        progress("render", done, total)


def _pages_map(output: Path) -> str:
    return f"pages:{output}"


def _environment(config: Config, cache: MemoryCache, language: str) -> jinja2.Environment:
    """Jinja for one language's pages, with compiled templates kept in the cache folder when there
    is one, or kept in memory from one build to the next (the preview's), until a template changes."""
    folder = getattr(cache, "folder", None)
    if folder is None:
        kept = cache.memo(f"jinja:{language}", templates_key(config))
        if "env" not in kept:
            kept["env"] = make_environment(config)
        return kept["env"]
    (folder / "jinja").mkdir(parents=True, exist_ok=True)
    return make_environment(config, str(folder / "jinja"))


class _Timer:
    """Times each step of the recipe and reports it on one line."""

    def __init__(self, report: Report):
        self.report, self.timings = report, {}

    @contextmanager
    def __call__(self, name: str, summary: Callable[[], str]) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - started
        self.report(f"{name:<7}{summary():<48}{self.timings[name] * 1000:9.1f} ms")


def _warn_unused(timeline: Timeline, parties: dict, seeds: dict, problems: Problems) -> None:
    """Warnings (fatal under --strict): loose ends an editor probably did not mean."""
    for party in parties.values():
        if party.id not in timeline.by_party:
            problems.warn("content/parties.toml", party.line, party.id, "declared but no event names it",
                          "remove it, or add it to an entry's parties")
    for name in seeds:
        if name not in timeline.by_seed:
            problems.warn(f"seeds/{name}", 0, "", "no entry cites this article")
    for event in timeline.events:
        if not event.summary:
            problems.warn(event.path, 1, "summary", "missing", "one sentence for cards, feeds and previews")
