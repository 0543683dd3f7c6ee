"""`timeline new`: write a valid entry for an editor to fill in. Never overwrites anything.

The entry starts as a draft, so it validates before it cites its sources; the editor adds a
source and sets `draft: false` to publish it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Optional, Sequence

from ..config import SLUG, Config, Kind
from ..content.entries import RESERVED
from ..content.files import entry_files
from ..content.parties import load_parties
from ..content.sources import load_seeds
from ..core.errors import Problems, TimelineError, UsageError, did_you_mean, one_of
from ..model.dates import parse_partial_date
from ..model.timeline import slugify

TEMPLATE = """\
---
title: {title}
date: "{date}"
kind: {kind}
{status}parties: [{parties}]
location: {location}
summary: {summary}
tags: []
related: []
sources:
{sources}draft: true   # set to false once the entry cites its sources
---

What happened, in a few paragraphs, from the sources.
"""


def new_entry(config: Config, title: str, date: str, kind: str, today: dt.date, status: Optional[str] = None,
              parties: Sequence[str] = (), location: str = "", summary: str = "", slug: Optional[str] = None) -> Path:
    """Write content/<slug>.md and return its path."""
    if not title.strip():
        raise UsageError("the title must not be empty")
    slug = slug if slug is not None else slugify(title)
    if not SLUG.fullmatch(slug) or slug in RESERVED:
        raise UsageError(f"cannot make a file name from '{slug or title}'; "
                         "give --slug with lowercase letters, digits and hyphens")
    try:
        start = parse_partial_date(date)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    kind_spec = config.kinds.get(kind)
    if kind_spec is None:
        raise UsageError(f"--kind: unknown kind '{kind}' ({did_you_mean(kind, config.kinds) or one_of(config.kinds)})")
    status = _status(kind_spec, status, start.first_day() > today)
    party_ids = _resolve_parties(config, parties)
    path = config.content_dir / f"{slug}.md"
    _refuse_existing(config, slug, path)
    text = TEMPLATE.format(
        title=_quoted(title.strip()), date=start.iso(), kind=kind,
        status=f"status: {status}\n" if status else "", parties=", ".join(party_ids),
        location=_quoted(location.strip()), summary=_quoted(summary.strip()), sources=_source_hint(config))
    config.content_dir.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": fail rather than overwrite
        handle.write(text)
    return path


def _status(kind: Kind, status: Optional[str], future: bool) -> str:
    if status is not None:
        if status not in kind.statuses:
            raise UsageError(f"--status: '{status}' is not a status of {kind.with_article} "
                             f"({did_you_mean(status, kind.statuses) or one_of(kind.statuses)})")
        if future and status in kind.happened:
            raise UsageError(f"--status: '{status}' says this happened, but the date is after today")
        return status
    fitting = [s for s in kind.statuses if (s not in kind.happened) == future]
    return fitting[0] if fitting else ""


def _resolve_parties(config: Config, names: Sequence[str]) -> list[str]:
    problems = Problems()
    registry = load_parties(config.root, problems)
    problems.raise_if_errors()
    ids = []
    for name in names:
        party = registry.resolve(name)
        if party is None:
            hint = registry.suggestion(name) or "declare it in content/parties.toml first"
            raise UsageError(f"--party: unknown party '{name}' ({hint})")
        if party not in ids:
            ids.append(party)
    return ids


def _refuse_existing(config: Config, slug: str, path: Path) -> None:
    if path.exists() or path.is_symlink():
        raise TimelineError(f"{path} already exists; not overwritten")
    for other, _, _ in entry_files(config.content_dir, config.root, Problems()):
        if Path(other).stem.casefold() == slug.casefold():
            raise TimelineError(f"{other} already uses the slug '{slug}'; not overwritten")


def _source_hint(config: Config) -> str:
    problems = Problems()
    seeds = sorted(load_seeds(config.root, problems))
    example = seeds[0] if seeds else "an-article.txt"
    return (f"#  - seed: {example}\n"
            f"#    quote: \"a sentence copied from the article\"\n")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def relative_to_cwd(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
