"""The build recipe: config -> load -> model -> check (the one gate) -> plan -> render and write,
each step timed, each returning what the next needs.

`check` is the same recipe with nothing written. With a cache (the default), entries, bodies,
cards and page keys from earlier builds are reused, and only pages whose key changed are
rendered; the output is byte-identical either way. The recipe does not know which pages exist
(the plan joins the page families) nor who is building: the preview only names the entries whose
pages it wants first.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Optional

import jinja2

from ..config import THEME, Config
from ..content import link_states
from ..content.loading import Loaded, load_content
from ..core.cache import CACHE_DIR, MemoryCache
from ..core.errors import Problem, Problems
from ..core.timings import Timings, family_name
from ..core.workers import fork_map
from ..model.timeline import Timeline, build_timeline
from ..model.translations import translated_timeline
from ..outputs.search import search_bundle
from ..site.pages import Edition, Page, no_previous
from ..site.templates import make_environment, templates_key
from .gate import check_site
from .lock import build_locks
from .plan import Plan, first_pages, forget_unused
from .unchanged import NO_STAMP, LastBuild, Stamp
from .write import MARKER, OutputTransaction, check_output_dir, copy_static, files_in, read_previous

Progress = Callable[[str, int, int], None]
Written = dict[str, str]  # {path: key} of pages already written this build


@dataclass
class BuildResult:
    timeline: Optional[Timeline]  # None when the build found it had nothing to do (build/unchanged.py)
    pages: int
    warnings: list[Problem]
    output: Optional[Path] = None
    rendered: int = 0
    written: int = 0
    timings: Timings = field(default_factory=Timings)
    entries: int = 0  # in the timeline

    def __post_init__(self) -> None:
        if self.timeline is not None:
            self.entries = len(self.timeline.events)


def build(config: Config, today: dt.date, drafts: bool = False, strict: bool = False, write: bool = True,
          cache: Optional[MemoryCache] = None, report: Callable[[str], None] = lambda line: None,
          progress: Progress = lambda stage, done, total: None, changed: Optional[set[str]] = None,
          first: frozenset[str] = frozenset(), preview: bool = False) -> BuildResult:
    """Build the site (or, with write=False, validate and render everything and write nothing). `changed`: the
    files changed since this process's last build with this cache (the preview's watcher knows them); `first`: entry
    files whose pages are written first. A language in preparation (`publish = false`) is built with `drafts`."""
    cache = cache if cache is not None else MemoryCache()
    problems, timings = Problems(), Timings(report)
    output = check_output_dir(config, config.root / CACHE_DIR) if write else None
    with build_locks(output, getattr(cache, "folder", None)):  # one build at a time per output and cache
        stamp = _stamp(config, output, cache, today, (drafts, strict, preview), changed, first)
        if last := stamp.last_build(cache):  # nothing changed since the last build into this output
            return BuildResult(None, last.pages, last.warnings, output, entries=last.entries, timings=timings)
        with timings.step("load", lambda: f"{len(loaded.events)} entries"):
            loaded = load_content(config, today, cache, changed, problems)
        with timings.step("model", lambda: f"{len(timeline.events)} events"):
            timeline = _model(config, loaded, drafts, problems)
            sites = _sites(config, config.edition_codes(drafts or preview), timeline, loaded, cache,
                           partial(read_previous, output) if output else no_previous)
        with timings.step("check", lambda: f"{len(problems.warnings)} warnings"):
            check_site(config, loaded, sites, problems)
            problems.raise_if_errors(strict)  # the one gate: every problem of every stage so far, in one run
        present = _inventory(output, cache, stamp) if output else set()
        with timings.step("plan", lambda: f"{len(plan.pages)} pages, {len(todo)} to render"):
            early, early_changed = write_first(sites[0], output, present, first)
            cache.blobs.used.clear()
            plan = Plan(sites)
            written = {**cache.get_map(_pages_map(output, config.root)), **early} if output else {}
            todo = plan.todo(written, present)
        result = BuildResult(timeline, len(plan.pages), problems.warnings, output, len(todo) + len(early),
                             timings=timings)
        with timings.step("render", lambda: f"{result.rendered} rendered, {result.written} files written"):
            result.written = early_changed + _render(output, config, plan, todo, present, progress, cache, timings)
            if output and (todo or early or len(written) != len(plan.pages)):  # the site changed: not a no-op
                cache.put_map(_pages_map(output, config.root), plan.keys)
                cache.blobs.forget_unused()
        _count_shared_work(sites, timings)
        _keep_records(cache, sites, loaded, stamp, result)
        return result


def _stamp(config: Config, output: Optional[Path], cache: MemoryCache, today: dt.date, options: tuple,
           changed: Optional[set[str]], first: frozenset[str]) -> Stamp:
    """The stamp of what this build reads, when a build with nothing to do is known by it: one that
    writes, with a cache that outlives it (not the preview's, whose watcher names what changed)."""
    if output is None or not cache.lasts or changed is not None or first:
        return NO_STAMP
    return Stamp(config, output, today, (*options, link_states.version(cache)))  # (the pages show dead links)


def _keep_records(cache: MemoryCache, sites: list[Edition], loaded: Loaded, stamp: Stamp, result: BuildResult) -> None:
    """Save what the next build will want: drop the bodies and cards no event uses any more, keep
    the stamp of this build's inputs and output (a build that wrote), and commit the cache."""
    forget_unused(sites, loaded.events)
    if result.output:
        stamp.keep(cache, cache.inventories[result.output], LastBuild(result.entries, result.pages, result.warnings))
    cache.commit()


def _model(config: Config, loaded: Loaded, drafts: bool, problems: Problems) -> Timeline:
    """The published timeline: its events sorted, indexed and linked."""
    published = [e for e in loaded.events if drafts or not e.draft]
    held_back = {e.slug: e for e in loaded.events if e.draft and not drafts}
    taxonomies = tuple(field.name for field in config.taxonomy_fields)
    return build_timeline(published, loaded.registry.parties, problems, held_back, loaded.failed_slugs, taxonomies)


def _sites(config: Config, codes: tuple[str, ...], timeline: Timeline, loaded: Loaded, cache: MemoryCache,
           previous) -> list[Edition]:
    """An edition per language of `codes` (the default first, at the root; each other under
    /<language>/ with its translated timeline) and a Jinja environment of its own (whose globals
    are its words and addresses); each knows them all (for the language switcher and hreflang)."""
    editions = codes if len(codes) > 1 else ()
    sites = [Edition(config, timeline, dict(loaded.seeds), _environment(config, cache, config.language), cache,
                     previous, editions)]
    for code in codes[1:]:
        shown = translated_timeline(timeline, loaded.translations.get(code, {}), code, config.language,
                                    frozenset(f.name for f in config.plain_fields if f.translated),
                                    tuple(f.name for f in config.taxonomy_fields))
        sites.append(Edition(config.in_language(code), shown, dict(loaded.seeds), _environment(config, cache, code),
                             cache, previous, editions))
    return sites


def write_first(site: Edition, output: Optional[Path], present: set[str],
                entry_files: frozenset[str]) -> tuple[Written, int]:
    """The pages of the entries an editor just saved, written at once in a small transaction of
    their own (and added to `present`); returns them ({path: key}: the full build takes them as
    done) and how many files changed."""
    pages = first_pages(site, entry_files) if output and entry_files else []
    if not pages:
        return {}, 0
    with OutputTransaction(output, set(present)) as transaction:
        for page in pages:
            transaction.write(page.path, page.make())
    present.update(page.path for page in pages)
    return {page.path: page.key for page in pages}, transaction.changed


def _inventory(output: Path, cache: MemoryCache, stamp: Stamp) -> set[str]:
    """The files in the output: as this process left them (the preview server) or as the last
    build left them (its folders unchanged since), or as listed now."""
    known = cache.take_inventory(output)
    if known is not None and (output / MARKER).is_file():
        return known
    known = stamp.files_left(cache)
    if known is not None:
        return known
    return files_in(output) if output.is_dir() else set()


def _render(output: Optional[Path], config: Config, plan: Plan, todo: list[Page], present: set[str],
            progress: Progress, cache: MemoryCache, timings: Timings) -> int:
    """Render the pages to make; write them as one output transaction (none for `check`). Returns
    how many files changed."""
    plan.prepare(todo, timings)
    if output is None:  # `check`: render every page (to catch template mistakes), on every core, and keep nothing
        jobs = fork_map(lambda i: _timed(todo[i].make), range(len(todo)))
        for done, (page, (_, making)) in enumerate(zip(todo, jobs), 1):
            timings.part(family_name(plan.family_of(page))).add(1, making)
            _tick(progress, done, len(todo))
        return 0
    heaviest_first = sorted(todo, key=lambda page: -page.cost)  # so no worker is left with a long tail
    with OutputTransaction(output, present) as transaction:
        jobs = fork_map(lambda i: _made_and_put(transaction, heaviest_first[i]), range(len(todo)))
        for done, (page, (changed, making, writing)) in enumerate(zip(heaviest_first, jobs), 1):
            transaction.note(page.path, changed)
            timings.part(family_name(plan.family_of(page))).add(1, making, writing)
            _tick(progress, done, len(todo))
        for page in plan.pages:
            transaction.keep(page.path)
        with timings.part("search index").making_of(1):
            _put_search(transaction, plan.sites, cache, present, f"search:{_pages_map(output, config.root)}")
        transaction.write(".nojekyll", b"")
        with timings.part("static files").making_of(1):
            copy_static(transaction, config.static_layers, THEME / "static")
        transaction.remove_others()
    cache.keep_inventory(output, set(transaction.kept))
    return transaction.changed


def _put_search(transaction: OutputTransaction, sites: list[Edition], cache: MemoryCache, present: set[str],
                record: str) -> None:
    """The search bundle: made again when a record changed, else kept as the last build left it
    (made again too if any of its files went missing)."""
    last = cache.get_map(record)
    if not set(last.get("files", ())) <= present:
        last = {}
    key, files = search_bundle(sites, last)
    if files is None:
        for path in last["files"]:
            transaction.keep(path)
        return
    for path, data in files.items():
        transaction.write(path, data)
    cache.put_map(record, {"key": key, "files": sorted(files)})


def _count_shared_work(sites: list[Edition], timings: Timings) -> None:
    """What the pages drew on, made once per edition (wall clock: made on every core at once)."""
    for site in sites:
        timings.part("bodies (Markdown)").add(site.bodies.spent.count, site.bodies.spent.making)
        timings.part("cards").add(site.cards.spent.count, site.cards.spent.making)


def _timed(make: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    return make(), time.perf_counter() - started


def _made_and_put(transaction: OutputTransaction, page: Page) -> tuple[bool, float, float]:
    """Render a page and write it (in a worker): (changed, seconds making, seconds writing)."""
    data, making = _timed(page.make)
    changed, writing = _timed(lambda: transaction.put(page.path, data))
    return changed, making, writing


def _tick(progress: Progress, done: int, total: int) -> None:
    if done % 200 == 0 or done == total:
        progress("render", done, total)


def _pages_map(output: Path, root: Path) -> str:
    """The name of the record of what `output` holds: by its path within the site when it is in it,
    so that the site moved or cloned elsewhere with its cache and output (the Pages workflow's cache
    restored on a new runner) still builds warm."""
    return f"pages:{output.relative_to(root).as_posix() if output.is_relative_to(root) else output}"


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
