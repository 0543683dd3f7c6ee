"""The site's own fields: timeline.toml's `[fields.<name>]` tables, each one a field of the entry
schema like the built-in ones (config/schema.py), so that every reader and writer of entries
follows from the one declaration:

    [fields.venue]
    shape = "text"          # text, id, date, day, flag, url, ids or texts
    label = "Venue"         # shown on the event page (and the CMS form); translated by the catalogs
    hint = "where it took place"
    required = false        # missing is an error, except in a draft
    translated = true       # a translation gives it (text and texts only)
    taxonomy = false        # its values get pages at /<name>/<term>/ (id, ids and texts only)
"""

from __future__ import annotations

import re
from typing import Any

from ..core.errors import Problems, did_you_mean, one_of
from .schema import ENTRY, Field, names
from .toml import CONFIG_FILE, toml_line

SHAPES = ("text", "id", "date", "day", "flag", "url", "ids", "texts")
TRANSLATABLE = ("text", "texts")
WITH_TERMS = ("id", "ids", "texts")
_KEYS = {"shape": str, "label": str, "hint": str, "required": bool, "translated": bool, "taxonomy": bool}
# A field's name is its key in the front matter, in events.json and the CSV, and a taxonomy's folder.
NAME = re.compile(r"[a-z][a-z0-9_]*")
# The site's own folders and files at the top of the output, which a taxonomy's pages would clash with.
FOLDERS = frozenset({"events", "kinds", "parties", "tags", "years", "status", "sources", "embed", "cards", "static",
                     "admin", "page", "media", "pagefind"})
# The names events.json and the CSV give what they add to an entry's fields.
EXPORTED = frozenset({"url", "when", "inverse", "body", "body_html", "precision", "first_day", "last_day",
                      "display_date", "citations"})


def read_fields(content: Any, text: str, languages: tuple[str, ...], problems: Problems) -> tuple[Field, ...]:
    """The declared fields, in the file's order; each bad declaration is a timeline.toml:LINE problem."""
    if not isinstance(content, dict):
        problems.error(CONFIG_FILE, toml_line(text, None, "fields"), "fields", "expected [fields.<name>] tables")
        return ()
    builtin, result = names(ENTRY), []
    for name, spec in content.items():
        where = f"fields.{name}"
        line = toml_line(text, None, where) or toml_line(text, "fields", name)  # [fields.x], or x = ... in [fields]
        if not NAME.fullmatch(name):
            problems.error(CONFIG_FILE, line, where, "a field's name must be lowercase letters, digits and '_', "
                                                     "starting with a letter", f"for example [fields.{_suggest(name)}]")
        elif name in builtin or name in EXPORTED:
            what = "a built-in field" if name in builtin else "a name events.json and the CSV give their own data"
            problems.error(CONFIG_FILE, line, where, f"'{name}' is {what}", "give the site's own field another name")
        elif not isinstance(spec, dict):
            problems.error(CONFIG_FILE, line, where, "expected a table", f"[fields.{name}] with shape = \"text\"")
        else:
            field = _read_field(name, spec, text, languages, problems)
            if field is not None:
                result.append(field)
    return tuple(result)


def _read_field(name: str, spec: dict, text: str, languages: tuple[str, ...], problems: Problems) -> Field | None:
    table, before = f"fields.{name}", len(problems.errors)

    def error(key: str, message: str, hint: str = "") -> None:
        problems.error(CONFIG_FILE, toml_line(text, table, key) if key else toml_line(text, None, table),
                       f"{table}.{key}" if key else table, message, hint)

    for key, value in spec.items():
        if key not in _KEYS:
            error(key, "unknown key", did_you_mean(key, _KEYS) or one_of(_KEYS))
        elif not isinstance(value, _KEYS[key]):
            error(key, f"expected {'true or false' if _KEYS[key] is bool else 'a string'}, got {value!r}")
    shape = spec.get("shape")
    if "shape" not in spec:
        error("", "has no shape", f"shape = \"text\" (or {', '.join(SHAPES[1:])})")
    elif isinstance(shape, str) and shape not in SHAPES:
        error("shape", f"unknown shape '{shape}'", did_you_mean(shape, SHAPES) or one_of(SHAPES))
    elif isinstance(shape, str):
        _check_flags(spec, shape, name, languages, error)
    if len(problems.errors) > before:
        return None
    label = (spec.get("label") or "").strip() or name.replace("_", " ").capitalize()
    return Field(name, shape, label, spec.get("hint", "").strip(), spec.get("required", False),
                 translated=spec.get("translated", False), taxonomy=spec.get("taxonomy", False), own=True,
                 line=toml_line(text, None, table))


def _check_flags(spec: dict, shape: str, name: str, languages: tuple[str, ...], error) -> None:
    if spec.get("translated") is True and shape not in TRANSLATABLE:
        error("translated", f"a {shape} field is the same in every language", "only text and texts are translated")
    if spec.get("taxonomy") is True:
        if shape not in WITH_TERMS:
            error("taxonomy", f"a {shape} field has no terms to list",
                  f"a taxonomy is of shape {', '.join(WITH_TERMS)}")
        elif name in FOLDERS or name in languages:
            error("taxonomy", f"its pages at /{name}/ would clash with the site's own", "give the field another name")


def _suggest(name: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_").lstrip("0123456789_") or "name"
