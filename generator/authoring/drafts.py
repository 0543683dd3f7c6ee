"""Draft entries written by the tool for an editor to finish (`timeline import` of a TimelineJS
timeline, `timeline extract` from an article): the front matter in the order `timeline new`
writes it, slugs that never collide, and files written all together or not at all."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..config import Config
from ..config.schema import ENTRY
from ..content.articles import SIDECAR, sidecar_from_text
from ..content.entries import RESERVED, Context, read_event
from ..content.files import entry_files
from ..content.frontmatter import parse_entry
from ..content.parties import load_parties
from ..content.sources import load_seeds
from ..content.translations import translation_language
from ..core.dates import PartialDate
from ..core.errors import ContentError, Problems, TimelineError
from ..model.timeline import slugify
from .house_style import SLUG_WORDS, entry_text

BODY_PROMPT = "What happened, in a few paragraphs, from the sources."


@dataclass(frozen=True)
class Draft:
    title: str
    date: PartialDate
    kind: str
    end: Optional[PartialDate] = None
    status: str = ""
    parties: tuple[str, ...] = ()
    summary: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()  # (seed file name, quote)
    body: str = ""


def draft_text(draft: Draft) -> str:
    """The entry file, in the house style: the front matter, `draft: true`, then the body."""
    values = {"title": draft.title, "date": draft.date.iso(), "end": draft.end.iso() if draft.end else None,
              "kind": draft.kind, "status": draft.status, "parties": list(draft.parties), "summary": draft.summary,
              "tags": list(draft.tags), "sources": [{"seed": seed, "quote": quote} for seed, quote in draft.sources],
              "draft": True}
    return entry_text(ENTRY, values, draft.body.strip() or BODY_PROMPT)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


MAX_SLUG = 80  # characters: a file name well within every file system's (255 bytes)


def title_slug(title: str) -> str:
    """The slug a title gives: its first words, at most MAX_SLUG characters (cut between words
    where it can be)."""
    slug = "-".join(slugify(title).split("-")[:SLUG_WORDS])
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[:MAX_SLUG + 1].rsplit("-", 1)[0]
    return cut if "-" in slug[:MAX_SLUG + 1] else slug[:MAX_SLUG]


def slug_for(title: str, taken: set[str]) -> str:
    """A slug from the title's first words, made unique against `taken` (casefolded) and added to it."""
    base = title_slug(title) or "entry"
    if base in RESERVED:
        base += "-entry"
    slug, number = base, 2
    while slug.casefold() in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug.casefold())
    return slug


def taken_slugs(folder: Path) -> set[str]:
    """The stems of the entries already in a folder (any depth), casefolded."""
    if not folder.is_dir():
        return set()
    return {path.stem.casefold() for path in folder.rglob("*.md")}


def write_all(config: Config, files: dict[Path, str], shown: dict[Path, str]) -> None:
    """Write every file, or none: each is read first as check would read it (refuse_what_check_would)
    and each name checked (never an overwrite), and if writing one fails the ones already written
    are removed."""
    existing = [shown[path] for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise TimelineError(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
                            "nothing was written (nothing is ever overwritten)")
    refuse_what_check_would(config, files, shown)
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                written.append(path)
                handle.write(text)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def shown_paths(paths: Iterable[Path], root: Path) -> dict[Path, str]:
    """Each path as the editor knows it: relative to the project when inside it."""
    return {path: path.relative_to(root).as_posix() if path.is_relative_to(root) else os.fspath(path)
            for path in paths}


def refuse_what_check_would(config: Config, files: dict[Path, str], shown: dict[Path, str]) -> None:
    """The entries and sidecars a writer is about to write, read as `check` reads them: an error (a
    control character, a text over the limits, a slug another entry has) stops the writer before it
    writes anything, with the problems on the lines the files would have. Writers write only what
    check accepts."""
    problems, ignored = Problems(), Problems()  # (the site's own problems are not the writer's)
    context = Context(config, load_parties(config.root, ignored), load_seeds(config.root, ignored))
    taken = _slugs_in_use(config)
    for path, text in files.items():
        if path.suffix == ".md":
            entry = parse_entry(text, shown[path], problems)
            event = read_event(entry, path.stem, context, problems) if entry is not None else None
            key = unicodedata.normalize("NFKC", event.slug).casefold() if event is not None else ""
            if key in taken:
                problems.error(shown[path], event.line("slug") or 1, "slug",
                               f"'{event.slug}' is already the slug of {taken[key]}", "give another --slug")
            elif key:
                taken[key] = shown[path]
        elif path.suffix == SIDECAR:
            sidecar_from_text(text, shown[path], problems)
    if problems.errors:
        raise ContentError(problems.errors)


_SLUG_LINE = re.compile(r"^slug:\s*[\"']?([^\"'\n]+?)[\"']?\s*$", re.MULTILINE)


def _slugs_in_use(config: Config) -> dict[str, str]:
    """Each entry's slug (its file's name, or the `slug:` it sets), casefolded, and the file."""
    used = {}
    for path, shown, _ in entry_files(config.content_dir, config.root, Problems()):
        if translation_language(shown):
            continue  # a translation shares its original's slug
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
        named = _SLUG_LINE.search(head.split("\n---", 1)[0])
        slug = named.group(1) if named else Path(shown).stem
        used[unicodedata.normalize("NFKC", slug).casefold()] = shown
    return used
