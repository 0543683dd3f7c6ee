"""The `timeline` command: build, check, serve, init, upgrade, theme; and those that write content (authoring.py).

Exit codes: 0 ok, 1 content or configuration errors (or the system refusing a file), 2 usage, 70 a
bug. Nothing prints a traceback unless TIMELINE_DEBUG=1: a bug is told as an error naming the file
being worked on.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Optional, Sequence

from .. import __version__
from ..authoring.new import relative_to_cwd
from ..authoring.theme import copy_theme_files
from ..build.recipe import build
from ..config import load_config
from ..core.cache import CACHE_DIR, DiskCache, MemoryCache
from ..core.errors import WORKING_ON, ContentError, TimelineError, debugging, unexpected
from .authoring import add_authoring, today
from .init import init_site
from .report import FORMATS, report
from .upgrade import said, upgrade_site


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # A build makes many long-lived objects and next to no cyclic garbage, so the cycle collector
    # only costs time (0.2 s of a 0.9 s incremental build of 10,000 entries; peak memory the same).
    # The preview server freezes what it keeps instead (see serve.py).
    collecting = gc.isenabled()
    gc.disable()
    WORKING_ON.set("")  # (an earlier command in this process may have left one behind on failing)
    try:
        return args.handler(args)
    except ContentError as exc:
        _print_problems(exc, getattr(args, "format", "text"), args.command)
        return exc.exit_code
    except TimelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # the machine said no (a read-only folder, a file where a folder must be)
        where = exc.filename or WORKING_ON.get()
        print(f"error: {relative_to_cwd(Path(where)) if where else args.command}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    except Exception as exc:  # the last guard: never a traceback, unless asked for
        if debugging():
            raise
        where = WORKING_ON.get()
        print(f"error: {where + ': ' if where else ''}{unexpected(exc)}", file=sys.stderr)
        return 70  # EX_SOFTWARE
    finally:
        if collecting:
            gc.enable()


def run() -> None:
    """The console script (and `python -m generator`): main(), then leave at once. What a build
    keeps (a few hundred thousand small objects at 10,000 entries) would otherwise be freed one by
    one on the way out: 0.1 s of a one-second build. Everything is written and closed by then."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description="Build a static timeline of dated, sourced events.")
    parser.add_argument("--version", action="version", version=f"timeline-generator {__version__}")
    parser.add_argument("-C", "--root", type=Path, default=Path("."), help="the project folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="validate the content and write the site")
    build_cmd.add_argument("--output", help="output folder (default: _site, or [build] output)")
    build_cmd.add_argument("--base-url", help="where the site is published, e.g. https://user.github.io/repo/")
    _validation_options(build_cmd)
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build_cmd.add_argument("--timings", action="store_true",
                           help="print where the time went: each step, each page family, Markdown and cards")
    build_cmd.set_defaults(handler=_build)

    check_cmd = commands.add_parser("check", help="validate the content; write nothing")
    _validation_options(check_cmd)
    check_cmd.set_defaults(handler=_check)

    serve_cmd = commands.add_parser("serve", help="preview the site, rebuilding and reloading on every change")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1 only)")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--open", action="store_true", help="open the site in a browser")
    serve_cmd.add_argument("--output", help="output folder (default: _site, or [build] output)")
    serve_cmd.add_argument("--base-url", help="serve under this base path, as published")
    serve_cmd.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    serve_cmd.add_argument("--today", help="judge 'has it happened' against this date (YYYY-MM-DD)")
    serve_cmd.set_defaults(handler=_serve)

    _add_init(commands)
    _add_upgrade(commands)
    _add_theme(commands)
    add_authoring(commands)
    return parser


def _add_init(commands) -> None:
    init_cmd = commands.add_parser("init", help="start a new site in DIR (default: the project folder)")
    init_cmd.add_argument("dir", nargs="?", type=Path, help="the folder to make the site in")
    init_cmd.add_argument("--title", default="", help="the site's title (default: from the folder's name)")
    init_cmd.add_argument("--base-url", default="/", help="where it is published, e.g. https://user.github.io/repo/")
    init_cmd.add_argument("--language", action="append", default=[], metavar="CODE",
                          help="a language of the site: repeat it (or separate by commas) for several, the "
                               "default first (default: en)")
    init_cmd.add_argument("--force", action="store_true", help="add the missing files to a folder that is not empty")
    init_cmd.add_argument("--tool", default="", help="what the site's requirements.txt installs (default: this "
                                                     "tool, from where it came: its version on a package index, "
                                                     "its git commit, or its wheel carried in the site)")
    init_cmd.set_defaults(handler=_init)


def _add_upgrade(commands) -> None:
    upgrade_cmd = commands.add_parser("upgrade", help="bring the site's tool pin and workflows up to this version")
    upgrade_cmd.add_argument("--tool", default="", help="what requirements.txt installs (default: this tool, "
                                                        "pinned as init pins it)")
    upgrade_cmd.add_argument("--force", action="store_true", help="replace workflows the site has edited")
    upgrade_cmd.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
    upgrade_cmd.set_defaults(handler=_upgrade)


def _add_theme(commands) -> None:
    theme_cmd = commands.add_parser("theme", help="work with the built-in theme")
    theme_commands = theme_cmd.add_subparsers(dest="theme_command", required=True, metavar="ACTION")
    copy_cmd = theme_commands.add_parser("copy", help="copy theme files into the site to edit (never overwrites)")
    copy_cmd.add_argument("names", nargs="+", metavar="NAME", help="a template (event.html) or static/<file>")
    copy_cmd.set_defaults(handler=_theme_copy)


