"""`timeline fmt [FILE...]`: rewrite entries' front matter in the house style (authoring/house_style.py):
the schema's order and quoting, parties by their ids, values unchanged, the body byte for byte
after one blank line. `--check` writes nothing and fails when a file would change: the
pull-request check runs it, so that what lands in the repository is what the CMS reads and
writes (its list of parties shows ids only), and diffs stay small.

A file that cannot be formatted without losing something (a comment, an unknown field, a value of
the wrong shape) is reported at its line and left alone; the others are still formatted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from ..config import Config
from ..content.files import entry_files
from ..content.frontmatter import parse_entry, read_entry_text
from ..content.parties import load_parties
from ..content.translations import translation_language
from ..core.errors import Problems, UsageError, working_on
from ..core.textfile import replace_text
from .house_style import formatted


def format_entries(config: Config, files: Sequence[Path] = (), check: bool = False,
                   problems: Optional[Problems] = None) -> list[str]:
    """The entries (all, or `files`) not in the house style, as shown; rewritten unless `check`."""
    problems = problems if problems is not None else Problems()
    registry = load_parties(config.root, Problems())  # its own problems are check's to report
    changed = []
    for path, shown_as in _chosen(config, files, problems):
        with working_on(shown_as):
            text = read_entry_text(path, shown_as, problems)
            entry = parse_entry(text, shown_as, problems) if text is not None else None
            if entry is None:
                continue
            fields = config.translation_fields if translation_language(shown_as) else config.entry_fields
            result = formatted(entry, text, fields, problems, registry.resolve)
            if result is None or result == text:
                continue
            changed.append(shown_as)
            if not check:
                replace_text(path, result)
    return changed


def _chosen(config: Config, files: Sequence[Path], problems: Problems) -> list[tuple[Path, str]]:
    listed = [(Path(path), shown_as) for path, shown_as, _ in entry_files(config.content_dir, config.root, problems)]
    if not files:
        return listed
    by_file = {path.resolve(): (path, shown_as) for path, shown_as in listed}
    chosen = []
    for file in files:
        found = by_file.get(file.resolve())
        if found is None:
            raise UsageError(f"{file}: not an entry in {config.content_dir.name}/ (a .md file there)")
        chosen.append(found)
    return chosen
