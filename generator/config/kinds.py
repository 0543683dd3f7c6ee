"""Kinds of event: the defaults (summit, meeting, agreement, pledge, announcement), and the
[kinds.<name>] tables of timeline.toml that relabel them or add others."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..core.errors import Problems, did_you_mean, one_of
from .toml import CONFIG_FILE, SLUG, toml_line

_KIND_KEYS = {"label": str, "plural": str, "statuses": list, "happened": list, "shape": str, "colour": str}
# A kind's mark, the same on the cards and on the overview strip: a shape as well as a colour, so
# that colour is never the only cue. A kind that names none takes the next in this order.
SHAPES = ("down", "circle", "square", "diamond", "triangle", "hexagon")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Kind:
    """A kind of event, with the statuses it may have.

    `happened` lists the statuses that say the event already took place; an entry with one of
    them and a start date after "today" is an error.
    """

    name: str
    label: str
    plural: str
    statuses: tuple[str, ...]
    happened: tuple[str, ...]
    shape: str = ""  # one of SHAPES (read_kinds gives every kind one)
    colour: str = ""  # '#rrggbb', or '' for the theme's (the built-in kinds') or its accent

    @property
    def with_article(self) -> str:
        """'an agreement', 'a summit': for messages."""
        return ("an " if self.name[0] in "aeiou" else "a ") + self.name


DEFAULT_KINDS = {
    "summit": Kind("summit", "Summit", "Summits",
                   ("scheduled", "held", "postponed", "cancelled"), ("held",), "circle"),
    "meeting": Kind("meeting", "Meeting", "Meetings",
                    ("scheduled", "held", "postponed", "cancelled"), ("held",), "hexagon"),
    "agreement": Kind("agreement", "Agreement", "Agreements",
                      ("proposed", "announced", "agreed", "signed", "in-force", "suspended", "terminated"),
                      ("agreed", "signed", "in-force", "suspended", "terminated"), "square"),
    "pledge": Kind("pledge", "Pledge", "Pledges",
                   ("made", "fulfilled", "withdrawn"), ("made", "fulfilled", "withdrawn"), "diamond"),
    "announcement": Kind("announcement", "Announcement", "Announcements",
                         ("made", "fulfilled", "withdrawn"), ("made", "fulfilled", "withdrawn"), "triangle"),
}


def read_kinds(content: Any, text: str, problems: Problems) -> dict[str, Kind]:
    kinds = dict(DEFAULT_KINDS)
    if not isinstance(content, dict):
        problems.error(CONFIG_FILE, toml_line(text, None, "kinds"), "kinds", "expected [kinds.<name>] tables")
        return kinds
    for name, spec in content.items():
        where = f"kinds.{name}"
        line = toml_line(text, None, where)
        if not SLUG.fullmatch(name):
            problems.error(CONFIG_FILE, line, where, "a kind's name must be lowercase letters, digits and hyphens")
            continue
        if not isinstance(spec, dict):
            problems.error(CONFIG_FILE, line, where, "expected a table")
            continue
        kinds[name] = _read_kind(name, spec, kinds.get(name), text, problems)
    return _with_shapes(kinds)


def _with_shapes(kinds: dict[str, Kind]) -> dict[str, Kind]:
    """Every kind with a shape: a kind that names none takes the next of SHAPES, in the order the
    kinds without one come."""
    others = [name for name, kind in kinds.items() if not kind.shape]
    return {name: kind if kind.shape else replace(kind, shape=SHAPES[others.index(name) % len(SHAPES)])
            for name, kind in kinds.items()}


def _read_kind(name: str, spec: dict, base: Kind | None, text: str, problems: Problems) -> Kind:
    table = f"kinds.{name}"
    for key, value in spec.items():
        line = toml_line(text, table, key)
        if key not in _KIND_KEYS:
            problems.error(CONFIG_FILE, line, f"{table}.{key}", "unknown key",
                           did_you_mean(key, _KIND_KEYS) or one_of(_KIND_KEYS))
        elif not isinstance(value, _KIND_KEYS[key]) or (
                isinstance(value, list) and not all(isinstance(v, str) and SLUG.fullmatch(v) for v in value)):
            what = "a list of lowercase statuses" if _KIND_KEYS[key] is list else "a string"
            problems.error(CONFIG_FILE, line, f"{table}.{key}", f"expected {what}, got {value!r}")
        elif key == "shape" and value not in SHAPES:
            problems.error(CONFIG_FILE, line, f"{table}.{key}", f"unknown shape '{value}'",
                           did_you_mean(value, SHAPES) or one_of(SHAPES))
        elif key == "colour" and not _COLOUR.fullmatch(value):
            problems.error(CONFIG_FILE, line, f"{table}.{key}", f"expected a colour like \"#0f766e\", got {value!r}",
                           "six hexadecimal digits after '#': it marks the kind in light and dark mode alike")
    label = spec.get("label") if isinstance(spec.get("label"), str) else None
    label = label or (base.label if base else name.replace("-", " ").capitalize())
    statuses = _statuses(spec.get("statuses")) or (base.statuses if base else ())
    if not statuses:
        problems.error(CONFIG_FILE, toml_line(text, None, table), table, "a new kind needs 'statuses'")
    happened = _statuses(spec.get("happened"))
    if happened is None:
        happened = tuple(s for s in (base.happened if base else ()) if s in statuses)
    for status in happened:
        if status not in statuses:
            problems.error(CONFIG_FILE, toml_line(text, table, "happened"), f"{table}.happened",
                           f"'{status}' is not one of this kind's statuses", one_of(statuses))
    plural = spec.get("plural") if isinstance(spec.get("plural"), str) else None
    plural = plural or (base.plural if base else label + "s")
    shape = spec.get("shape") if spec.get("shape") in SHAPES else (base.shape if base else "")
    colour = spec.get("colour") if isinstance(spec.get("colour"), str) and _COLOUR.fullmatch(spec["colour"]) else (
        base.colour if base else "")
    return Kind(name, label, plural, tuple(statuses), tuple(happened), shape, colour)


def _statuses(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) and SLUG.fullmatch(v) for v in value):
        return tuple(value)
    return None


