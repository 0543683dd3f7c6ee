"""The values of the site's own fields (timeline.toml's `[fields.<name>]`), read by their shape with
the same checks as the built-in fields of that shape: `file:line: name: message` for a value of the
wrong shape, an empty name, a name listed twice or one with nothing to make a term's page name of."""

from __future__ import annotations

from typing import Any, Optional

import yaml

from ..config.schema import Field
from ..model.timeline import slugify
from ..urls import is_web_address
from .entry_lists import read_day
from .frontmatter import FieldReader


def read_own(reader: FieldReader, field: Field, node: yaml.Node) -> Any:
    """A clean value (text, a PartialDate, True/False or a tuple of texts), or None, reported."""
    name, shape = field.name, field.shape
    if shape in ("ids", "texts"):
        return read_names(reader, node, name, by_page=field.taxonomy)
    if shape == "date":
        return reader.date(node, name)
    if shape == "day":
        return read_day(reader, node, name)
    if shape == "flag":
        return reader.flag(node, name)
    value = reader.text(node, name)
    if value and shape == "url" and not is_web_address(value):
        reader.error(node, name, f"'{value}' is not a web address", "write an address starting with https://")
        return None
    if value and field.taxonomy and not slugify(value):
        reader.error(node, name, f"'{value}' has no letters or digits to make a page name from")
        return None
    return value or None


def read_names(reader: FieldReader, node: yaml.Node, name: str, by_page: bool) -> Optional[tuple[str, ...]]:
    """A list of names (a single one is a list of one); `by_page`: each names a term's page, so two
    names with one page name (a slug) are the same name."""
    result, seen = [], set()
    for item in reader.items(node, name, single_allowed=True):
        value = reader.text(item, name, required=True)
        if value is None:
            continue
        key = slugify(value) if by_page else value
        if not key:
            reader.error(item, name, f"'{value}' has no letters or digits to make a page name from")
        elif key in seen:
            reader.error(item, name, f"'{value}' is listed twice")
        else:
            seen.add(key)
            result.append(value)
    return tuple(result)
