"""The site's own fields (timeline.toml's `[fields.<name>]`) in the exports: each under its name in
events.json (and in the JSON Schema published beside it, which grows with them) and as a column of
the CSV, written by its shape."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from ..config.schema import Field
from ..model.timeline import Event, slugify
from .fields import date_data

# A value's JSON Schema, by shape: what events.json carries of it (null or [] when an entry has none).
_SCHEMAS = {
    "text": {"type": ["string", "null"]},
    "id": {"type": ["string", "null"]},
    "url": {"type": ["string", "null"], "format": "uri"},
    "date": {"oneOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]},
    "day": {"oneOf": [{"$ref": "#/$defs/day"}, {"type": "null"}]},
    "flag": {"type": "boolean"},
    "ids": {"type": "array", "items": {"type": "string"}},
    "texts": {"type": "array", "items": {"type": "string"}},
}


def json_data(event: Event, fields: tuple[Field, ...], labels: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The event's values of the site's own fields, as events.json carries them; a taxonomy's terms
    by their `labels` (as the pages of its language name them)."""
    return {field.name: _json_value(field, event.own(field.name), labels.get(field.name)) for field in fields}


def _json_value(field: Field, value: Any, labels: Optional[Mapping[str, str]]) -> Any:
    if labels is not None and value is not None:
        value = tuple(labels[slugify(v)] for v in ([value] if isinstance(value, str) else value))
        return value[0] if field.shape == "id" else list(value)
    if field.shape in ("ids", "texts"):
        return list(value or ())
    if field.shape == "flag":
        return bool(value)
    if value is None:
        return None
    return date_data(value) if field.shape == "date" else value.iso() if field.shape == "day" else value


def csv_values(event: Event, fields: tuple[Field, ...]) -> list[str]:
    """The event's values of the site's own fields, a CSV cell each: lists joined by '; '."""
    return [_csv_value(field, event.own(field.name)) for field in fields]


def _csv_value(field: Field, value: Any) -> str:
    if field.shape == "flag":
        return "yes" if value else "no"
    if value is None:
        return ""
    if field.shape in ("ids", "texts"):
        return "; ".join(value)
    return value.iso() if field.shape in ("date", "day") else value


def schema_text(fields: tuple[Field, ...] = ()) -> bytes:
    """The JSON Schema of events.json, published beside it: the built-in fields' (the package's
    events.schema.json) and the site's own, each required (null or empty when an entry has none)."""
    if not fields:
        return _built_in()
    schema = json.loads(_built_in())
    event = schema["$defs"]["event"]
    for field in fields:
        event["properties"][field.name] = {**_SCHEMAS[field.shape], "title": field.label,
                                           **({"description": field.hint} if field.hint else {})}
        event["required"].append(field.name)
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@lru_cache(maxsize=1)
def _built_in() -> bytes:
    return resources.files("generator.outputs").joinpath("events.schema.json").read_bytes()
