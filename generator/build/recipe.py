"""The build recipe: config -> load/validate -> model -> plan -> render and write, each step timed.

`check` is the same recipe with nothing written. With a cache (the default), entries, bodies,
cards and page keys from earlier builds are reused, and only pages whose key changed are
rendered; the output is byte-identical either way.
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
from ..content.entries import Context, check_happened, load_entries
from ..content.parties import load_parties
from ..content.sources import load_seeds
from ..core.cache import CACHE_DIR, MemoryCache
from ..core.errors import Problem, Problems
from ..core.workers import fork_map
from ..model.timeline import Timeline, build_timeline
from ..outputs.items import no_previous
from ..site.render import SiteRenderer
from ..site.templates import make_environment, templates_key
from .write import MARKER, OutputTransaction, check_output_dir, copy_static, files_in, read_previous

Report = Callable[[str], None]
Progress = Callable[[str, int, int], None]


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
          progress: Progress = lambda stage, done, total: None, changed: Optional[set[str]] = None) -> BuildResult:
    """Build the site (or, with write=False, validate and render everything and write nothing).

    `changed`: the files that changed since this process's last build with this cache, when a
    watcher knows them (the preview server); without it, every entry file is looked at.
    """
    cache = cache if cache is not None else MemoryCache()
    timings: dict[str, float] = {}
    problems = Problems()
    output = check_output_dir(config, config.root / CACHE_DIR) if write else None
    with _stage("load", timings, report, lambda: f"{len(events)} entries"):
        registry = load_parties(config.root, problems)
        seeds = load_seeds(config.root, problems)
        events = load_entries(config, Context(config, registry, seeds), problems, cache, changed)
        check_happened(events, config.kinds, today, problems)
        problems.raise_if_errors()
    with _stage("model", timings, report, lambda: f"{len(timeline.events)} events"):
        published = [e for e in events if drafts or not e.draft]
        held_back = {e.slug: e for e in events if e.draft and not drafts}
        timeline = build_timeline(published, registry.parties, problems, held_back)
        _warn_unused(timeline, registry.parties, seeds, problems)
        problems.raise_if_errors()
    with _stage("plan", timings, report, lambda: f"{len(pages)} pages, {len(todo)} to render"):
        renderer = SiteRenderer(config, timeline, dict(seeds), _environment(config, cache), cache,
                                partial(read_previous, output) if output else no_previous)
        renderer.check_links(problems)
        problems.raise_if_errors(strict)
        present = _inventory(output, cache) if output else set()
        early: dict[str, str] = {}
        early_changed = 0
        if output is not None and changed:
            early, early_changed = _write_saved_first(output, renderer, _saved_events(timeline.events, config, changed),
                                                      present)
            present |= early.keys()
        pages = renderer.plan()
        written = {**cache.get_map(_pages_map(output)), **early} if output else {}
        todo = [p for p in pages if written.get(p.path) != p.key or p.path not in present]
    result = BuildResult(timeline, len(pages), problems.warnings, output, len(todo) + len(early), timings=timings)
    with _stage("render", timings, report, lambda: f"{result.rendered} rendered, {result.written} files written"):
        renderer.prepare(todo)
        if output is None:
            for done, _ in enumerate(fork_map(lambda i: renderer.render_page(todo[i]), range(len(todo))), 1):
                _tick(progress, done, len(todo))
        else:
            result.written = early_changed + _write(output, config, renderer, todo, {p.path for p in pages}, present,
                                                    progress, cache)
            if todo or early or len(written) != len(pages):
                cache.put_map(_pages_map(output), {p.path: p.key for p in pages})
    renderer.forget_unused(events)  # drafts included, so their cached work survives a build without them
    cache.commit()
    return result


def _inventory(output: Path, cache: MemoryCache) -> set[str]:
    """The files in the output: as this process left them (the preview server), or as listed now."""
    known = cache.inventories.pop(output, None)
    if known is not None and (output / MARKER).is_file():
        return known
    return files_in(output) if output.is_dir() else set()


def _saved_events(events: list, config: Config, changed: Optional[set[str]]) -> list:
    """The events whose entry files an editor just saved (known in the preview server)."""
    root = config.root.resolve()
    saved = set()
    for path in changed or ():
        resolved = Path(path).resolve()
        if path.endswith(".md") and resolved.is_relative_to(root):
            saved.add(resolved.relative_to(root).as_posix())  # as Event.path has it: no resolving 10,000 paths
    return [event for event in events if event.path in saved] if saved else []


def _write_saved_first(output: Path, renderer: SiteRenderer, events: list,
                       present: set[str]) -> tuple[dict[str, str], int]:
    """The preview only: write the pages of the entries just saved before planning the rest of the
    site, so the editor's page is on disk at once. Its own small transaction; returns the pages
    written ({path: key}, so the full build that follows does not render them again) and how many
    files changed."""
    if not events or len(events) > 20:
        return {}, 0
    pages = [renderer.event_page(event) for event in events]
    renderer.prepare(pages)
    with OutputTransaction(output, set(present)) as transaction:
        for page in pages:
            transaction.write(*renderer.render_page(page))
    return {page.path: page.key for page in pages}, transaction.changed


def _write(output: Path, config: Config, renderer: SiteRenderer, todo: list, paths: set[str], present: set[str],
           progress: Progress, cache: MemoryCache) -> int:
    """Render the pages that changed and write them, on every core, as one output transaction."""
    heaviest_first = sorted(todo, key=lambda page: -page.cost)  # so no worker is left with a long tail
    with OutputTransaction(output, present) as transaction:
        jobs = fork_map(lambda i: transaction.put(*renderer.render_page(heaviest_first[i])), range(len(todo)))
        for done, (page, changed) in enumerate(zip(heaviest_first, jobs), 1):
            transaction.note(page.path, changed)
            _tick(progress, done, len(todo))
        for path in paths:
            transaction.keep(path)
        transaction.write(".nojekyll", b"")
        copy_static(transaction, config.static_dir)
        transaction.remove_others()
    cache.inventories[output] = set(transaction.kept)
    return transaction.changed


def _tick(progress: Progress, done: int, total: int) -> None:
    if done % 200 == 0 or done == total:
        progress("render", done, total)


def _pages_map(output: Path) -> str:
    return f"pages:{output}"


def _environment(config: Config, cache: MemoryCache) -> jinja2.Environment:
    """Jinja, with compiled templates kept in the cache folder when there is one, or kept in
    memory from one build to the next (the preview's), until a template changes."""
    folder = getattr(cache, "folder", None)
    if folder is None:
        kept = cache.memo("jinja", templates_key(config))
        if "env" not in kept:
            kept["env"] = make_environment(config)
        return kept["env"]
    (folder / "jinja").mkdir(parents=True, exist_ok=True)
    return make_environment(config, str(folder / "jinja"))


@contextmanager
def _stage(name: str, timings: dict[str, float], report: Report, summary: Callable[[], str]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - started
    report(f"{name:<7}{summary():<48}{timings[name] * 1000:9.1f} ms")


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
