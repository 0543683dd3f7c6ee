"""Reading an entry file: bytes -> text -> front matter YAML nodes (with line numbers) + body.

We split with python-frontmatter's own boundary pattern and parse with its YAML loader (libyaml's
C loader when present), but stop at the node tree instead of building Python values: nodes keep
the line of every field, let us see duplicate keys (PyYAML silently keeps the last), and give the
raw text of scalars, so `date: 2024-06` keeps its precision whatever YAML would resolve it to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import yaml
from frontmatter.default_handlers import SafeLoader, YAMLHandler

from ..core.characters import HINT, first_unsafe_line, unsafe_character
from ..core.dates import PartialDate, parse_partial_date
from ..core.errors import Problems, did_you_mean, one_of
from ..core.textfile import read_text

BOUNDARY = YAMLHandler.FM_BOUNDARY
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
# The plain tags YAML gives values by itself (written out, like !!str, they are allowed too).
# Others (!!binary, !!python/..., !custom) would be silently read as something else; `<<` merge
# keys (tag:yaml.org,2002:merge) are refused too: the entry format is flat, one field per line.
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                       ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
MAX_ENTRY_BYTES = 1_000_000
MAX_TEXT = 10_000  # characters in one text field
MAX_ITEMS = 1_000  # items in one list (parties, tags, sources ...): more is a mistake, and costly


@dataclass(frozen=True)
class EntryFile:
    """A parsed entry: its front matter as a YAML mapping node, and its Markdown body."""

    path: str  # as shown in messages: relative to the project root
    fields: yaml.MappingNode
    line_offset: int  # add to a node's 0-based line to get the file's 1-based line
    body: str
    body_line: int
    fingerprint: str  # a hash of the file's text
    front_fingerprint: str  # a hash of the front matter alone

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.line_offset


def read_entry_file(file: Path, shown_as: str, problems: Problems) -> Optional[EntryFile]:
    """Parse one entry file; on failure record a problem and return None."""
    text = read_entry_text(file, shown_as, problems)
    return parse_entry(text, shown_as, problems) if text is not None else None


def read_entry_text(file: Path, shown_as: str, problems: Problems) -> Optional[str]:
    """An entry file's text, if it is not too big and is UTF-8; else None, with a problem."""
    size = file.stat().st_size
    if size > MAX_ENTRY_BYTES:
        problems.error(shown_as, 1, "", f"file is {size:,} bytes; an entry may be at most {MAX_ENTRY_BYTES:,}",
                       "move long material into a source")
        return None
    return read_text(file, shown_as, problems)


def parse_entry(text: str, shown_as: str, problems: Problems) -> Optional[EntryFile]:
    """An entry's text -> its front matter's nodes and its body; None, with a problem, if it has none."""
    opening = BOUNDARY.match(text)
    if not opening:
        later = BOUNDARY.search(text)
        hint = (f"the first line must be '---'; there is one on line {text.count(chr(10), 0, later.start()) + 1}"
                if later else "start the file with a line '---'")
        problems.error(shown_as, 1, "front matter", "missing", hint)
        return None
    closing = BOUNDARY.search(text, opening.end())
    if not closing:
        problems.error(shown_as, 1, "front matter", "no closing '---' line", "end the front matter with '---'")
        return None
    yaml_text = text[opening.end():closing.start()]
    offset = text.count("\n", 0, opening.end()) + 1
    node = _compose(yaml_text, shown_as, offset, problems)
    if node is None:
        return None
    body = text[closing.end():].lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if unsafe_character(body):  # an error, and the front matter is still read (every problem in one run)
        problems.error(shown_as, body_line + first_unsafe_line(body) - 1, "body", unsafe_character(body), HINT)
    fingerprint = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    front_fingerprint = hashlib.sha1(yaml_text.encode("utf-8", "surrogatepass")).hexdigest()
    return EntryFile(shown_as, node, offset, body, body_line, fingerprint, front_fingerprint)


def _compose(yaml_text: str, shown_as: str, offset: int, problems: Problems) -> Optional[yaml.MappingNode]:
    loader = SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else offset
        problems.error(shown_as, line, "front matter", f"invalid YAML: {exc.problem or exc.context}",
                       _yaml_hint(exc, yaml_text))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        line = offset + yaml_text.count("\n", 0, exc.position)
        problems.error(shown_as, line, "front matter", f"invalid YAML: character {chr(exc.character)!r} "
                       "is not allowed", "remove it")
        return None
    except yaml.YAMLError as exc:
        problems.error(shown_as, offset, "front matter", f"invalid YAML: {str(exc).splitlines()[0]}")
        return None
    finally:
        loader.dispose()
    if node is None or (node.tag == _NULL and isinstance(node, yaml.ScalarNode)):
        problems.error(shown_as, offset, "front matter", "is empty", "add at least title, date, kind and sources")
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.error(shown_as, offset + node.start_mark.line, "front matter",
                       f"expected a mapping of fields, got {describe(node)}", "write one 'field: value' per line")
        return None
    return node if _plain_tags_only(node, shown_as, offset, problems) else None


