"""The commands that write content for an editor: new, import, extract, fmt, cms (parsers and handlers)."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import closing
from pathlib import Path

from ..authoring.new import Citation, new_entry, relative_to_cwd
from ..build.lock import build_locks
from ..config import cms_repo, load_config, require_cms_repo
from ..core.cache import CACHE_DIR, DiskCache
from ..core.dates import parse_today
from ..core.errors import ContentError, Problems, UsageError
from .report import FORMATS, report


def add_authoring(commands) -> None:
    _add_new(commands)
    _add_import(commands)
    _add_extract(commands)
    _add_fmt(commands)
    _add_cms(commands)
    _add_links(commands)


def _add_new(commands) -> None:
    new_cmd = commands.add_parser("new", help="scaffold a new entry in content/")
    new_cmd.add_argument("title")
    new_cmd.add_argument("--date", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD")
    new_cmd.add_argument("--kind", required=True)
    new_cmd.add_argument("--status")
    new_cmd.add_argument("--party", action="append", default=[], help="a party id or name (repeatable)")
    new_cmd.add_argument("--location", default="")
    new_cmd.add_argument("--summary", default="")
    new_cmd.add_argument("--slug", help="the file name and URL (default: the title's first six words)")
    new_cmd.add_argument("--seed", default="", help="cite this article in seeds/ (a file name)")
    new_cmd.add_argument("--quote", default="", help="the passage of the --seed article it rests on (checked now)")
    new_cmd.add_argument("--url", default="", help="cite this web page instead of an article in seeds/")
    new_cmd.add_argument("--source-title", default="", help="the --url page's title (default: its host)")
    new_cmd.add_argument("--today", help="judge 'has it happened' against this date (YYYY-MM-DD)")
    new_cmd.set_defaults(handler=_new)


def _add_import(commands) -> None:
    import_cmd = commands.add_parser("import", help="a saved web page -> an article in seeds/; a TimelineJS "
                                                    "timeline (.json or .csv) -> draft entries")
    import_cmd.add_argument("file", type=Path, help="PAGE.html, or a TimelineJS TIMELINE.json or TIMELINE.csv")
    import_cmd.add_argument("--url", default="", help="the page's address, if the saved page does not give it")
    import_cmd.add_argument("--name", default="", help="the article's file name in seeds/ (default: from its title)")
    import_cmd.add_argument("--into", type=Path, help="where to write the drafts (default: content/)")
    import_cmd.add_argument("--kind", default="", help="the kind of a slide whose group is not a kind of the site "
                                                       "(default: announcement)")
    import_cmd.set_defaults(handler=_import)


def _add_extract(commands) -> None:
    extract_cmd = commands.add_parser("extract", help="propose draft entries from an article in seeds/: one per "
                                                      "dated event it reports, read in its language (the "
                                                      "sidecar's, else detected)")
    extract_cmd.add_argument("article", help="seeds/<article>, or its file name")
    extract_cmd.add_argument("--into", type=Path, help="where to write the drafts (default: content/)")
    extract_cmd.add_argument("--today", help="judge 'has it happened' against this date (YYYY-MM-DD)")
    extract_cmd.set_defaults(handler=_extract)


def _add_fmt(commands) -> None:
    fmt_cmd = commands.add_parser("fmt", help="rewrite entries' front matter in the house style (values unchanged)")
    fmt_cmd.add_argument("files", nargs="*", type=Path, metavar="FILE", help="entries to format (default: all)")
    fmt_cmd.add_argument("--check", action="store_true", help="write nothing; fail if a file is not in the house style")
    fmt_cmd.add_argument("--format", choices=FORMATS, default="text", help="how to report, as for check")
    fmt_cmd.set_defaults(handler=_fmt)


def today(args: argparse.Namespace):
    try:
        return parse_today(args.today, os.environ.get("SOURCE_DATE_EPOCH"))
    except ValueError as exc:
        raise UsageError(f"--today: {exc}" if args.today else f"SOURCE_DATE_EPOCH: {exc}") from None


def _new(args: argparse.Namespace) -> int:
    config = load_config(args.root.resolve())
    cite = Citation(seed=args.seed, quote=args.quote, url=args.url, title=args.source_title)
    path = new_entry(config, args.title, args.date, args.kind, today(args), status=args.status,
                     parties=args.party, location=args.location, summary=args.summary, slug=args.slug, cite=cite,
                     say=lambda line: print(line, file=sys.stderr))
    print(relative_to_cwd(path))
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..authoring.imports import import_file  # loads its extractor only when importing

    config = load_config(args.root.resolve())
    for path in import_file(config, args.file, url=args.url, name=args.name, into=args.into, kind=args.kind,
                            say=lambda line: print(line, file=sys.stderr)):
        print(relative_to_cwd(path))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from ..authoring.extract import extract_drafts

    config = load_config(args.root.resolve())
    written = extract_drafts(config, args.article, args.into.resolve() if args.into else None, today(args),
                             say=lambda line: print(line, file=sys.stderr))
    for path in written:
        print(relative_to_cwd(path))
    if not written:
        print("no new drafts: every dated event of the article is quoted by an entry already, or none was found",
              file=sys.stderr)
    return 0


def _fmt(args: argparse.Namespace) -> int:
    from ..authoring.fmt import format_entries

    config = load_config(args.root.resolve())
    problems = Problems()
    changed = format_entries(config, args.files, check=args.check, problems=problems)
    for shown_as in changed:
        if args.check:
            problems.error(shown_as, 1, "front matter", "is not in the house style", "run timeline fmt")
        else:
            print(f"formatted {shown_as}")
    problems.raise_if_errors()
    if not changed:
        print("no entry needs formatting", file=sys.stderr)
    return 0


def _add_cms(commands) -> None:
    cms_cmd = commands.add_parser("cms", help="write admin/config.yml: the CMS's form, made from the entry schema, "
                                              "kinds, parties and articles")
    cms_cmd.set_defaults(handler=_cms)


def _cms(args: argparse.Namespace) -> int:
    from ..authoring.cms import write_cms_config
    from ..content.parties import load_parties
    from ..content.sources import load_seeds

    config = load_config(args.root.resolve())
    problems = Problems()
    require_cms_repo(config, problems)
    registry, seeds = load_parties(config.root, problems), load_seeds(config.root, problems)
    problems.raise_if_errors()
    print(relative_to_cwd(write_cms_config(config, registry, sorted(seeds))))
    if not cms_repo(config):
        print("the CMS saves to this folder through decap-server (see the README); to edit on GitHub, "
              "set repo = \"owner/name\" under [cms] in timeline.toml and run timeline cms again", file=sys.stderr)
    return 0


def _add_links(commands) -> None:
    links_cmd = commands.add_parser("links", help="check every source and media address (and archived copy): "
                                                  "a dead one is an error at its line")
    links_cmd.add_argument("--archive", action="store_true",
                           help="write an archived copy (the Wayback Machine's) beside each source without one")
    links_cmd.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each answer (default 15)")
    links_cmd.add_argument("--today", help="the day the results are kept under (YYYY-MM-DD)")
    links_cmd.add_argument("--format", choices=FORMATS, default="text", help="how problems are printed")
    links_cmd.set_defaults(handler=_links)


def _links(args: argparse.Namespace) -> int:
    from ..authoring.links import check_links
    from ..content.link_states import keep

    if not 0 < args.timeout <= 600:
        raise UsageError(f"--timeout: seconds above 0 and at most 600, got {args.timeout:g}")
    config = load_config(args.root.resolve())
    problems, results = check_links(config, today(args), timeout=args.timeout, archive=args.archive,
                                    say=lambda line: print(line, file=sys.stderr))
    if results:  # kept in the build cache with the day they were found
        with build_locks(None, config.root / CACHE_DIR), closing(DiskCache(config.root / CACHE_DIR)) as cache:
            keep(cache, results.values())
            cache.commit()
    if problems.errors:  # (with the notices: the job's summary lists every problem)
        raise ContentError(problems.items)
    report(problems.items, args.format, sys.stdout if args.format != "text" else sys.stderr, "links")
    return 0
