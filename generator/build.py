"""The build recipe: config -> load/validate -> model -> render -> write, each step timed.

`check` is the same recipe without the write.
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

import jinja2

from .config import Config
from .entries import Context, load_entries
from .errors import ContentError, Problem, Problems
from .model import Timeline, build_timeline
from .parties import load_parties
from .render import SiteRenderer, make_environment
from .sources import load_seeds
from .write import check_output_dir, write_site

Report = Callable[[str], None]


@dataclass
class BuildResult:
    timeline: Timeline
    pages: dict[str, bytes]
    warnings: list[Problem]
    output: Optional[Path] = None
    timings: dict[str, float] = field(default_factory=dict)


def build(config: Config, today: dt.date, drafts: bool = False, strict: bool = False,
          write: bool = True, report: Report = lambda line: None) -> BuildResult:
    """Build the site (or, with write=False, validate everything and write nothing)."""
    timings: dict[str, float] = {}
    problems = Problems()
    if write:
        check_output_dir(config)  # refuse a dangerous output before doing any work
    with _stage("load", timings, report, lambda: f"{len(events)} entries"):
        registry = load_parties(config.root, problems)
        seeds = load_seeds(config.root, problems)
        events = load_entries(config, Context(config, registry, seeds, today), problems)
        problems.raise_if_errors()
    with _stage("model", timings, report, lambda: f"{len(timeline.events)} events"):
        published = [e for e in events if drafts or not e.draft]
        held_back = {e.slug: e for e in events if e.draft and not drafts}
        timeline = build_timeline(published, registry.parties, problems, held_back)
        _warn_unused(timeline, registry.parties, seeds, problems)
        problems.raise_if_errors()
    with _stage("render", timings, report, lambda: f"{len(pages)} pages"):
        renderer = SiteRenderer(config, timeline, dict(seeds), make_environment(config))
        bodies = renderer.bodies(problems)
        problems.raise_if_errors(strict)
        pages = _render_pages(renderer, bodies, config)
    result = BuildResult(timeline, pages, problems.warnings, timings=timings)
    if write:
        with _stage("write", timings, report, lambda: f"{len(pages)} files to {result.output}"):
            result.output = write_site(config, pages)
    return result


@contextmanager
def _stage(name: str, timings: dict[str, float], report: Report, summary: Callable[[], str]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - started
    report(f"{name:<7}{summary():<40}{timings[name] * 1000:8.1f} ms")


def _render_pages(renderer: SiteRenderer, bodies: dict, config: Config) -> dict[str, bytes]:
    """Render every page, turning template mistakes into problems that name the template."""
    try:
        pages = renderer.pages(bodies)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError([Problem(_template_path(config, exc.filename), exc.lineno or 0, "template",
                                    exc.message or "syntax error")]) from None
    except jinja2.TemplateNotFound as exc:
        raise ContentError([Problem("templates", 0, "template", f"missing template '{exc.name}'")]) from None
    except jinja2.TemplateError as exc:
        raise ContentError([Problem(*_template_location(config, exc), "template", str(exc))]) from None
    pages[".nojekyll"] = b""
    return pages


def _template_path(config: Config, filename: Optional[str]) -> str:
    if not filename:
        return "templates"
    path = Path(filename)
    return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else path.as_posix()


def _template_location(config: Config, exc: Exception) -> tuple[str, int]:
    """The innermost template frame of a runtime template error, from its traceback."""
    templates = str(config.templates_dir)
    tb, found = exc.__traceback__, ("templates", 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(templates):
            found = (_template_path(config, filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


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
