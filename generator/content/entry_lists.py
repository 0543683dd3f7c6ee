"""The list fields of an entry, each item a small mapping read with its line: typed relations,
milestones and corrections; and the day-precision dates that revisions are stamped with."""

from __future__ import annotations

from typing import Callable, Optional

import yaml

from ..config import Kind
from ..config.schema import CORRECTIONS, MILESTONES, RELATED, names
from ..core.dates import PartialDate
from ..core.errors import did_you_mean, one_of
from ..model.relations import RELATIONS
from ..model.timeline import Correction, Milestone, Relation
from .frontmatter import FieldReader

RELATED_KEYS = names(RELATED)
MILESTONE_KEYS = names(MILESTONES)
CORRECTION_KEYS = names(CORRECTIONS)
StatusCheck = Callable[[FieldReader, yaml.Node, str, Kind, str], None]


def read_related(reader: FieldReader, node: yaml.Node) -> tuple[Relation, ...]:
    result = []
    for index, item in enumerate(reader.items(node, "related")):
        name = f"related[{index}]"
        fields = reader.fields(item, name, RELATED_KEYS)
        if not fields and isinstance(item, yaml.MappingNode):
            reader.error(item, name, "is empty", "write {event: <slug>, as: see-also}")
        target = reader.text(fields["event"], f"{name}.event", required=True) if "event" in fields else None
        kind = reader.text(fields["as"], f"{name}.as", required=True) if "as" in fields else None
        for key in RELATED_KEYS:
            if fields and key not in fields:
                reader.error(item, f"{name}.{key}", "missing", "write {event: <slug>, as: <relation>}")
        if kind is not None and kind not in RELATIONS:
            reader.error(fields["as"], f"{name}.as", f"unknown relation '{kind}'",
                         did_you_mean(kind, RELATIONS) or one_of(RELATIONS))
        elif target and kind and any(r.target == target and r.type == kind for r in result):
            reader.error(item, name, f"'{kind}' '{target}' is listed twice")
        elif target and kind:
            result.append(Relation(kind, target, reader.entry.line(item)))
    return tuple(result)


def read_milestones(reader: FieldReader, node: Optional[yaml.Node], kind: Optional[Kind],
                    check_status: StatusCheck) -> list[Milestone]:
    if node is None:
        return []
    result = []
    for index, item in enumerate(reader.items(node, "milestones")):
        name = f"milestones[{index}]"
        fields = reader.fields(item, name, MILESTONE_KEYS)
        for key in ("date", "status"):
            if isinstance(item, yaml.MappingNode) and key not in fields:
                reader.error(item, f"{name}.{key}", "missing")
        date = reader.date(fields["date"], f"{name}.date") if "date" in fields else None
        status = reader.text(fields["status"], f"{name}.status", required=True) if "status" in fields else None
        note = reader.text(fields["note"], f"{name}.note") if "note" in fields else ""
        if kind and status:
            check_status(reader, fields["status"], f"{name}.status", kind, status)
        if date and status:
            result.append(Milestone(date, status, note or "", reader.entry.line(fields["status"])))
    return sorted(result, key=lambda m: (m.date.first_day(), m.date.rank))


def read_corrections(reader: FieldReader, node: yaml.Node) -> tuple[Correction, ...]:
    """`corrections:`, each `{date: YYYY-MM-DD, note: what was wrong}`, oldest first."""
    result = []
    for index, item in enumerate(reader.items(node, "corrections")):
        name = f"corrections[{index}]"
        fields = reader.fields(item, name, CORRECTION_KEYS)
        for key in CORRECTION_KEYS:
            if isinstance(item, yaml.MappingNode) and key not in fields:
                reader.error(item, f"{name}.{key}", "missing", "write {date: YYYY-MM-DD, note: what was corrected}")
        date = read_day(reader, fields["date"], f"{name}.date") if "date" in fields else None
        note = reader.text(fields["note"], f"{name}.note", required=True) if "note" in fields else None
        if date and note:
            result.append(Correction(date, note, reader.entry.line(item)))
    return tuple(sorted(result, key=lambda c: c.date))


def read_day(reader: FieldReader, node: yaml.Node, name: str) -> Optional[PartialDate]:
    """A revision's date: a whole day (an edit was made on a day, not in a month)."""
    date = reader.date(node, name)
    if date is not None and date.precision != "day":
        reader.error(node, name, f"expected YYYY-MM-DD, got '{date.iso()}'", "the day the entry was revised")
        return None
    return date
