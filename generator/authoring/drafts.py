"""Draft entries written by the tool for an editor to finish (`timeline import` of a TimelineJS
timeline, `timeline extract` from an article): the front matter in the order `timeline new`
writes it, slugs that never collide, and files written all together or not at all."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..config.schema import ENTRY
from ..content.entries import RESERVED
from ..core.errors import TimelineError
from ..model.dates import PartialDate
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


def title_slug(title: str) -> str:
    """The slug a title gives: its first words."""
    return "-".join(slugify(title).split("-")[:SLUG_WORDS])


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


def write_all(files: dict[Path, str], shown: dict[Path, str]) -> None:
    """Write every file, or none: each name is checked before anything is written (never an
    overwrite), and if writing one fails the ones already written are removed."""
    existing = [shown[path] for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise TimelineError(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
                            "nothing was written (nothing is ever overwritten)")
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
