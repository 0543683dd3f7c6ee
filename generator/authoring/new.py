"""`timeline new`: write a valid entry for an editor to fill in. Never overwrites anything.

The entry starts as a draft, so it validates before it cites its sources; the editor adds a
source and sets `draft: false` to publish it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..config import SLUG, Config, Kind
from ..content.entries import RESERVED
from ..content.files import entry_files
from ..content.parties import load_parties
from ..content.sources import SEEDS_DIR, load_seeds, quote_hint
from ..core.dates import parse_partial_date
from ..core.errors import Problems, TimelineError, UsageError, did_you_mean, one_of
from ..urls import split_url
from .drafts import BODY_PROMPT, refuse_what_check_would, shown_paths, title_slug
from .house_style import entry_text


@dataclass(frozen=True)
class Citation:
    """What `timeline new` was told to cite: an article in seeds/ with a quote, or a web page."""

    seed: str = ""
    quote: str = ""
    url: str = ""
    title: str = ""


def new_entry(config: Config, title: str, date: str, kind: str, today: dt.date, status: Optional[str] = None,
              parties: Sequence[str] = (), location: str = "", summary: str = "", slug: Optional[str] = None,
              cite: Citation = Citation(), say: Callable[[str], None] = lambda line: None) -> Path:
    """Write content/<slug>.md and return its path; `say` tells the editor what was chosen for them."""
    if not title.strip():
        raise UsageError("the title must not be empty")
    slug = slug if slug is not None else title_slug(title)
    if not SLUG.fullmatch(slug) or slug in RESERVED:
        raise UsageError(f"cannot make a file name from '{slug or title}'; "
                         "give --slug with lowercase letters, digits and hyphens")
    try:
        start = parse_partial_date(date)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    kind = choose_kind(config, kind)
    chosen: list[str] = []  # what was chosen for the editor, said once the file is written
    status = _status(config.kinds[kind], status, start.first_day() > today, chosen.append)
    party_ids = _resolve_parties(config, parties)
    sources = _sources(config, cite)
    path = config.content_dir / f"{slug}.md"
    _refuse_existing(config, slug, path)
    values = {"title": title.strip(), "date": start.iso(), "kind": kind, "status": status, "parties": party_ids,
              "location": location.strip(), "summary": summary.strip(), "tags": [], "related": [],
              "sources": sources, "draft": True}
    text = entry_text(config.entry_fields, values, BODY_PROMPT)
    refuse_what_check_would(config, {path: text}, shown_paths([path], config.root))
    config.content_dir.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": fail rather than overwrite
        handle.write(text)
    if not sources:
        example = next(iter(sorted(load_seeds(config.root, Problems()))), "an-article.txt")
        chosen.append(f"sources: none yet; add '- seed: {example}' with a 'quote:' copied from it")
    chosen.append("draft: true; set it to false once the entry cites its sources")
    chosen += [f"{field.name}: required by timeline.toml ({field.label}); add it before the entry leaves draft"
               for field in config.plain_fields if field.required]
    for line in chosen:
        say(line)
    return path


def choose_kind(config: Config, kind: str) -> str:
    """The kind's id, matched case-insensitively like parties."""
    found = {name.casefold(): name for name in config.kinds}.get(kind.strip().casefold())
    if found is None:
        raise UsageError(f"--kind: unknown kind '{kind}' ({did_you_mean(kind, config.kinds) or one_of(config.kinds)})")
    return found


def _status(kind: Kind, status: Optional[str], future: bool, say: Callable[[str], None]) -> str:
    """The status asked for, checked; else one that claims nothing the sources may not say: for an
    event to come, the first status that says it has not happened yet; for one in the past, none."""
    if status is not None:
        if status not in kind.statuses:
            raise UsageError(f"--status: '{status}' is not a status of {kind.with_article} "
                             f"({did_you_mean(status, kind.statuses) or one_of(kind.statuses)})")
        if future and status in kind.happened:
            raise UsageError(f"--status: '{status}' says this happened, but the date is after today")
        return status
    waiting = [s for s in kind.statuses if s not in kind.happened]
    if future and waiting:
        say(f"status: {waiting[0]} (the date is after today; give --status to choose another)")
        return waiting[0]
    said = ", ".join(s for s in kind.statuses if s in kind.happened)
    say(f"status: left out, since the sources must say what happened (give --status, e.g. one of {said})")
    return ""


def _resolve_parties(config: Config, names: Sequence[str]) -> list[str]:
    """Party ids for names, ids or aliases (any case); every unknown one reported at once."""
    problems = Problems()
    registry = load_parties(config.root, problems)
    problems.raise_if_errors()
    ids, unknown = [], []
    for name in names:
        party = registry.resolve(name)
        if party is None:
            unknown.append(f"'{name}' ({registry.suggestion(name) or 'declare it in content/parties.toml first'})")
        elif party not in ids:
            ids.append(party)
    if unknown:
        raise UsageError(f"--party: unknown {'party' if len(unknown) == 1 else 'parties'} {', '.join(unknown)}")
    return ids


def _sources(config: Config, cite: Citation) -> list[dict[str, str]]:
    """The sources: what was cited, checked now (a seed's quote must occur in it); none if nothing was."""
    if cite.quote and not cite.seed:
        raise UsageError("--quote needs --seed: the article it is taken from")
    if cite.seed and cite.url:
        raise UsageError("give --seed (an article in seeds/) or --url, not both")
    if cite.url:
        parts = split_url(cite.url)
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--url: expected an http or https address, got '{cite.url}'")
        return [{"url": cite.url, "title": cite.title or parts.netloc}]
    if not cite.seed:
        return []
    seeds = load_seeds(config.root, Problems())
    name = cite.seed.removeprefix(f"{SEEDS_DIR}/")
    if name not in seeds:
        hint = (did_you_mean(name, seeds) or one_of(sorted(seeds))) if seeds else "add the article first"
        raise UsageError(f"--seed: no article '{name}' in {SEEDS_DIR}/ ({hint})")
    if not cite.quote:
        raise UsageError("--seed needs --quote: the passage of the article the entry rests on")
    if seeds[name].find(cite.quote) is None:
        raise UsageError(f"--quote: does not occur in {SEEDS_DIR}/{name} ({quote_hint(seeds[name], cite.quote)})")
    return [{"seed": name, "quote": cite.quote}]


def _refuse_existing(config: Config, slug: str, path: Path) -> None:
    shown = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
    if path.exists() or path.is_symlink():
        raise TimelineError(f"{shown} already exists; not overwritten")
    for _, other, _ in entry_files(config.content_dir, config.root, Problems()):
        if Path(other).stem.casefold() == slug.casefold():
            raise TimelineError(f"{other} already uses the slug '{slug}'; not overwritten")


def relative_to_cwd(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
