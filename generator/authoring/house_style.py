"""The house style of an entry file: its front matter written one way only, so that whoever writes
an entry (an editor, `timeline new`, `timeline import`, the CMS) writes the same bytes for the same
values, and a diff shows only what changed. The fields come in the schema's order, each value in
the way its shape is written (config/schema.py says how). `timeline fmt` rewrites an existing file
into this style without changing a value; the CMS's format (theme/static/admin.js) is a line-for-line
twin of `front_matter` below, handed its rules by the page (`rules`), and a test holds the two to
the same output.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Mapping, Optional

import yaml

from ..config.schema import Field, field_named
from ..content.frontmatter import BOUNDARY, EntryFile, bool_value, describe, is_bool, mapping_items, scalar
from ..core.errors import Problems

# An id YAML reads back as the same text without quotes: lowercase letters, digits, '.', '_' and '-',
# not a number (2024, 1_000, 0x1f, 12e3) and not one of YAML's words for true, false and null. The
# pattern is written for a whole-string match in Python and JavaScript alike: the CMS's script is
# handed it (and the words) by the admin page, from `rules()`.
PLAIN_ID_PATTERN = r"(?![0-9._+-]*$)(?!0[xob])(?![0-9]+e)[a-z0-9][a-z0-9._-]*"
PLAIN_ID = re.compile(PLAIN_ID_PATTERN)
YAML_WORDS = ("y", "n", "yes", "no", "on", "off", "true", "false", "null")
SLUG_WORDS = 6  # a generated slug keeps the title's first words: an address to type and to read
# Characters JSON leaves bare that YAML refuses or reads as a line break inside quotes: escaped.
_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
Values = Mapping[str, Any]  # a field's value: text, True/False, a list of text, or a list of {name: value}


def rules() -> dict:
    """What the CMS's twin of this module (theme/static/admin.js) is handed by the admin page, so
    that no rule is written twice: which ids go unquoted, and how many of a title's words make a
    new entry's file name."""
    return {"plain_id": PLAIN_ID_PATTERN, "yaml_words": list(YAML_WORDS), "slug_words": SLUG_WORDS}


def front_matter(fields: tuple[Field, ...], values: Values) -> str:
    """The lines between the '---' lines, in the house style. A field that is absent, None or
    empty text is left out; an empty list is written, as `[]` (it asks to be filled in)."""
    lines = []
    for field in fields:
        value = values.get(field.name)
        if value is None or value == "":
            continue
        if field.shape == "items":
            lines += _items(field, value)
        elif field.shape in ("ids", "texts"):
            shape = "id" if field.shape == "ids" else "text"
            lines.append(f"{field.name}: [{', '.join(written(shape, item) for item in value)}]")
        else:
            lines.append(f"{field.name}: {written(field.shape, value)}")
    return "".join(line + "\n" for line in lines)


def _items(field: Field, items: list) -> list[str]:
    if not items:
        return [f"{field.name}: []"]
    lines = [f"{field.name}:"]
    for item in items:
        inner = front_matter(field.fields, item).splitlines() or ["{}"]
        lines += [f"  - {inner[0]}", *(f"    {line}" for line in inner[1:])]
    return lines


def written(shape: str, value: Any) -> str:
    """One value as the house style writes it."""
    if shape == "flag":
        return "true" if value is True else "false"
    if shape == "id" and PLAIN_ID.fullmatch(value) and value not in YAML_WORDS:
        return value
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def entry_text(fields: tuple[Field, ...], values: Values, body: str) -> str:
    """A whole entry file: the front matter, a blank line and the body, ending with a newline."""
    body = body.strip("\n")
    return f"---\n{front_matter(fields, values)}---\n" + (f"\n{body}\n" if body else "")


def formatted(entry: EntryFile, text: str, fields: tuple[Field, ...], problems: Problems,
              party_id: Callable[[str], Optional[str]] = lambda name: None) -> Optional[str]:
    """The file's text with its front matter in the house style, and the body after one blank line,
    byte for byte but for blank lines around it; None (with problems recorded) when that would lose
    something: a comment, or a field it cannot place. `party_id`: the id of a party named by its
    name or an alias (the same party, written as the CMS's list of parties writes it)."""
    before = len(problems.errors)
    front_start = BOUNDARY.match(text).end()
    closing = BOUNDARY.search(text, front_start)
    _refuse_comments(entry, text[front_start:closing.start()], problems)
    values = _values(entry, entry.fields, fields, problems, "")
    if len(problems.errors) > before:
        return None
    if isinstance(values.get("parties"), list):
        values["parties"] = [party_id(name) or name for name in values["parties"]]
    return entry_text(fields, values, text[closing.end():])


def _values(entry: EntryFile, mapping: yaml.MappingNode, fields: tuple[Field, ...], problems: Problems,
            prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, key_node, node in mapping_items(mapping, entry, problems, prefix):
        field = field_named(fields, key)
        if field is None:
            problems.error(entry.path, entry.line(key_node), prefix + key, "unknown field",
                           "fix it first: timeline check says more")
            continue
        values[key] = _value(entry, node, field, problems, prefix + key)
    return values


def _value(entry: EntryFile, node: yaml.Node, field: Field, problems: Problems, name: str) -> Any:
    def refuse(expected: str) -> None:
        problems.error(entry.path, entry.line(node), name, f"expected {expected}, got {describe(node)}",
                       "fix it first: timeline check says more")

    if isinstance(node, yaml.ScalarNode) and scalar(node) is None:
        return None
    if field.shape == "flag":
        return bool_value(node) if is_bool(node) else refuse("true or false")
    if field.shape in ("ids", "texts"):
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not all(isinstance(item, yaml.ScalarNode) and scalar(item) is not None for item in items):
            return refuse("a list of names")
        return [scalar(item) for item in items]
    if field.shape == "items":
        if not isinstance(node, yaml.SequenceNode) or not all(isinstance(i, yaml.MappingNode) for i in node.value):
            return refuse(f"a list of '- {field.fields[0].name}: ...' items")
        return [_values(entry, item, field.fields, problems, f"{name}[{index}].")
                for index, item in enumerate(node.value)]
    return scalar(node) if isinstance(node, yaml.ScalarNode) else refuse("a single value")


def _refuse_comments(entry: EntryFile, yaml_text: str, problems: Problems) -> None:
    """A '#' outside every value starts a comment, which the house style has no place for."""
    spans, todo = [], [entry.fields]
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(item for pair in node.value for item in pair)
    inside = sorted(spans)
    for match in re.finditer("#", yaml_text):
        at = match.start()
        if not any(start <= at < end for start, end in inside):
            line = entry.line_offset + yaml_text.count("\n", 0, at)
            problems.error(entry.path, line, "front matter", "has a comment, which formatting would lose",
                           "move what it says into the body, or remove it")