def _validation_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--no-cache", action="store_true", help="ignore and leave alone the build cache "
                                                                 f"({CACHE_DIR}/)")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    command.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    command.add_argument("--today", help="judge 'has it happened' against this date (YYYY-MM-DD); "
                                         "default: SOURCE_DATE_EPOCH, else the current date")
    command.add_argument("--format", choices=FORMATS, default="text",
                         help="how problems are told: text (default), github (annotations and a step summary "
                              "in a GitHub workflow) or json (one object per problem, a line each)")


def _cache(args: argparse.Namespace, config) -> MemoryCache:
    return MemoryCache() if args.no_cache else DiskCache(config.root / CACHE_DIR)


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    output = str(Path(args.output).resolve()) if args.output else None
    config = load_config(args.root.resolve(), output=output, base_url=args.base_url)
    told = sys.stdout if args.format == "text" else sys.stderr  # (stdout is the problems' in the other formats)
    report = (lambda line: None) if args.quiet else (lambda line: print(line, file=told))
    with closing(_cache(args, config)) as cache:
        result = build(config, today(args), drafts=args.drafts, strict=args.strict, cache=cache, report=report,
                       progress=ProgressBar() if sys.stderr.isatty() and not args.quiet else _silent)
    _print_warnings(result.warnings, args.format, "build")
    if not args.quiet:
        print(f"built {result.entries} entries into {result.pages} pages and exports "
              f"({result.rendered} rendered, {result.written} files written) in {time.perf_counter() - started:.2f} s: "
              f"{relative_to_cwd(result.output)}", file=told)
    if args.timings:
        print(result.timings.table(), file=told)
    return 0


def _silent(stage: str, done: int, total: int) -> None:
    pass


class ProgressBar:
    """`render  4200/10000  3100/s` on one line of a terminal, redrawn at most ten times a second."""

    def __init__(self) -> None:
        self.started = self.drawn = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self.drawn < 0.1:
            return
        self.drawn = now
        rate = done / max(now - self.started, 1e-6)
        end = "\n" if done >= total else ""
        print(f"\r\033[K{stage:<7}{done:>7}/{total:<7} {rate:8.0f}/s", end=end, file=sys.stderr, flush=True)


def _check(args: argparse.Namespace) -> int:
    config = load_config(args.root.resolve())
    with closing(_cache(args, config)) as cache:
        result = build(config, today(args), drafts=args.drafts, strict=args.strict, write=False, cache=cache)
    _print_warnings(result.warnings, args.format, "check")
    notices = sum(p.notice for p in result.warnings)
    said = (f", {len(result.warnings) - notices} warning(s)" if len(result.warnings) > notices else "") + (
        f", {notices} notice(s)" if notices else "")
    print(f"checked {result.entries} entries: no errors{said}",
          file=sys.stdout if args.format == "text" else sys.stderr)  # stdout: only the format asked for
    return 0


def _serve(args: argparse.Namespace) -> int:
    from ..preview.serve import Preview, serve  # the server's dependencies load only when serving

    output = str(Path(args.output).resolve()) if args.output else None
    today(args)  # a bad --today is a usage error now, not at the first rebuild
    preview = Preview(lambda: load_config(args.root.resolve(), output=output, base_url=args.base_url),
                      lambda: today(args), drafts=args.drafts)
    serve(preview, host=args.host, port=args.port, open_browser=args.open)
    return 0


def _init(args: argparse.Namespace) -> int:
    folder = args.dir if args.dir is not None else args.root
    written, tool = init_site(folder, title=args.title, base_url=args.base_url, languages=args.language,
                              force=args.force, tool=args.tool)
    for path in written:
        print(relative_to_cwd(folder / path))
    print(tool, file=sys.stderr)
    where = "" if folder.resolve() == Path.cwd().resolve() else f" -C {relative_to_cwd(folder)}"
    print(f"next: timeline{where} new \"What happened\" --date 2024-06 --kind summit, then timeline{where} serve",
          file=sys.stderr)
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    changes, pin = upgrade_site(args.root.resolve(), tool=args.tool, force=args.force, dry_run=args.dry_run)
    for change in changes:
        print(f"{'would be ' if args.dry_run else ''}{change.action} {relative_to_cwd(args.root / change.relative)}")
    print(said(changes, pin, args.dry_run), file=sys.stderr)
    return 0


def _theme_copy(args: argparse.Namespace) -> int:
    config = load_config(args.root.resolve())
    for relative in copy_theme_files(config, args.names):
        print(relative_to_cwd(config.root / relative))
    return 0


def _print_problems(error: ContentError, style: str, command: str) -> None:
    if style == "text":
        for problem in error.problems:
            print(problem, file=sys.stderr)
    else:
        report(error.problems, style, sys.stdout, command)
    errors = sum(not p.warning for p in error.problems)
    warnings = len(error.problems) - errors
    files = len({p.path for p in error.problems})
    parts = [f"{errors} error(s)"] if errors else []
    parts += [f"{warnings} warning(s) (fatal with --strict)"] if warnings else []
    print(f"{', '.join(parts)} in {files} file(s)", file=sys.stderr)


def _print_warnings(warnings, style: str, command: str) -> None:
    if style != "text":
        report(warnings, style, sys.stdout, command)
        return
    for warning in warnings:
        print(warning, file=sys.stderr)