def _plain_tags_only(root: yaml.Node, shown_as: str, offset: int, problems: Problems) -> bool:
    """True if every node has one of the plain tags; else a problem for each that does not."""
    ok, seen, todo = True, set(), [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            ok = False
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            if tag == "!!merge":
                problems.error(shown_as, offset + node.start_mark.line, "front matter",
                               "merge keys ('<<') are not supported", "write the fields out in this entry")
            else:
                problems.error(shown_as, offset + node.start_mark.line, "front matter",
                               f"the YAML tag '{tag}' is not allowed", "remove the tag and write the value plainly")
        if isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(item for pair in node.value for item in pair)
    return ok


def _yaml_hint(exc: yaml.MarkedYAMLError, yaml_text: str) -> str:
    """A fix for the YAML mistakes editors make most."""
    problem = str(exc.problem or "")
    mark = exc.problem_mark
    lines = yaml_text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    char = line[mark.column] if mark and mark.column < len(line) else ""
    if char == "\t" or "\\t" in problem:
        return "YAML does not allow tabs for indentation; use spaces"
    if "mapping values are not allowed" in problem:
        return "put quotes around a value that contains ': '"
    if "undefined alias" in problem:
        return "'*' starts an alias in YAML; put quotes around the value"
    if "cannot start any token" in problem and char:
        return f"put quotes around a value that starts with '{char}'"
    if "could not find expected ':'" in problem:
        return "each line should be 'field: value'; quote values that span lines"
    return ""


def mapping_items(mapping: yaml.MappingNode, entry: EntryFile, problems: Problems,
                  prefix: str = "") -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """(key, key node, value node) for each pair, reporting duplicate and non-text keys."""
    seen: dict[str, int] = {}
    for key_node, value_node in mapping.value:
        key = scalar(key_node)
        if not isinstance(key_node, yaml.ScalarNode) or key is None:
            problems.error(entry.path, entry.line(key_node), prefix.rstrip(".") or "front matter",
                           f"a field name must be text, got {describe(key_node)}")
            continue
        if key in seen:
            problems.error(entry.path, entry.line(key_node), prefix + key,
                           f"duplicate field (first set on line {seen[key]})", "keep one of them")
            continue
        seen[key] = entry.line(key_node)
        yield key, key_node, value_node


def scalar(node: yaml.Node) -> Optional[str]:
    """The raw text of a scalar node; None for null or a non-scalar."""
    if not isinstance(node, yaml.ScalarNode) or (node.tag == _NULL and not node.style):
        return None
    return node.value


def is_bool(node: yaml.Node) -> bool:
    """A YAML boolean, or the text "true"/"false" in quotes (what the editor meant is clear)."""
    return isinstance(node, yaml.ScalarNode) and (
        node.tag == _BOOL or (node.tag == _STR and node.value.lower() in ("true", "false")))


def bool_value(node: yaml.Node) -> bool:
    return node.value.lower() in ("true", "yes", "on", "y")


def describe(node: yaml.Node) -> str:
    """How to name a node's type in a message."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL and not node.style:
        return "nothing"
    return f"'{node.value}'"


class FieldReader:
    """Reads an entry's fields from their nodes, recording problems against its file and lines.

    Each method returns a clean value, or records a problem and returns None.
    """

    def __init__(self, entry: EntryFile, problems: Problems):
        self.entry, self.problems = entry, problems

    def error(self, node: yaml.Node, name: str, message: str, hint: str = "") -> None:
        self.problems.error(self.entry.path, self.entry.line(node), name, message, hint)

    def text(self, node: yaml.Node, name: str, required: bool = False) -> Optional[str]:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.error(node, name, f"expected text, got {describe(node)}")
            return None
        value = (scalar(node) or "").strip()
        if required and not value:
            self.error(node, name, "must not be empty")
            return None
        if len(value) > MAX_TEXT:
            self.error(node, name, f"is {len(value):,} characters; at most {MAX_TEXT:,}")
            return None
        wrong = unsafe_character(value)
        if wrong:
            self.error(node, name, wrong, HINT)
            return None
        return value

    def date(self, node: yaml.Node, name: str) -> Optional[PartialDate]:
        value = scalar(node)
        if value is None:
            self.error(node, name, f"expected a date, got {describe(node)}", "write YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        try:
            return parse_partial_date(value)
        except ValueError as exc:
            self.error(node, name, str(exc))
            return None

    def flag(self, node: yaml.Node, name: str) -> Optional[bool]:
        if not is_bool(node):
            self.error(node, name, f"expected true or false, got {describe(node)}")
            return None
        return bool_value(node)

    def items(self, node: yaml.Node, name: str, single_allowed: bool = False) -> list[yaml.Node]:
        """The items of a list; a single value counts as a one-item list where allowed."""
        if isinstance(node, yaml.SequenceNode):
            if len(node.value) > MAX_ITEMS:
                self.error(node, name, f"has {len(node.value):,} items; at most {MAX_ITEMS:,}")
                return []
            return list(node.value)
        if single_allowed and isinstance(node, yaml.ScalarNode) and scalar(node) is not None:
            return [node]
        if scalar(node) is None and isinstance(node, yaml.ScalarNode):
            return []
        self.error(node, name, f"expected a list, got {describe(node)}",
                   f"write {name}: [a, b] or one '- item' per line")
        return []

    def fields(self, node: yaml.Node, name: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
        """A nested mapping's fields by name, with unknown and duplicate keys reported."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, name, f"expected a mapping ({', '.join(allowed)}), got {describe(node)}")
            return {}
        result = {}
        for key, key_node, value in mapping_items(node, self.entry, self.problems, f"{name}."):
            if key not in allowed:
                self.error(key_node, f"{name}.{key}", "unknown field", did_you_mean(key, allowed) or one_of(allowed))
                continue
            result[key] = value
        return result
